// Which accepted candidates of a tag survive `--max-per-tag N`. Breadth first: every question's
// first accepted candidate outranks any question's second, so a cap keeps as many distinct
// questions as it can; among equals a seeded hash of the question id decides, so the choice is
// reproducible and not biased towards the questions generated first.
import { seededUnit } from './seeded-hash.js';

export interface CapItem {
  id: string;
  questionId: string;
}

/** Keeps at most `max` items, in their original order. */
export function capItems<T extends CapItem>(items: readonly T[], max: number | undefined, seed: number): T[] {
  if (max === undefined || items.length <= max) return [...items];
  const rankInQuestion = new Map<string, number>();
  const ranked = items.map((item, index) => {
    const rank = rankInQuestion.get(item.questionId) ?? 0;
    rankInQuestion.set(item.questionId, rank + 1);
    return { index, rank, draw: seededUnit(seed, item.questionId) };
  });
  ranked.sort((a, b) => a.rank - b.rank || a.draw - b.draw || a.index - b.index);
  const kept = ranked.slice(0, max).map((entry) => entry.index);
  kept.sort((a, b) => a - b);
  return kept.map((index) => items[index]!);
}
