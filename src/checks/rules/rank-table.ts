import { rankCandidates, type RankInput } from './choose-preferred.js';
import type { FeatureTable } from '../features/feature-table.js';
import { maskOf, type Rules } from './rules-config.js';
import { verdictOf } from './rules.js';

/**
 * Rank of every row within its question (questionKey), -1 for failing rows; see rankCandidates.
 * `keys`: the rows' question keys when the caller has them (select reads no text column but the ids).
 */
export function rankTable(
  table: FeatureTable,
  masks: Uint32Array,
  rules: Rules,
  keys: readonly string[] = table.textColumn('questionKey'),
): Int32Array {
  const ranks = new Int32Array(table.size).fill(-1);
  const softMask = maskOf(rules.soft);
  const n = table.numbers;
  const rowsByQuestion = new Map<string, number[]>();
  for (let row = 0; row < table.size; row++) {
    const key = keys[row]!;
    const rows = rowsByQuestion.get(key);
    if (rows) rows.push(row);
    else rowsByQuestion.set(key, [row]);
  }
  for (const rows of rowsByQuestion.values()) {
    const inputs: RankInput[] = rows.map((row) => ({
      passing: verdictOf(masks[row]!, rules) === 'pass',
      softFlags: popCount(masks[row]! & softMask),
      referenceMatch: n.referenceMatch[row]!,
      agreesWithMajority: n.agreeingAnswers[row]! > 0 && n.agreeingAnswers[row] === n.majorityAnswers[row],
      tokens: n.reasoningTokens[row]! + n.answerTokens[row]!,
    }));
    const questionRanks = rankCandidates(inputs);
    rows.forEach((row, i) => (ranks[row] = questionRanks[i]!));
  }
  return ranks;
}

function popCount(mask: number): number {
  let count = 0;
  for (let m = mask; m !== 0; m &= m - 1) count++;
  return count;
}
