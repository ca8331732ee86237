// custom_id says which generation item a batch line is for. It is all the import needs to find
// the item again, whatever order the results come back in. Every item names a tag, whose random id
// tells this project's results from another's, except the topic's own sub-tags: their id carries
// a mark of the project (`topic.<mark>`; a bare `topic` from older exports is still read).
import { createHash } from 'node:crypto';
import { parseItemId } from '../core/ids.js';

export type BatchTarget =
  | { stage: 'answers'; candidateId: string }
  /** `stamp`: what the judge was shown and who judged (judge-requests.ts), so a changed candidate's result is not stored. */
  | { stage: 'judge'; candidateId: string; stamp: string }
  /** `total`: how many questions the tag should have once this answer is in. */
  | { stage: 'questions'; tagId: string; total: number }
  /**
   * `total`: how many sub-tags the parent (null: the topic) should have once this answer is in;
   * `project`: the mark of the project that asked, for the topic's sub-tags.
   */
  | { stage: 'tags'; parentId: string | null; total: number; project?: string };

const PREFIX = 'distill';
const TOPIC = 'topic';

export function customIdOf(target: BatchTarget): string {
  switch (target.stage) {
    case 'answers':
      return `${PREFIX}:answers:${target.candidateId}`;
    case 'judge':
      return `${PREFIX}:judge:${target.candidateId}:${target.stamp}`;
    case 'questions':
      return `${PREFIX}:questions:${target.tagId}:${target.total}`;
    case 'tags':
      return `${PREFIX}:tags:${target.parentId ?? (target.project ? `${TOPIC}.${target.project}` : TOPIC)}:${target.total}`;
  }
}

/** A short mark of one project (from when it was made and its topic), for the custom_ids that name no tag. */
export function projectMark(config: { createdAt: string; topic: string }): string {
  return createHash('sha256').update(`${config.createdAt}\n${config.topic}`).digest('hex').slice(0, 8);
}

/** Null for a custom_id distill did not write. */
export function parseCustomId(customId: string): BatchTarget | null {
  const parts = customId.split(':');
  if (parts[0] !== PREFIX) return null;
  if (parts[1] === 'answers' && parts.length === 3) {
    const parsed = parseItemId(parts[2]!);
    return parsed && parsed.sample !== undefined ? { stage: 'answers', candidateId: parts[2]! } : null;
  }
  if (parts[1] === 'judge' && parts.length === 4) {
    const parsed = parseItemId(parts[2]!);
    return parsed && parsed.sample !== undefined && /^[0-9a-f]{12}$/.test(parts[3]!)
      ? { stage: 'judge', candidateId: parts[2]!, stamp: parts[3]! }
      : null;
  }
  const total = Number(parts[3]);
  if (parts.length !== 4 || !Number.isInteger(total) || total < 1) return null;
  if (parts[1] === 'questions' && /^t[0-9a-z]{6}$/.test(parts[2]!)) return { stage: 'questions', tagId: parts[2]!, total };
  if (parts[1] === 'tags') {
    const parent = parts[2]!;
    if (parent === TOPIC) return { stage: 'tags', parentId: null, total };
    const marked = /^topic\.([0-9a-f]{8})$/.exec(parent);
    if (marked) return { stage: 'tags', parentId: null, total, project: marked[1]! };
    if (/^t[0-9a-z]{6}$/.test(parent)) return { stage: 'tags', parentId: parent, total };
  }
  return null;
}

/**
 * Whether a target can be this project's: its tag was made here (deleted or not), or, for the
 * topic's sub-tags, it carries this project's mark (or no mark: an export older than marks).
 */
export function isTargetOf(
  store: { tree: { getAny(id: string): unknown }; config: { createdAt: string; topic: string } },
  target: BatchTarget,
): boolean {
  const tagId = tagIdOfTarget(target);
  if (tagId !== null) return store.tree.getAny(tagId) !== undefined;
  return target.stage !== 'tags' || target.project === undefined || target.project === projectMark(store.config);
}

/** The tag a target belongs to (the parent for tags; null for the topic's own sub-tags). */
export function tagIdOfTarget(target: BatchTarget): string | null {
  switch (target.stage) {
    case 'answers':
    case 'judge':
      return parseItemId(target.candidateId)!.tagId;
    case 'questions':
      return target.tagId;
    case 'tags':
      return target.parentId;
  }
}
