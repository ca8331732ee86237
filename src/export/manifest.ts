// The manifest written beside an export: what went in, from where, under which rules, so that a
// dataset can be traced back and compared with the next export.
import { writeFileAtomic } from '../store/atomic-file.js';
import type { ExportedFile, ExportFormat, InvalidRecord, ReasoningMode } from './export-options.js';
import type { TagSummary, TokenTotals } from './tag-records.js';

export interface TagTally {
  /** Accepted candidates of live questions of this tag. */
  accepted: number;
  /** Records written (after the cap), train and validation together. */
  exported: number;
  train: number;
  validation: number;
}

export interface ExportManifest {
  version: 1;
  createdAt: string;
  project: { topic: string; language: string };
  options: {
    format: ExportFormat;
    reasoning: ReasoningMode;
    system: string | null;
    tagField: string | null;
    maxPerTag: number | null;
    split: { train: number; seed: number } | null;
    seed: number;
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
}

const INVALID_EXAMPLES = 20;

/** Sums tag summaries; memory grows with tags, models and rules, not records. */
export class ManifestTally {
  readonly tags: Record<string, TagTally> = {};
  readonly models: Record<string, number> = {};
  readonly flags: Record<string, number> = {};
  readonly tokens: TokenTotals = { prompt: 0, completion: 0, reasoning: 0 };
  readonly invalidExamples: InvalidRecord[] = [];
  invalidCount = 0;
  accepted = 0;
  exported = 0;

  get droppedByCap(): number {
    return this.accepted - this.exported - this.invalidCount;
  }

  addTag(summary: TagSummary, flagsOf?: ReadonlyMap<string, readonly string[]>): void {
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
    this.tokens.prompt += summary.tokens.prompt;
    this.tokens.completion += summary.tokens.completion;
    this.tokens.reasoning += summary.tokens.reasoning;
    this.invalidCount += summary.invalid.length;
    for (const invalid of summary.invalid) {
      if (this.invalidExamples.length < INVALID_EXAMPLES) this.invalidExamples.push(invalid);
    }
    if (flagsOf && summary.exportedIds) {
      for (const id of summary.exportedIds) {
        for (const rule of flagsOf.get(id) ?? []) this.flags[rule] = (this.flags[rule] ?? 0) + 1;
      }
    }
  }
}

export function manifestPathFor(out: string): string {
  return `${out}.manifest.json`;
}

export async function writeManifest(path: string, manifest: ExportManifest): Promise<void> {
  await writeFileAtomic(path, JSON.stringify(manifest, null, 2) + '\n');
}
