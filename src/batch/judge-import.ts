// Turns judge-stage results into judgements, stored as a live `distill judge` stores them
// (data/judgements/<tag>.jsonl). A result is stored only when its candidate still has the text the
// request showed the judge (the stamp in its custom_id) and no judgement holds for that text yet,
// so importing a file twice, or after a live judge run, stores nothing twice. Judgements are
// appended in groups (one fsync per group, not per line).
import { isStaleCandidate } from '../core/candidate-identity.js';
import { parseItemId, questionIdOfCandidate } from '../core/ids.js';
import { judgedQuestionHash, judgementHolds, type StoredJudgement } from '../core/judgement.js';
import { projectTeachers } from '../core/teacher-pool-config.js';
import type { Candidate, Question } from '../core/types.js';
import { MalformedCompletionError, parseChatCompletion } from '../llm/index.js';
import { readJudgeReply } from '../llm/parse-judge-answer.js';
import { JudgementWriter, readJudgements } from '../store/judgement-store.js';
import { totalTokens } from '../pipeline/token-count.js';
import type { BatchResultLine } from './batch-lines.js';
import type { BatchStore } from './batch-store.js';
import type { ImportTally } from './import-tally.js';
import { judgeStamp } from './judge-requests.js';
import { completionBodyOf } from './result-reader.js';

const APPEND_GROUP = 2_000;

interface TagState {
  candidates: Map<string, Candidate>;
  questions: Map<string, Question>;
  judged: Map<string, StoredJudgement>;
}

export class JudgeImporter {
  private readonly tags = new Map<string, TagState | null>();
  private readonly liveTagIds: Set<string>;
  private readonly teacherNames: string[];
  private readonly writer: JudgementWriter;
  private readonly pending = new Map<string, StoredJudgement[]>();
  private pendingCount = 0;

  constructor(
    private readonly store: BatchStore,
    private readonly tally: ImportTally,
  ) {
    this.liveTagIds = new Set(store.tags().map((tag) => tag.id));
    this.teacherNames = projectTeachers(store.config).map((teacher) => teacher.name);
    this.writer = new JudgementWriter(store.dir);
  }

  async add(candidateId: string, stamp: string, result: BatchResultLine): Promise<void> {
    const tagId = parseItemId(candidateId)!.tagId;
    const state = await this.tagState(tagId);
    const candidate = state?.candidates.get(candidateId);
    const question = state?.questions.get(questionIdOfCandidate(candidateId));
    if (!state || !candidate || !question || isStaleCandidate(candidate, question)) {
      this.tally.stale += 1;
      return;
    }
    const questionHash = judgedQuestionHash(question);
    const teacher = this.teacherNames.find((name) => judgeStamp(candidate.gen ?? '', questionHash, name) === stamp);
    if (teacher === undefined) {
      // Regenerated, its question or reference edited, or its judge removed since the export.
      this.tally.stale += 1;
      return;
    }
    const judged = state.judged.get(candidateId);
    if (judged && judgementHolds(judged, candidate, questionHash)) {
      this.tally.alreadyPresent += 1;
      return;
    }
    const outcome = completionBodyOf(result);
    if ('failure' in outcome) {
      this.tally.fail('judge', candidateId, outcome.failure);
      return;
    }
    let completion;
    try {
      completion = parseChatCompletion(outcome.body, 0, 0);
    } catch (error) {
      if (!(error instanceof MalformedCompletionError)) throw error;
      this.tally.fail('judge', candidateId, error.message);
      return;
    }
    const read = readJudgeReply(completion.answer);
    if (!read.ok) {
      const problem =
        completion.finishReason === 'length' ? 'the reply was cut off (finish_reason length) before the JSON ended' : read.problem;
      this.tally.fail('judge', candidateId, `the judge gave no usable judgement: ${problem}`);
      return;
    }
    const judgement: StoredJudgement = {
      id: candidateId,
      gen: candidate.gen ?? '',
      questionHash,
      ...read.reading,
      teacher,
      model: completion.model || (projectTeachers(this.store.config).find((each) => each.name === teacher)?.model ?? ''),
      at: new Date().toISOString(),
      tokens: totalTokens(completion.usage),
      // No cost: a batch is billed at the runner's batch price, which the project does not know.
    };
    state.judged.set(candidateId, judgement);
    this.pending.set(tagId, [...(this.pending.get(tagId) ?? []), judgement]);
    this.pendingCount += 1;
    this.tally.succeed('judge', candidateId, 1);
    if (this.pendingCount >= APPEND_GROUP) await this.flush();
  }

  /** Writes what is pending; resolves once it is on disk. */
  async flush(): Promise<void> {
    const groups = [...this.pending];
    this.pending.clear();
    this.pendingCount = 0;
    await Promise.all(groups.map(([tagId, judgements]) => this.writer.appendAll(tagId, judgements)));
  }

  async close(): Promise<string[]> {
    await this.flush();
    await this.writer.close();
    return this.writer.warnings;
  }

  private async tagState(tagId: string): Promise<TagState | null> {
    if (!this.liveTagIds.has(tagId)) return null;
    let state = this.tags.get(tagId);
    if (state === undefined) {
      const [questions, candidates, judged] = await Promise.all([
        this.store.questions(tagId),
        this.store.candidates(tagId),
        readJudgements(this.store.dir, tagId),
      ]);
      state = {
        candidates: new Map(candidates.map((candidate) => [candidate.id, candidate])),
        questions: new Map(questions.filter((question) => !question.deleted).map((question) => [question.id, question])),
        judged,
      };
      this.tags.set(tagId, state);
    }
    return state;
  }
}
