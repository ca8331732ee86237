// Batch requests for the answers stage: every live question of the tags in scope gets samples
// 0..K-1, and a request is written for each sample that has no candidate yet (the same "missing"
// the live answers stage computes, read one tag shard at a time).
import { isStaleCandidate } from '../core/candidate-identity.js';
import { candidateId } from '../core/ids.js';
import { samplesToFill } from '../core/samples-to-fill.js';
import type { Candidate } from '../core/types.js';
import type { ProjectStoreApi } from '../store/store-api.js';
import { BATCH_ENDPOINT, type BatchRequestLine } from './batch-lines.js';
import { customIdOf } from './custom-id.js';
import { answerRequestBody } from './live-request-bodies.js';

export async function* missingAnswerRequests(
  store: ProjectStoreApi,
  tagIds: readonly string[],
  samplesPerQuestion: number,
): AsyncGenerator<BatchRequestLine> {
  for (const tagId of tagIds) {
    const questions = await store.questions(tagId);
    if (questions.length === 0) continue;
    const byQuestion = new Map<string, Candidate[]>();
    for (const candidate of await store.candidates(tagId))
      byQuestion.set(candidate.questionId, [...(byQuestion.get(candidate.questionId) ?? []), candidate]);
    for (const question of questions) {
      const existing = (byQuestion.get(question.id) ?? []).map((candidate) => ({
        sample: candidate.sample,
        stale: isStaleCandidate(candidate, question),
      }));
      for (const sample of samplesToFill(existing, samplesPerQuestion)) {
        const id = candidateId(question.id, sample);
        yield {
          custom_id: customIdOf({ stage: 'answers', candidateId: id }),
          method: 'POST',
          url: BATCH_ENDPOINT,
          body: answerRequestBody(store.config, question.text),
        };
      }
    }
  }
}
