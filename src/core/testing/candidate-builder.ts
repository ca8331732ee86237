// Candidates for tests and the bench, built from the fields a test cares about: the id, tag and
// question follow from the question and sample (as the pipeline derives them), everything else
// has a plausible default. Typed as `Candidate`, so a field added to the type is added here once
// rather than to every hand-written literal. Not part of the published package.
import { candidateId, parseItemId } from '../ids.js';
import type { Candidate, Question } from '../types.js';

/** Fields to set; `question` (or `questionId`) places the candidate, `sample` numbers it. */
export type CandidateSpec = Partial<Candidate> & { question?: Pick<Question, 'id' | 'tagId'> };

const DEFAULT_QUESTION_ID = 't000000-0';
const DEFAULT_TIME = '2025-01-01T00:00:00.000Z';

export function buildCandidate(spec: CandidateSpec = {}): Candidate {
  const { question, ...fields } = spec;
  const questionId = question?.id ?? fields.questionId ?? DEFAULT_QUESTION_ID;
  const sample = fields.sample ?? 0;
  const tagId = question?.tagId ?? fields.tagId ?? parseItemId(questionId)?.tagId ?? 't000000';
  return {
    id: candidateId(questionId, sample),
    questionId,
    tagId,
    sample,
    reasoning: 'Two plus two is four.',
    answer: 'The answer is 4.',
    finishReason: 'stop',
    usage: { promptTokens: 10, completionTokens: 20 },
    model: 'test-teacher',
    latencyMs: 1,
    createdAt: DEFAULT_TIME,
    ...fields,
  };
}

/** Samples 0 … count-1 of one question; `spec` may vary each sample. */
export function buildCandidates(
  question: Pick<Question, 'id' | 'tagId'>,
  count: number,
  spec: CandidateSpec | ((sample: number) => CandidateSpec) = {},
): Candidate[] {
  return Array.from({ length: count }, (_, sample) => {
    const fields = typeof spec === 'function' ? spec(sample) : spec;
    return buildCandidate({ sample, ...fields, question });
  });
}
