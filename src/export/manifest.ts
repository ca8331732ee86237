// The manifest written beside an export: what went in, from where, under which rules, so that a
// dataset can be traced back and compared with the next export.
// Version 2 adds the target, `--ids`, and one entry per record (candidate id, content hash, file)
// that `distill export diff` compares; the entries are written one per line, after the summary.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import type { ExportedFile, ExportFormat, ExportTarget, InvalidRecord, ReasoningMode } from './export-options.js';
import type { RecordEntry, TagSummary, TokenTotals } from './tag-records.js';

export interface TagTally {
  /** Accepted candidates of live questions of this tag. */
  accepted: number;
  /** Records written (after the cap), train and validation together. */
  exported: number;
  train: number;
  validation: number;
}

export interface ExportManifest {
  version: 2;
  createdAt: string;
  project: { topic: string; language: string };
  /** The trainer asked for with --for (null: none). */
  target: ExportTarget | null;
  options: {
    format: ExportFormat;
    ids: boolean;
    reasoning: ReasoningMode;
    system: string | null;
    tagField: string | null;
    maxPerTag: number | null;
    split: { train: number; seed: number } | null;
    seed: number;
    /** `export --selection NAME`: the selection written instead of the accepted candidates (absent before selections). */
    selection?: string | null;
  };
  files: ExportedFile[];
  records: number;
  accepted: number;
  /** Accepted candidates left out by --max-per-tag. */
  droppedByCap: number;
  /** Records that failed their schema and were not written (the first ones, with reasons). */
  invalid: { count: number; examples: InvalidRecord[] };
  /** Keyed by tag path ("A > B"); tags without accepted candidates are left out. */
  tags: Record<string, TagTally>;
  /** Rule id → exported records it flagged (null when no flag source was given). */
  flags: Record<string, number> | null;
  /** Teacher model → exported records it wrote. */
  models: Record<string, number>;
  /** Token usage of the exported candidates' generations. */
  tokens: TokenTotals;
  rules: Record<string, unknown>;
  /** Pool teachers that wrote the exported records (name → records), when candidates name one. */
  teachers: Record<string, number>;
  /** How `entries` hashes a record. */
  recordHash: string;
}

/** What the manifest file holds: the summary above, then `entries`, one record per line. */
export interface ManifestFile extends ExportManifest {
  entries: RecordEntry[];
}

const INVALID_EXAMPLES = 20;

/** Sums tag summaries; memory grows with tags, models and rules, not records. */
export class ManifestTally {
  readonly tags: Record<string, TagTally> = {};
  readonly models: Record<string, number> = {};
  readonly teachers: Record<string, number> = {};
  readonly entries: RecordEntry[] = [];
  readonly flags: Record<string, number> = {};
  readonly tokens: TokenTotals = { prompt: 0, completion: 0, reasoning: 0 };
  readonly invalidExamples: InvalidRecord[] = [];
  invalidCount = 0;
  accepted = 0;
  exported = 0;

  get droppedByCap(): number {
    return this.accepted - this.exported - this.invalidCount;
  }

  /** Flags are counted apart (flag-counts.ts) and put in `flags` at the end. */
  addTag(summary: TagSummary): void {
    if (summary.accepted === 0) return;
    const exported = summary.train + summary.validation;
    const tally = (this.tags[summary.tagPath] ??= { accepted: 0, exported: 0, train: 0, validation: 0 });
    tally.accepted += summary.accepted;
    tally.exported += exported;
    tally.train += summary.train;
    tally.validation += summary.validation;
    this.accepted += summary.accepted;
    this.exported += exported;
    for (const [model, count] of Object.entries(summary.models)) this.models[model] = (this.models[model] ?? 0) + count;
    for (const [teacher, count] of Object.entries(summary.teachers)) this.teachers[teacher] = (this.teachers[teacher] ?? 0) + count;
    for (const entry of summary.entries) this.entries.push(entry);
    this.tokens.prompt += summary.tokens.prompt;
    this.tokens.completion += summary.tokens.completion;
    this.tokens.reasoning += summary.tokens.reasoning;
    this.invalidCount += summary.invalid.length;
    for (const invalid of summary.invalid) {
      if (this.invalidExamples.length < INVALID_EXAMPLES) this.invalidExamples.push(invalid);
    }
  }
}

export function manifestPathFor(out: string): string {
  return `${out}.manifest.json`;
}

/** The manifest inside a Hugging Face dataset folder. */
export const FOLDER_MANIFEST = 'distill-manifest.json';

const ENTRIES_PER_WRITE = 10_000;

/** Writes the manifest to `path` (a temporary name: the export's commit moves it into place). */
export async function writeManifest(path: string, manifest: ExportManifest, entries: readonly RecordEntry[]): Promise<void> {
  const stream = createWriteStream(path);
  const failed = once(stream, 'error').then(([error]) => {
    throw error;
  });
  // Raced with every write below; marked handled so an error between two writes is not "unhandled".
  failed.catch(() => undefined);
  const write = async (text: string): Promise<void> => {
    if (!stream.write(text)) await Promise.race([once(stream, 'drain'), failed]);
  };
  const head = JSON.stringify(manifest, null, 2);
  await write(head.slice(0, head.lastIndexOf('}')).trimEnd() + ',\n  "entries": [');
  for (let start = 0; start < entries.length; start += ENTRIES_PER_WRITE) {
    const lines = entries.slice(start, start + ENTRIES_PER_WRITE).map((entry) => JSON.stringify(entry));
    await write((start === 0 ? '\n    ' : ',\n    ') + lines.join(',\n    '));
  }
  await write(entries.length > 0 ? '\n  ]\n}\n' : ']\n}\n');
  stream.end();
  await Promise.race([finished(stream), failed]);
}
