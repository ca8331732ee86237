import { createHash } from 'node:crypto';
import { isStaleCandidate, questionTextHash } from '../../core/candidate-identity.js';
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

export interface DuplicateInfo {
  similarity: number;
  /** Text of the earlier question it resembles. */
  of: string;
}

export interface TagFeatureInput {
  candidates: readonly Candidate[];
  questions: ReadonlyMap<string, Question>;
  duplicates: ReadonlyMap<string, DuplicateInfo>;
  language: string;
  /** The tag's cached table, whose rows are reused for candidates whose text has not changed. */
  previous: FeatureTable | null;
}

/** Identifies what a candidate's own features were computed from: an edited text (or question) gets new features. */
export function candidateHash(candidate: Candidate, language: string, question = ''): string {
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
    const hash = candidateHash(candidate, language, questionText);
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
    rows.forEach((row, i) => {
      writeQuestionContext(numbers, texts, row, {
        ...contexts[i]!,
        traced,
        duplicateSimilarity: duplicate?.similarity ?? 0,
        duplicateOf: duplicate?.of ?? '',
        answersEditedQuestion: question && isStaleCandidate(candidates[row]!, question) ? 1 : 0,
      });
    });
  }
  return { table: new FeatureTable(candidates.length, numbers, () => texts), extracted };
}

/** What a tag's context was computed against: when it changes the cache is rebuilt. */
export function tagSource(
  language: string,
  candidateCount: number,
  questions: Iterable<Question>,
  duplicates: ReadonlyMap<string, DuplicateInfo>,
): string {
  const hash = createHash('sha1').update(`${language}\0${candidateCount}\0`);
  for (const question of questions) {
    const duplicate = duplicates.get(question.id);
    // The text too: an edit makes the question's candidates stale.
    hash.update(
      `${question.id}\0${questionTextHash(question.text)}\0${question.reference ?? ''}\0${duplicate ? `${duplicate.similarity}\0${duplicate.of}` : ''}\0`,
    );
  }
  return hash.digest('base64url').slice(0, 22);
}
