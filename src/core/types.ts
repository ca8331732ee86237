// The domain of distill: plain data, shared by every layer. No I/O here.

export type Language = 'en' | 'zh';
export const LANGUAGES: readonly Language[] = ['en', 'zh'];

/** A node of the tag tree. The project's topic is the root and is not a tag. */
export interface Tag {
  /** Short, stable, never reused: `t` + 6 base36 chars. */
  id: string;
  /** null for a top-level tag (a direct sub-topic of the project's topic). */
  parentId: string | null;
  name: string;
  origin: 'generated' | 'manual';
  createdAt: string;
  /** Tombstone: deleted tags stay in the file so that undo and late writers do no harm. */
  deleted?: boolean;
  deletedAt?: string;
}

export type Difficulty = 'easy' | 'medium' | 'hard';

export interface Question {
  /** `${tagId}-${seq}`: the tag id is recoverable from every question id. */
  id: string;
  tagId: string;
  text: string;
  difficulty?: Difficulty;
  /** A known correct final answer, when one was given (by hand or by a fixture). */
  reference?: string;
  origin: 'generated' | 'manual';
  createdAt: string;
  /** Set when a reviewer edited the text by hand. */
  editedAt?: string;
  /**
   * questionTextHash of the text before the first edit: what the candidates that carry no
   * questionHash of their own (written before candidates recorded one) answered.
   */
  baseTextHash?: string;
  deleted?: boolean;
}

export interface TokenUsage {
  promptTokens: number;
  completionTokens: number;
  /** Reported by some servers (OpenAI o-series, DeepSeek) inside completion_tokens_details. */
  reasoningTokens?: number;
}

/** What the teacher said, as the client hands it over. */
export interface TeacherAnswer {
  /** The reasoning trace ('' when the model gave none). */
  reasoning: string;
  /** The final answer text, without the reasoning. */
  answer: string;
  /** As reported by the server: 'stop', 'length' (cut off: kept, not an error), 'content_filter', … or null. */
  finishReason: string | null;
  /** The server's refusal message (OpenAI's `message.refusal`, sent with `content: null`), when it refused. */
  refusal?: string;
  usage: TokenUsage | null;
  model: string;
  latencyMs: number;
}

/** One teacher answer to one question (one sample of rejection sampling). */
export interface Candidate extends TeacherAnswer {
  /** `${questionId}-${sample}`: sample k of the question, so a rerun can tell exactly which are missing. */
  id: string;
  questionId: string;
  tagId: string;
  /** 0-based sample index within the question. */
  sample: number;
  /** Name of the pool teacher that wrote it (absent on candidates from before teacher pools). */
  teacher?: string;
  /**
   * Random, assigned when the candidate is appended: tells this text from any later one
   * written under the same id (a shard that lost lines and was regenerated). Decisions
   * record it and apply only to the candidate that carries it. Absent in older projects.
   */
  gen?: string;
  /** questionTextHash of the question text the teacher answered; absent in older projects. */
  questionHash?: string;
  /** When its teacher was asked for logprobs: their summary (the tokens are in data/logprobs/), or why they were dropped. */
  logprobs?: CandidateLogprobs;
  createdAt: string;
}

/** What a candidate record keeps of its logprobs (the tokens themselves are in the sidecar). */
export interface LogprobsSummary {
  topK: number;
  tokens: number;
  /** Mean and lowest log-probability of the sampled tokens, reasoning and answer together. */
  meanLogprob: number;
  minLogprob: number;
  /** Sum of the log-probabilities of the tokens that spell the final answer: log P(final answer); null when none was found. */
  finalAnswerLogprob: number | null;
}

/** Logprobs asked for and not kept: why (shown in the candidate's detail). */
export interface LogprobsDropped {
  dropped: string;
}

export type CandidateLogprobs = LogprobsSummary | LogprobsDropped;

export type CandidateStatus = 'pending' | 'accepted' | 'rejected';

/**
 * A line of the decision journal. Entries carry the full new status (not a delta),
 * so replaying a journal is idempotent and "undo" is just another entry.
 */
export interface DecisionEntry {
  id: string;
  status: CandidateStatus;
  reason?: string;
  /** ISO time the reviewer decided. */
  at: string;
  /** Who decided; absent in journals written before reviewers were recorded. */
  reviewer?: string;
  /** The candidate's `gen` when it was decided: the decision applies to that text only. */
  gen?: string;
  /** questionTextHash of the question as the reviewer saw it: an edit of the question suspends the decision. */
  questionHash?: string;
  /** An adjudicator's decision: final, whatever the reviewers said. */
  adjudicator?: true;
  /** On an undo line: the `at` of the reviewer's own decision it reverts. */
  undoes?: string;
}

/** The decision in effect for a candidate, after reviewers, adjudicator, identity and edits are weighed. */
export interface Decision {
  status: CandidateStatus;
  reason?: string;
  at: string;
  reviewer?: string;
  /** Set when an adjudicator made it. */
  adjudicated?: true;
}

export type Stage = 'tags' | 'questions' | 'answers' | 'judge';

/** A generation item that still failed after the client's retries; the next run retries it. */
export interface Failure {
  stage: Stage;
  /** Tag id (tags, questions) or candidate id (answers). */
  target: string;
  reason: string;
  at: string;
  attempts: number;
}

