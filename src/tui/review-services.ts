import type { JudgeReading } from '../core/judgement.js';
// What the review screen needs from the rest of distill, as narrow interfaces. The CLI wires
// the real checks, generator and exporter in (src/cli/commands/review.ts); each is optional so
// that the screen still opens, read-only in that respect, when one is not available.
import type { PipelineListener, RunSummary } from '../pipeline/events.js';
import type { ProjectStoreApi } from '../store/store-api.js';
import type { Candidate } from '../core/types.js';

export interface FlagView {
  rule: string;
  detail: string;
  /** The text the flag is about (a benchmark item's question), shown beside the question. */
  evidence?: string;
}

/** The checks' judgement of one candidate. */
export interface CandidateCheck {
  verdict: 'pass' | 'fail';
  flags: FlagView[];
  /** The candidate the rejection-sampling choice picked for its question. */
  preferred: boolean;
  /** The LLM judge's score, verdict and rationale (model text: sanitize), when it has judged this text. */
  judge?: JudgeReading;
}

/** A stretch of a candidate's reasoning or answer that a flag is about (UTF-16 offsets into that text). */
export interface TextSpan {
  rule: string;
  field: 'reasoning' | 'answer';
  start: number;
  end: number;
}

/** What the detail pane highlights for one candidate. */
export interface CandidateSpans {
  spans: TextSpan[];
  /** The final answer the checks extracted from the answer text, and where it is; null when none was found. */
  finalAnswer: { text: string; start: number; end: number } | null;
  /** The answer token under the review screen's token cursor (`>`/`<`), drawn over the other highlights. */
  tokenCursor?: { start: number; end: number };
}

export interface ThresholdField {
  key: string;
  value: number | string | boolean;
  help?: string;
  /** The rule schema's bounds for a number (lowConfidence.minMeanLogprob is negative). */
  min?: number;
  max?: number;
}

export interface ReviewChecks {
  /**
   * Verdicts of a tag's candidates: quick when its features are cached; a tag that has never been
   * checked has them extracted off the screen's thread (keys are answered meanwhile).
   */
  checkTag(tagId: string): Promise<ReadonlyMap<string, CandidateCheck>>;
  /** Stops background work (a check under way) when the screen closes. */
  close?(): Promise<void>;
  /** Flagged candidates per tag as of the last full check (tags changed since are left out). */
  flaggedCounts?(): Promise<ReadonlyMap<string, number>>;
  /** Flag counts per rule per tag as of the last full check (tags changed since are left out): the stats view. */
  tagFlags?(): Promise<ReadonlyMap<string, { flags: Partial<Record<string, number>> }>>;
  /** The spans the candidate's flags (`fired`, rule ids) are about and its extracted final answer (computed from the text). */
  flagSpans?(candidate: Candidate, question: string, fired: readonly string[]): CandidateSpans;
  /** flagSpans found off the screen's thread (a long trace); null when that cannot be done here. */
  flagSpansLater?(candidate: Candidate, question: string, fired: readonly string[]): Promise<CandidateSpans> | null;
  /**
   * Loads what the first tag's verdicts will need (the span finders and their language tables:
   * ~0.1 s of module evaluation) while the reviewer looks at the first screen, not on a key.
   */
  warmUp?(): Promise<void>;
  /** Re-evaluates every candidate with the current thresholds; returns a one-line summary. */
  rerun(onProgress?: (done: number, total: number) => void): Promise<string>;
  /** The thresholds in effect, for the edit form. */
  thresholds(): ThresholdField[];
  /** Stores new thresholds in the project config (validated); the caller re-runs afterwards. */
  setThresholds(values: Record<string, number | string | boolean>): Promise<void>;
}

export type GenerationRequest =
  /** Sub-tags of a tag (null: top-level tags of the topic). */
  | { kind: 'tags'; parentId: string | null; count: number }
  | { kind: 'questions'; tagId: string; count: number }
  /** Candidates for the given questions, up to `candidates` per question. */
  | { kind: 'answers'; questionIds: string[]; candidates: number }
  | { kind: 'auto'; levels: number; tagsPerLevel: number; questionsPerTag: number; candidates: number };

export interface ReviewGenerator {
  /** Runs in the background; resolves with the summary, rejects with a user-facing error. */
  run(request: GenerationRequest, onEvent: PipelineListener, signal: AbortSignal): Promise<RunSummary>;
}

export type ExportFormatName = 'alpaca' | 'sharegpt' | 'messages' | 'prompt-completion';
export type ExportReasoningName = 'think' | 'field' | 'none';
/** The trainer the file is for (`distill export --for`); the Hub's parquet folder is left to the CLI. */
export type ExportTargetName = 'llama-factory' | 'trl' | 'openai';

export interface ReviewExportRequest {
  format: ExportFormatName;
  target?: ExportTargetName;
  out: string;
  reasoning: ExportReasoningName;
}

export interface ReviewExporter {
  /** Writes the accepted candidates; resolves with a one-line summary of what went where. */
  run(request: ReviewExportRequest): Promise<string>;
  /** The path the form suggests for a format (and trainer). */
  defaultOut(format: ExportFormatName, target?: ExportTargetName): string;
  /** The file `out` names when it exists already (shown relative to the project), else null. */
  existing(out: string): Promise<string | null>;
}

export interface ReviewServices {
  store: ProjectStoreApi;
  checks?: ReviewChecks;
  generator?: ReviewGenerator;
  exporter?: ReviewExporter;
}
