// What a user can ask of an export, and what an export reports back.

/** prompt-completion: TRL's conversational prompt-completion form (`{"prompt": [...], "completion": [...]}`). */
export type ExportFormat = 'alpaca' | 'sharegpt' | 'messages' | 'prompt-completion';
export const EXPORT_FORMATS: readonly ExportFormat[] = ['alpaca', 'sharegpt', 'messages', 'prompt-completion'];

/** The trainer an export is for; each has its own format, reasoning mode and files (see export-targets.ts). */
export type ExportTarget = 'llama-factory' | 'trl' | 'openai' | 'hf';
export const EXPORT_TARGETS: readonly ExportTarget[] = ['llama-factory', 'trl', 'openai', 'hf'];

/** think: `<think>` block before the answer; field: trace in its own field; none: answer alone. */
export type ReasoningMode = 'think' | 'field' | 'none';
export const REASONING_MODES: readonly ReasoningMode[] = ['think', 'field', 'none'];

/** The rule ids that fired on each candidate of a tag (candidate id → rule ids). */
export type FlagLookup = ((tagId: string) => Promise<ReadonlyMap<string, readonly string[]>>) & {
  /** A lookup for one export's tags, sharing what it reads across them (the project does not change meanwhile). */
  perExport?: () => (tagId: string) => Promise<ReadonlyMap<string, readonly string[]>>;
};

export interface ExportOptions {
  format: ExportFormat;
  /** Who reads the export; absent: a JSONL file with dataset_info.json, as before targets existed. */
  target?: ExportTarget;
  /**
   * The training file (`.jsonl` is added when missing); with a split, the validation file is this
   * path with `.val` before `.jsonl`. With the `hf` target, the dataset folder.
   */
  out: string;
  reasoning?: ReasoningMode;
  /** A system prompt given to every record. */
  system?: string;
  /** Name of a field that carries the question's tag path ("A > B"); absent when not asked for. */
  tagField?: string;
  /** Put the candidate id in every record as `id`. */
  ids?: boolean;
  /** At most this many records per tag; which ones are kept is deterministic (see tag-cap.ts). */
  maxPerTag?: number;
  /** Share of questions that go to the training file, 0 < split < 1. */
  split?: number;
  /** Seeds the choice of capped records and of validation questions. */
  seed?: number;
  /** Flags per candidate for the manifest; counts per flag are left out without it. */
  flags?: FlagLookup;
  /** Rule thresholds in effect, for the manifest; defaults to the project config's `rules`. */
  rules?: Record<string, unknown>;
  /** Worker threads that format records; 0 keeps everything on the main thread. Default: by size. */
  workers?: number;
  /**
   * `export --selection NAME`: write the selection's candidates (tag id → candidate ids) instead of
   * the accepted ones; a reviewer's rejection still leaves a candidate out.
   */
  selection?: { name: string; ids: ReadonlyMap<string, readonly string[]> };
  /** A Hugging Face folder's shard closes at this many accepted candidates (hf/shard-plan.ts; tests make it small). */
  shardRecords?: number;
  /** Clock for the manifest's date (tests pin it). */
  now?: () => Date;
}

export type ExportFileRole = 'train' | 'validation';

export interface ExportedFile {
  path: string;
  role: ExportFileRole;
  /** The key of this file's entry in dataset_info.json (JSONL), or the split name (Parquet). */
  dataset: string;
  records: number;
  bytes: number;
}

export interface InvalidRecord {
  candidateId: string;
  reason: string;
}

export interface ExportProgress {
  tagsDone: number;
  tagsTotal: number;
  records: number;
  bytes: number;
}

export type ExportProgressListener = (progress: ExportProgress) => void;

export const DEFAULT_REASONING: ReasoningMode = 'think';
export const DEFAULT_SEED = 0;
