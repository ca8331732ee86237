// What `select` draws from, read from the checks one tag at a time: per candidate its verdict,
// rank and length; per question the teacher's pass rate over its K candidates (against the
// reference, or the majority answer when there is none).
import { forEachTagVerdicts } from '../checks/project/check-project.js';
import type { ProjectStoreApi } from '../store/store-api.js';
import type { QuestionDifficulty, SelectionCandidate } from './select-pipeline.js';

export interface SelectionInputs {
  candidates: SelectionCandidate[];
  difficulty: Map<string, QuestionDifficulty>;
}

export async function readSelectionInputs(store: ProjectStoreApi): Promise<SelectionInputs> {
  const candidates: SelectionCandidate[] = [];
  const difficulty = new Map<string, QuestionDifficulty>();
  await forEachTagVerdicts(store, ({ tagId, table, ranks, failing }) => {
    const topTag = store.tagPath(tagId)[0] ?? tagId;
    const ids = table.textColumn('id');
    const questions = table.textColumn('questionKey');
    const n = table.numbers;
    const tally = new Map<string, { correct: number; total: number }>();
    for (let row = 0; row < table.size; row++) {
      const questionId = questions[row]!;
      candidates.push({
        id: ids[row]!,
        questionId,
        leafTag: tagId,
        topTag,
        passes: !failing(row),
        rank: ranks[row]!,
        length: n.reasoningTokens[row]! + n.answerTokens[row]!,
      });
      let counts = tally.get(questionId);
      if (!counts) tally.set(questionId, (counts = { correct: 0, total: 0 }));
      counts.total++;
      if (isCorrect(n, row)) counts.correct++;
    }
    for (const [questionId, { correct, total }] of tally) {
      difficulty.set(questionId, { teacherPassRate: total > 0 ? correct / total : null });
    }
  });
  return { candidates, difficulty };
}

/** Correct against the reference; without one, in the largest group of equivalent answers (of at least two). */
function isCorrect(n: Parameters<Parameters<typeof forEachTagVerdicts>[1]>[0]['table']['numbers'], row: number): boolean {
  if (n.hasFinalAnswer[row] === 0) return false;
  if (n.referenceMatch[row] === 1) return true;
  if (n.referenceMatch[row] === 0) return false;
  return n.majorityAnswers[row]! >= 2 && n.agreeingAnswers[row] === n.majorityAnswers[row];
}
