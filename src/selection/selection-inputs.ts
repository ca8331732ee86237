// What `select` draws from, read from the checks one tag at a time and reduced there to one entry
// per question: its preferred passing candidate (rank and length), and the teacher's pass rate
// over its K candidates (against the reference, or the majority answer when there is none).
// Only the ids and seven numeric columns of each tag are read, never the candidates' texts.
import { forEachTagSelectionRows, projectRules } from '../checks/project/check-project.js';
import type { NumericColumns } from '../checks/features/feature-table.js';
import { rankTable } from '../checks/rules/rank-table.js';
import { ALL_RULES_MASK } from '../checks/rules/rule-ids.js';
import { failingMask } from '../checks/rules/rules.js';
import { questionIdOfCandidate } from '../core/ids.js';
import type { ProjectStoreApi } from '../store/store-api.js';
import { RejectedCandidates } from './rejected-candidates.js';
import { SelectionPool } from './selection-pool.js';

const COLUMNS = [
  'answersEditedQuestion',
  'hasFinalAnswer',
  'referenceMatch',
  'majorityAnswers',
  'agreeingAnswers',
  'reasoningTokens',
  'answerTokens',
] as const;

export async function readSelectionPool(store: ProjectStoreApi): Promise<SelectionPool> {
  const pool = new SelectionPool();
  const rules = projectRules(store);
  const failing = failingMask(rules);
  const rejected = new RejectedCandidates(store);
  await forEachTagSelectionRows(
    store,
    COLUMNS,
    async ({ tagId, ids, table, masks }) => {
      const topTag = store.tagPath(tagId)[0] ?? tagId;
      const n = table.numbers;
      const refused = await rejected.of(tagId);
      // A reviewer's rejection, or an answer to a question edited since (stale), counts as failing.
      const out = new Uint8Array(table.size);
      for (let row = 0; row < table.size; row++) {
        if (n.answersEditedQuestion[row]! > 0 || refused.has(ids[row]!)) {
          masks[row] = ALL_RULES_MASK;
          out[row] = 1;
        }
      }
      const keys = ids.map(questionIdOfCandidate);
      const ranks = rankTable(table, masks, rules, keys);
      // Rows of one question, in the order they come: best (lowest rank, then id) and the tally.
      const questions = new Map<string, { best: number; correct: number; total: number }>();
      for (let row = 0; row < table.size; row++) {
        const questionId = keys[row]!;
        let entry = questions.get(questionId);
        if (!entry) questions.set(questionId, (entry = { best: -1, correct: 0, total: 0 }));
        entry.total++;
        if (isCorrect(n, row)) entry.correct++;
        if (out[row] === 1 || (masks[row]! & failing) !== 0 || ranks[row]! < 0) continue;
        const held = entry.best;
        if (held < 0 || ranks[row]! < ranks[held]! || (ranks[row] === ranks[held] && ids[row]! < ids[held]!)) entry.best = row;
      }
      for (const [questionId, { best, correct, total }] of questions) {
        pool.add({
          questionId,
          leafTag: tagId,
          topTag,
          best: best < 0 ? null : { id: ids[best]!, length: n.reasoningTokens[best]! + n.answerTokens[best]! },
          teacherPassRate: total > 0 ? correct / total : null,
        });
      }
    },
    rules,
  );
  return pool;
}

/** Correct against the reference; without one, in the largest group of equivalent answers (of at least two). */
function isCorrect(n: Readonly<NumericColumns>, row: number): boolean {
  if (n.hasFinalAnswer[row] === 0) return false;
  if (n.referenceMatch[row] === 1) return true;
  if (n.referenceMatch[row] === 0) return false;
  return n.majorityAnswers[row]! >= 2 && n.agreeingAnswers[row] === n.majorityAnswers[row];
}
