import { createHash } from 'node:crypto';
import type { Question } from '../../core/types.js';
import { DuplicateFinder, SIGNATURE_LENGTH } from './near-duplicates.js';

/** What the near-duplicate check found for one question: the earlier question it nearly repeats. */
export interface DuplicateInfo {
  similarity: number;
  /** Text of the earlier question it resembles. */
  of: string;
}

/** One question as the index holds it, in the order questions joined the index. */
export interface IndexedQuestion {
  id: string;
  tagId: string;
  /** Hash of the text: an edited question is a new entry. */
  textHash: string;
  text: string;
  signature: Uint32Array;
  /** The earlier question it nearly repeats (an id), and how similar they are; null when none. */
  match: { of: string; similarity: number } | null;
}

/** The index's state as stored: entries, and the store's version of each tag's questions they reflect. */
export interface QuestionIndexState {
  entries: IndexedQuestion[];
  tagVersions: Map<string, string>;
}

export function textHash(text: string): string {
  return createHash('sha1').update(text).digest('base64url').slice(0, 12);
}

/** Questions in the order the index takes them: by when they were written (created or last edited), then as listed. */
export function indexOrder(questions: readonly Question[]): Question[] {
  const at = (question: Question): string => question.editedAt ?? question.createdAt;
  return questions
    .map((question, position) => ({ question, position }))
    .sort((a, b) => (at(a.question) < at(b.question) ? -1 : at(a.question) > at(b.question) ? 1 : a.position - b.position))
    .map(({ question }) => question);
}

/**
 * The project's questions for the near-duplicate check, kept across checks so
 * that a check after a change does the work of what changed only. Each question
 * is compared with those that joined before it (created or edited earlier); the
 * first of a group of duplicates is the one to keep. A question that joins later
 * is compared with everything already in; one whose match was removed is
 * compared again. Earlier results stand, so results depend on the order in
 * which questions arrived, as a reviewer would expect ("this repeats an
 * earlier question").
 */
export class QuestionIndex {
  private entries: IndexedQuestion[];
  readonly tagVersions: Map<string, string>;

  constructor(state: QuestionIndexState = { entries: [], tagVersions: new Map() }) {
    this.entries = state.entries;
    this.tagVersions = state.tagVersions;
  }

  get state(): QuestionIndexState {
    return { entries: this.entries, tagVersions: this.tagVersions };
  }

  /**
   * Replaces the questions of the given tags by their current lists (an empty
   * list for a deleted tag): unchanged questions keep their place and result,
   * new and edited ones join at the end, and questions whose match is gone are
   * compared again. Returns how many questions were compared.
   */
  update(changes: ReadonlyMap<string, { version: string; questions: readonly Question[] }>): number {
    const current = new Map<string, Question>();
    for (const { questions } of changes.values()) for (const question of questions) current.set(question.id, question);
    const kept: IndexedQuestion[] = [];
    const removed = new Set<string>();
    const known = new Set<string>();
    for (const entry of this.entries) {
      if (!changes.has(entry.tagId)) kept.push(entry);
      else {
        const question = current.get(entry.id);
        if (question && textHash(question.text) === entry.textHash) {
          kept.push(entry);
          known.add(entry.id);
        } else removed.add(entry.id);
      }
    }
    const joining = indexOrder([...current.values()].filter((question) => !known.has(question.id)));
    const finder = new DuplicateFinder();
    let compared = 0;
    // Questions already in join the buckets as they were; only those that lost their match look again.
    for (const entry of kept) {
      const again = entry.match !== null && removed.has(entry.match.of);
      const match = finder.add(entry.text, { signature: entry.signature, compare: again });
      if (again) {
        entry.match = match ? { of: kept[match.of]!.id, similarity: round(match.similarity) } : null;
        compared++;
      }
    }
    const all = [...kept];
    for (const question of joining) {
      const match = finder.add(question.text);
      all.push({
        id: question.id,
        tagId: question.tagId,
        textHash: textHash(question.text),
        text: question.text,
        signature: EMPTY_SIGNATURE,
        match: match ? { of: all[match.of]!.id, similarity: round(match.similarity) } : null,
      });
      compared++;
    }
    // Signatures become views of the finder's one pool (the finder itself is let go).
    all.forEach((entry, index) => (entry.signature = finder.signature(index)));
    this.entries = all;
    for (const [tagId, { version }] of changes) {
      if (version === '') this.tagVersions.delete(tagId);
      else this.tagVersions.set(tagId, version);
    }
    return compared;
  }

  /** Each tag's findings, by question id (questions that repeat none are left out). */
  findingsByTag(): Map<string, Map<string, DuplicateInfo>> {
    const texts = new Map(this.entries.map((entry) => [entry.id, entry.text]));
    const byTag = new Map<string, Map<string, DuplicateInfo>>();
    for (const entry of this.entries) {
      if (!entry.match) continue;
      let found = byTag.get(entry.tagId);
      if (!found) byTag.set(entry.tagId, (found = new Map<string, DuplicateInfo>()));
      found.set(entry.id, { similarity: entry.match.similarity, of: texts.get(entry.match.of) ?? '' });
    }
    return byTag;
  }

  /** Every question's finding, by question id. */
  findings(): Map<string, DuplicateInfo> {
    return new Map([...this.findingsByTag().values()].flatMap((found) => [...found]));
  }

  /** A digest of each tag's findings (NO_FINDINGS_DIGEST for a tag whose questions repeat none): a tag's cached features stay valid while its digest does. */
  digests(): Map<string, string> {
    const hashes = new Map<string, ReturnType<typeof createHash> | null>();
    const textHashes = new Map(this.entries.map((entry) => [entry.id, entry.textHash]));
    for (const entry of this.entries) {
      let hash = hashes.get(entry.tagId) ?? null;
      if (entry.match) {
        if (!hash) hashes.set(entry.tagId, (hash = createHash('sha1')));
        hash.update(`${entry.id}\0${entry.match.similarity}\0${textHashes.get(entry.match.of) ?? ''}\0`);
      } else if (!hashes.has(entry.tagId)) hashes.set(entry.tagId, null);
    }
    return new Map([...hashes].map(([tagId, hash]) => [tagId, hash ? hash.digest('base64url').slice(0, 16) : NO_FINDINGS_DIGEST]));
  }
}

/** The digest of a tag none of whose questions repeats an earlier one. */
export const NO_FINDINGS_DIGEST = 'none';

const EMPTY_SIGNATURE = new Uint32Array(SIGNATURE_LENGTH);

function round(similarity: number): number {
  return Math.round(similarity * 1000) / 1000;
}
