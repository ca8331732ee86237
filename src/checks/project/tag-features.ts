import { createHash } from 'node:crypto';
import { isStaleCandidate } from '../../core/candidate-identity.js';
import type { Candidate, Question } from '../../core/types.js';
import { groupAnswers } from '../answers/answer-groups.js';
import { extractFeatures } from '../features/extract-features.js';
import {
  allocateNumbers,
  copyRow,
  emptyTexts,
  FeatureTable,
  NO_QUESTION_CONTEXT,
  writeQuestionContext,
  writeRow,
} from '../features/feature-table.js';

import type { DuplicateInfo } from './question-index.js';
import { contaminationContext } from '../../selection/contamination-context.js';
import type { StoredMatch } from '../../selection/contamination-file.js';
import { judgeColumns } from '../../selection/judge-columns.js';
import type { StoredJudgement } from '../../core/judgement.js';

export interface TagFeatureInput {
  candidates: readonly Candidate[];
  questions: ReadonlyMap<string, Question>;
  duplicates: ReadonlyMap<string, DuplicateInfo>;
  /** Benchmark items each question repeats (decontaminate); absent: none known. */
  contamination?: ReadonlyMap<string, readonly StoredMatch[]>;
  /** The judge's latest judgement of each candidate (distill judge); absent: none known. */
  judgements?: ReadonlyMap<string, StoredJudgement>;
  language: string;
  /** Fingerprint of the extraction code: rows computed by other code are not reused. */
  fingerprint: string;
  /** The tag's cached table, whose rows are reused for candidates whose text has not changed. */
  previous: FeatureTable | null;
}

/**
 * Identifies what a candidate's own features were computed from: its texts, the
 * language, its question's text (extraction reads the question: a question
 * asking for another language) and the extraction code. Any change gets new features.
 */
export function candidateHash(candidate: Candidate, language: string, question: string, fingerprint: string): string {
  return createHash('sha1')
    .update(question)
    .update('\0')
    .update(candidate.reasoning)
    .update('\0')
    .update(candidate.answer)
    .update('\0')
    .update(candidate.finishReason ?? '')
    .update('\0')
    .update(candidate.refusal ?? '')
    .update('\0')
    .update(language)
    .update('\0')
    .update(fingerprint)
    .digest('base64url')
    .slice(0, 16);
}

/**
 * The feature table of one tag: cached rows where id and text hash match,
 * freshly extracted ones otherwise; then what depends on siblings and questions
 * (answer groups, reference match, duplicates) is recomputed for every row.
 */
export function buildTagTable(input: TagFeatureInput): { table: FeatureTable; extracted: number } {
  const { candidates, previous, language } = input;
  const previousRows = new Map<string, number>();
  if (previous) previous.textColumn('id').forEach((id, row) => previousRows.set(id, row));
  const numbers = allocateNumbers(candidates.length);
  const texts = emptyTexts();
  let extracted = 0;
  candidates.forEach((candidate, row) => {
    const questionText = input.questions.get(candidate.questionId)?.text ?? '';
    const hash = candidateHash(candidate, language, questionText, input.fingerprint);
    const cachedRow = previousRows.get(candidate.id);
    if (previous && cachedRow !== undefined && previous.text('hash', cachedRow) === hash) {
      copyRow(previous, cachedRow, numbers, texts, row);
      return;
    }
    extracted++;
    writeRow(numbers, texts, row, {
      id: candidate.id,
      language,
      hash,
      questionKey: candidate.questionId,
      features: extractFeatures(candidate, language, questionText),
      context: NO_QUESTION_CONTEXT,
    });
  });

  const rowsByQuestion = new Map<string, number[]>();
  candidates.forEach((candidate, row) => {
    const rows = rowsByQuestion.get(candidate.questionId);
    if (rows) rows.push(row);
    else rowsByQuestion.set(candidate.questionId, [row]);
  });
  for (const [questionId, rows] of rowsByQuestion) {
    const question = input.questions.get(questionId);
    const contexts = groupAnswers(
      rows.map((row) => texts.finalAnswer[row]!),
      question?.reference,
      question?.text,
    );
    const duplicate = input.duplicates.get(questionId);
    const traced = rows.filter((row) => numbers.reasoningChars[row]! > 0).length;
    const contamination = contaminationContext(question, input.contamination?.get(questionId));
    const judged = judgeColumns(question, input.judgements);
    rows.forEach((row, i) => {
      writeQuestionContext(numbers, texts, row, {
        ...contexts[i]!,
        traced,
        duplicateSimilarity: duplicate?.similarity ?? 0,
        duplicateOf: duplicate?.of ?? '',
        answersEditedQuestion: question && isStaleCandidate(candidates[row]!, question) ? 1 : 0,
        ...contamination,
        ...judged(candidates[row]!),
      });
    });
  }
  return { table: new FeatureTable(candidates.length, numbers, () => texts), extracted };
}