export interface ModelEndpoint {
  /** 'offline' starts the built-in loopback teacher; otherwise an OpenAI-compatible base URL. */
  baseUrl: string;
  model: string;
  /**
   * Structured output for tag and question lists (`response_format`); absent means 'auto': ask for
   * json_schema, step down to json_object, then to none when the server answers 400, and remember.
   */
  structuredOutput?: StructuredOutputSetting;
}

export type StructuredOutputSetting = 'auto' | 'json_schema' | 'json_object' | 'off';

/** What a pool teacher is asked to do: write tags and questions, answer them, or judge answers. */
export type TeacherRole = 'questions' | 'answers' | 'judge' | 'probe';
/** The roles a teacher has unless told otherwise (the first teacher: all of these). */
export const TEACHER_ROLES: readonly TeacherRole[] = ['questions', 'answers', 'judge'];
/** Every role `teacher add --roles` takes: 'probe' marks a student for distill probe, never a default. */
export const ASSIGNABLE_ROLES: readonly TeacherRole[] = [...TEACHER_ROLES, 'probe'];

/** User-given prices in US dollars per million tokens. */
export interface TeacherPrice {
  inputPerMillion: number;
  outputPerMillion: number;
}

/** One teacher of the pool, as distill.json holds it; missing fields take the project-wide settings. */
export interface TeacherConfig {
  /** Unique in the project; recorded on every candidate it writes. */
  name: string;
  /** 'offline' starts the built-in loopback teacher; otherwise an OpenAI-compatible base URL. */
  baseUrl: string;
  /** Model that answers (and, without questionModel, writes tags and questions). */
  model: string;
  questionModel?: string;
  /** Default: the project's apiKeyEnv. */
  apiKeyEnv?: string;
  /** Requests in flight at once to this teacher; default: the project's concurrency. */
  concurrency?: number;
  /** Requests per minute and tokens per minute this teacher allows (optional). */
  rpm?: number;
  tpm?: number;
  /** Share of the work among teachers of the same role; default 1. */
  weight?: number;
  /** Default: every role for the first teacher, answers for the others. */
  roles?: TeacherRole[];
  price?: TeacherPrice;
  /** Default: the project's stream setting. */
  stream?: boolean;
  /**
   * Token log-probabilities to ask for (issue 10); topK 0 or absent: none. `tokenIds` asks a
   * vLLM server for `return_tokens_as_token_ids`, so each token comes with its tokenizer id.
   */
  logprobs?: { topK: number; tokenIds?: boolean };
  /** Structured output for tag and question lists; absent means 'auto' (see ModelEndpoint). */
  structuredOutput?: StructuredOutputSetting;
}

export interface RequestTimeouts {
  /** Until the response headers arrive, per attempt (a non-streamed answer arrives whole, so this bounds it too). */
  firstByteMs?: number;
  /** Longest pause while a body arrives. */
  idleMs?: number;
}

export interface GenerationDefaults {
  levels: number;
  tagsPerLevel: number;
  questionsPerTag: number;
  candidates: number;
}

/** distill.json: validated against schemas/config.schema.json. Never holds a key. */
export interface ProjectConfig {
  version: 1;
  topic: string;
  language: Language;
  /** The single teacher of projects made before teacher pools; `teachers` replaces it. */
  teacher?: ModelEndpoint;
  /** With `teacher`: the model that writes tags and questions on the same endpoint. */
  questionModel?: string;
  /** The teacher pool (see core/teacher-pool-config.ts); when present, `teacher` and `questionModel` are not used. */
  teachers?: TeacherConfig[];
  /** Name of the environment variable that holds the API key (the key itself is never stored); the default of every teacher. */
  apiKeyEnv: string;
  /** Requests in flight at once, per teacher unless a teacher sets its own. */
  concurrency: number;
  /** Use streamed responses (reasoning arrives as deltas). */
  stream: boolean;
  /** The whole of one request, retries included. */
  timeoutMs: number;
  timeouts?: RequestTimeouts;
  maxRetries: number;
  /** Reasoning plus answer longer than this is cut there, kept and flagged truncated; default 500,000 characters. */
  maxAnswerChars?: number;
  /** max_tokens for answers; null lets the server decide. */
  maxTokens: number | null;
  temperature: number;
  generation: GenerationDefaults;
  /** Rule thresholds (schemas/rules.schema.json); missing keys take the documented defaults. */
  rules: Record<string, unknown>;
  /** How the team reviews; absent means one reviewer per item. */
  review?: ReviewSettings;
  createdAt: string;
}

export interface ReviewSettings {
  /** Share (0..1) of questions whose candidates are to be decided by two reviewers; absent is 0. */
  doubleShare?: number;
  /** Reject reasons the review screen offers on number keys, after the item's flags. */
  rejectReasons?: string[];
  /** The review screen asks before a bulk accept or reject of more candidates than this; default 50. */
  confirmBulkOver?: number;
}

export const DEFAULT_GENERATION: GenerationDefaults = {
  levels: 2,
  tagsPerLevel: 10,
  questionsPerTag: 10,
  candidates: 4,
};
