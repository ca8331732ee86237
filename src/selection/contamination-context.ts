// A question's decontamination findings as the checks' columns: how many benchmarks it repeats,
// the flag's detail naming the benchmark and item, and the item's text to show beside it.
import type { Question } from '../core/types.js';
import { questionTextHash, type StoredMatch } from './contamination-file.js';

export interface ContaminationColumns {
  benchmarkMatches: number;
  contaminatedBy: string;
  benchmarkText: string;
}

const CLEAN: ContaminationColumns = { benchmarkMatches: 0, contaminatedBy: '', benchmarkText: '' };

/** Findings for a question's text as it reads now: once it is edited, they no longer hold. */
export function contaminationContext(question: Question | undefined, matches: readonly StoredMatch[] | undefined): ContaminationColumns {
  if (!question || !matches || matches.length === 0) return CLEAN;
  const hash = questionTextHash(question.text);
  const current = matches.filter((match) => match.questionHash === hash);
  if (current.length === 0) return CLEAN;
  return {
    benchmarkMatches: current.length,
    contaminatedBy: current.map(describeMatch).join('; '),
    benchmarkText: current[0]!.text,
  };
}

/** `repeats MATH500 item 12: shares the 8-gram "…"`, or `…: 97% similar`. */
export function describeMatch(match: StoredMatch): string {
  const how =
    match.kind === 'fuzzy'
      ? match.ratio >= 1
        ? 'the same text'
        : `${Math.floor(match.ratio * 100)}% similar (fuzzy ratio)`
      : `shares the ${match.ngram?.split(' ').length ?? 0}-word run "${match.ngram ?? ''}"`;
  return `repeats ${match.benchmark} item ${match.item}: ${how}`;
}
