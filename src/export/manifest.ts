// The manifest written beside an export: what went in, from where, under which rules, so that a
// dataset can be traced back and compared with the next export.
import { writeFile, rename } from 'node:fs/promises';
import type { Candidate } from '../core/types.js';
import type { ExportedFile, ExportFileRole, ExportFormat, InvalidRecord, ReasoningMode } from './export-options.js';

export interface TagTally {
  /** Accepted candidates of live questions of this tag. */
  accepted: number;
  /** Records written (after the cap), train and validation together. */
  exported: number;
  train: number;
  validation: number;
}

export interface TokenTotals {
  prompt: number;
  completion: number;
  reasoning: number;
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
  /** Keyed by tag path ("A > B"). */
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

/** Counts as records are written; memory grows with tags, models and rules, not records. */
export class ManifestTally {
  readonly tags: Record<string, TagTally> = {};
  readonly models: Record<string, number> = {};
  readonly flags: Record<string, number> = {};
  readonly tokens: TokenTotals = { prompt: 0, completion: 0, reasoning: 0 };
  readonly invalidExamples: InvalidRecord[] = [];
  invalidCount = 0;
  accepted = 0;
  droppedByCap = 0;

  private tag(path: string): TagTally {
    let tally = this.tags[path];
    if (!tally) {
      tally = { accepted: 0, exported: 0, train: 0, validation: 0 };
      this.tags[path] = tally;
    }
    return tally;
  }

  addAccepted(tagPath: string, accepted: number, kept: number): void {
    this.tag(tagPath).accepted += accepted;
    this.accepted += accepted;
    this.droppedByCap += accepted - kept;
  }

  addRecord(tagPath: string, candidate: Candidate, role: ExportFileRole, flags: readonly string[]): void {
    const tally = this.tag(tagPath);
    tally.exported += 1;
    if (role === 'train') tally.train += 1;
    else tally.validation += 1;
    this.models[candidate.model] = (this.models[candidate.model] ?? 0) + 1;
    if (candidate.usage) {
      this.tokens.prompt += candidate.usage.promptTokens;
      this.tokens.completion += candidate.usage.completionTokens;
      this.tokens.reasoning += candidate.usage.reasoningTokens ?? 0;
    }
    for (const rule of flags) this.flags[rule] = (this.flags[rule] ?? 0) + 1;
  }

  addInvalid(record: InvalidRecord): void {
    this.invalidCount += 1;
    if (this.invalidExamples.length < INVALID_EXAMPLES) this.invalidExamples.push(record);
  }
}

export function manifestPathFor(out: string): string {
  return `${out}.manifest.json`;
}

export async function writeManifest(path: string, manifest: ExportManifest): Promise<void> {
  const temp = `${path}.${process.pid}.tmp`;
  await writeFile(temp, JSON.stringify(manifest, null, 2) + '\n');
  await rename(temp, path);
}
