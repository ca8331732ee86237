import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { extractFeatures } from '../checks/features/extract-features.js';
import { decodeFeatureTable, encodeFeatureTable } from '../checks/project/feature-cache-file.js';
import {
  allocateNumbers,
  emptyTexts,
  FeatureTable,
  NO_QUESTION_CONTEXT,
  NUMERIC_COLUMNS,
  TEXT_COLUMNS,
  type FeatureRow,
} from '../checks/features/feature-table.js';
import { RULE_IDS } from '../checks/rules/rule-ids.js';
import { DEFAULT_RULES, mergeRules, type Rules } from '../checks/rules/rules-config.js';
import { evaluateRules, failingMask } from '../checks/rules/rules.js';
import { syntheticCandidates } from './checks-synthetic-text.js';

type Report = (name: string, value: number, unit: string, target?: string) => void;

const EXTRACTION_BYTES = 4_000_000;
const CACHED_CANDIDATES = 1_000_000;
const ROWS_PER_TAG_FILE = 10_000;

/** Feature extraction speed, and re-running the rules over a million cached candidates. */
export async function benchChecks(report: Report): Promise<void> {
  const rows = benchExtraction(report);
  const table = replicate(rows, CACHED_CANDIDATES);
  benchRulesInMemory(report, table);
  await benchRulesFromDisk(report, table);
}

function benchExtraction(report: Report): FeatureRow[] {
  const { candidates, bytes } = syntheticCandidates(EXTRACTION_BYTES);
  // Warmed up on other texts of the same kind, so that the figure is the steady state a check of a
  // project runs at (its gigabytes take minutes), not the JIT compiling in the first tenth of a second.
  for (const candidate of syntheticCandidates(EXTRACTION_BYTES / 2, 97).candidates) extractFeatures(candidate, candidate.language);
  const rows: FeatureRow[] = [];
  const started = performance.now();
  const usage = process.cpuUsage();
  candidates.forEach((candidate, index) => {
    rows.push({
      id: `t000000-${index >> 2}-${index & 3}`,
      language: candidate.language,
      hash: '',
      questionKey: `t000000-${index >> 2}`,
      features: extractFeatures(candidate, candidate.language),
      context: NO_QUESTION_CONTEXT,
    });
  });
  const used = process.cpuUsage(usage);
  const seconds = (performance.now() - started) / 1000;
  const mb = bytes / 1e6;
  report(
    `feature extraction (${mb.toFixed(1)} MB, en+zh, one core, per CPU second)`,
    mb / ((used.user + used.system) / 1e6),
    'MB/s',
    '≥ 10 MB/s',
  );
  report('  the same, wall clock', mb / seconds, 'MB/s');
  return rows;
}

/** A million rows with the extracted rows' distributions (rows repeated, ids made unique). */
function replicate(rows: readonly FeatureRow[], size: number): FeatureTable {
  const sample = FeatureTable.fromRows(rows);
  const numbers = allocateNumbers(size);
  const texts = emptyTexts();
  for (const column of NUMERIC_COLUMNS) {
    const source = sample.numbers[column];
    const target = numbers[column];
    for (let offset = 0; offset < size; offset += source.length)
      target.set(source.subarray(0, Math.min(source.length, size - offset)), offset);
  }
  for (const column of TEXT_COLUMNS) {
    const source = sample.textColumn(column);
    const target = texts[column];
    for (let row = 0; row < size; row++) target[row] = source[row % source.length]!;
  }
  for (let row = 0; row < size; row++) texts.id[row] = `t${(row >> 12).toString(36).padStart(6, '0')}-${row >> 2}-${row & 3}`;
  // Answer groups as a question of four samples would have them.
  for (let row = 0; row < size; row++) {
    numbers.answeredCandidates[row] = 4;
    numbers.majorityAnswers[row] = 3;
    numbers.agreeingAnswers[row] = row % 4 === 3 ? 1 : 3;
  }
  return new FeatureTable(size, numbers, () => texts);
}

function summarize(table: FeatureTable, rules: Rules, masks: Uint32Array): { passing: number; flags: number[] } {
  evaluateRules(table, rules, masks);
  const flags = new Array<number>(RULE_IDS.length).fill(0);
  const failing = failingMask(rules);
  let passing = 0;
  for (let row = 0; row < table.size; row++) {
    const mask = masks[row]!;
    if ((mask & failing) === 0) passing++;
    for (let bit = 0; bit < RULE_IDS.length; bit++) if (mask & (1 << bit)) flags[bit]!++;
  }
  return { passing, flags };
}

function benchRulesInMemory(report: Report, table: FeatureTable): void {
  const masks = new Uint32Array(table.size);
  summarize(table, DEFAULT_RULES, masks);
  const changed = mergeRules(DEFAULT_RULES, { longParagraph: { maxChars: 800 }, tooShort: { reasoningTokens: 200 } });
  const started = performance.now();
  const result = summarize(table, changed, masks);
  const elapsed = performance.now() - started;
  report(`rules re-run after a threshold change, ${table.size.toLocaleString('en')} cached (in memory)`, elapsed, 'ms', '< 2000 ms');
  report('  of which pass', result.passing, 'candidates');
}

async function benchRulesFromDisk(report: Report, table: FeatureTable): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'distill-checks-bench-'));
  try {
    const files: string[] = [];
    for (let start = 0; start < table.size; start += ROWS_PER_TAG_FILE) {
      const path = join(dir, `t${files.length}.features`);
      await writeFile(path, encodeFeatureTable(slice(table, start, Math.min(table.size, start + ROWS_PER_TAG_FILE)), 'bench'));
      files.push(path);
    }
    const changed = mergeRules(DEFAULT_RULES, { repetition: { maxRun: 4 } });
    const started = performance.now();
    let passing = 0;
    for (const path of files) {
      const cached = decodeFeatureTable(await readFile(path), path);
      const masks = new Uint32Array(cached!.table.size);
      passing += summarize(cached!.table, changed, masks).passing;
    }
    const elapsed = performance.now() - started;
    report(
      `rules re-run reading ${files.length} tag caches from disk (${table.size.toLocaleString('en')} candidates)`,
      elapsed,
      'ms',
      '< 2000 ms',
    );
    void passing;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function slice(table: FeatureTable, start: number, end: number): FeatureTable {
  const numbers = allocateNumbers(end - start);
  for (const column of NUMERIC_COLUMNS) numbers[column].set(table.numbers[column].subarray(start, end));
  const texts = emptyTexts();
  for (const column of TEXT_COLUMNS) texts[column] = table.textColumn(column).slice(start, end);
  return new FeatureTable(end - start, numbers, () => texts);
}
