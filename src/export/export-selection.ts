// Which candidates of one tag an export writes: accepted ones of live questions, in question order
// then sample order, capped per tag. Pure, so the split's first pass and the writing pass agree.
import type { Decision, Question } from '../core/types.js';
import { questionIdOfCandidate } from '../core/ids.js';
import { capItems, type CapItem } from './tag-cap.js';

export interface SelectedItem extends CapItem {
  sample: number;
}

export interface TagSelection {
  /** Accepted candidates of live questions (before the cap). */
  accepted: number;
  kept: SelectedItem[];
}

/** Live questions of a tag by id, with their position for ordering. */
export function questionOrder(questions: readonly Question[]): Map<string, number> {
  const order = new Map<string, number>();
  questions.forEach((question, index) => {
    if (!question.deleted) order.set(question.id, index);
  });
  return order;
}

export function acceptedIds(decisions: ReadonlyMap<string, Decision>): string[] {
  const ids: string[] = [];
  for (const [id, decision] of decisions) if (decision.status === 'accepted') ids.push(id);
  return ids;
}

/**
 * The candidate ids a tag's export starts from: the accepted ones, or with `export --selection`
 * the selection's, less any a reviewer rejected since (selecting never overrides a reviewer).
 */
export function idsToExport(task: { only?: readonly string[] }, decisions: ReadonlyMap<string, Decision>): string[] {
  if (!task.only) return acceptedIds(decisions);
  return task.only.filter((id) => decisions.get(id)?.status !== 'rejected');
}

export function selectForExport(
  candidateIds: Iterable<string>,
  order: ReadonlyMap<string, number>,
  maxPerTag: number | undefined,
  seed: number,
): TagSelection {
  const items: SelectedItem[] = [];
  for (const id of candidateIds) {
    const questionId = questionIdOfCandidate(id);
    if (!order.has(questionId)) continue;
    items.push({ id, questionId, sample: Number(id.slice(questionId.length + 1)) });
  }
  items.sort((a, b) => order.get(a.questionId)! - order.get(b.questionId)! || a.sample - b.sample);
  return { accepted: items.length, kept: capItems(items, maxPerTag, seed) };
}
