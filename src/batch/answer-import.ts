// Turns answers-stage results into candidates. A result becomes a candidate only when its question
// is still live and that sample is still missing, so importing the same file twice, or a file that
// overlaps a live run, adds nothing twice. Candidates are appended in groups, not one by one.
import { parseItemId, questionIdOfCandidate } from '../core/ids.js';
import { firstTeacherWithRole } from '../core/teacher-pool-config.js';
import type { Candidate } from '../core/types.js';
import { MalformedCompletionError, parseChatCompletion } from '../llm/index.js';
import type { BatchResultLine } from './batch-lines.js';
import type { BatchStore } from './batch-store.js';
import type { ImportTally } from './import-tally.js';
import { completionBodyOf } from './result-reader.js';
import { saveSoftLabels } from '../pipeline/soft-label-stage.js';
import { LogprobsStore } from '../store/logprobs-store.js';

const APPEND_GROUP = 2_000;

interface TagState {
  /** Question texts by id (the live ones): the final answer's probability needs the question. */
  liveQuestions: Map<string, string>;
  present: Set<string>;
}

export class AnswerImporter {
  private readonly tags = new Map<string, TagState>();
  private readonly liveTagIds: Set<string>;
  private pending: Candidate[] = [];
  private readonly logprobs: LogprobsStore;

  constructor(
    private readonly store: BatchStore,
    private readonly tally: ImportTally,
  ) {
    this.liveTagIds = new Set(store.tags().map((tag) => tag.id));
    this.logprobs = new LogprobsStore(store.dir);
  }

  async add(candidateId: string, result: BatchResultLine): Promise<void> {
    const parsed = parseItemId(candidateId)!;
    const state = await this.tagState(parsed.tagId);
    const questionId = questionIdOfCandidate(candidateId);
    if (!state || !state.liveQuestions.has(questionId)) {
      this.tally.stale += 1;
      return;
    }
    if (state.present.has(candidateId)) {
      this.tally.alreadyPresent += 1;
      return;
    }
    const outcome = completionBodyOf(result);
    if ('failure' in outcome) {
      this.tally.fail('answers', candidateId, outcome.failure);
      return;
    }
    let completion;
    try {
      completion = parseChatCompletion(outcome.body, 0, firstTeacherWithRole(this.store.config, 'answers').logprobsTopK);
    } catch (error) {
      if (!(error instanceof MalformedCompletionError)) throw error;
      this.tally.fail('answers', candidateId, error.message);
      return;
    }
    state.present.add(candidateId);
    const { softLabels, ...text } = completion;
    const candidate: Candidate = {
      id: candidateId,
      questionId,
      tagId: parsed.tagId,
      sample: parsed.sample!,
      ...text,
      model: completion.model || firstTeacherWithRole(this.store.config, 'answers').model,
      teacher: firstTeacherWithRole(this.store.config, 'answers').name,
      // A batch runner does not report per-request latency.
      latencyMs: 0,
      createdAt: new Date().toISOString(),
    };
    this.pending.push(await saveSoftLabels(this.logprobs, candidate, softLabels, state.liveQuestions.get(questionId) ?? ''));
    this.tally.succeed('answers', candidateId, 1);
    if (this.pending.length >= APPEND_GROUP) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    const group = this.pending;
    this.pending = [];
    await this.store.appendCandidates(group);
  }

  private async tagState(tagId: string): Promise<TagState | null> {
    if (!this.liveTagIds.has(tagId)) return null;
    let state = this.tags.get(tagId);
    if (!state) {
      const [questions, candidates] = await Promise.all([this.store.questions(tagId), this.store.candidates(tagId)]);
      state = {
        liveQuestions: new Map(questions.map((question) => [question.id, question.text])),
        present: new Set(candidates.map((candidate) => candidate.id)),
      };
      this.tags.set(tagId, state);
    }
    return state;
  }
}
