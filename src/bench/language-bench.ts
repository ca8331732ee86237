import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packagePath } from '../core/package-paths.js';
import { extractFeatures } from '../checks/features/extract-features.js';
import type { CandidateText } from '../checks/features/features.js';
import {
  languageCandidate,
  readLabelledSets,
  scoreLanguage,
  scoreRefusal,
  scoreRepetition,
  type Score,
} from '../checks/test-support/labelled-scores.js';
import { syntheticCandidates } from './checks-synthetic-text.js';
import type { Report } from './report.js';

interface TimedCandidate {
  candidate: CandidateText;
  language: string;
  question: string;
}

const EXTRACTION_BYTES = 8_000_000;
const RUNS = 5;

/**
 * The language, refusal and repetition checks: their scores on the labelled dev and
 * held-out sets, and the speed of the whole feature extraction on en+zh text, in
 * process (median of five runs; CPU time is the per-core figure on a shared
 * machine) and as the user meets it (`distill check --input` in a child process).
 */
export async function benchLanguage(report: Report): Promise<void> {
  for (const split of ['dev', 'heldout'] as const) reportScores(report, split);
  const labelled = labelledCorpus(EXTRACTION_BYTES);
  const synthetic = syntheticCorpus(EXTRACTION_BYTES);
  benchExtraction(report, 'labelled texts', labelled.items, labelled.bytes);
  benchExtraction(report, 'synthetic traces', synthetic.items, synthetic.bytes);
  await benchCheckCommand(report, labelled.items, labelled.bytes);
}

function reportScores(report: Report, split: 'dev' | 'heldout'): void {
  const sets = readLabelledSets(split);
  const { mixed, wrong } = scoreLanguage(sets.language);
  const rows: [string, Score][] = [
    ['mixed_language', mixed],
    ['refusal', scoreRefusal(sets.refusal)],
    ['repetition', scoreRepetition(sets.repetition)],
  ];
  for (const [rule, score] of rows) {
    report(`${rule} on the ${split} set (${score.cases}): precision`, score.precision, '', rule === 'mixed_language' ? '≥ 0.95' : '≥ 0.90');
    report(`${rule} on the ${split} set (${score.cases}): recall`, score.recall, '', '≥ 0.90');
  }
  report(`wrong_language on the ${split} set: wrong verdicts`, wrong.falseFlags.length + wrong.misses.length, 'texts', '0');
}

/** The labelled texts (long traces, slips, code, refusals, loops) repeated to `bytes`, en and zh. */
function labelledCorpus(bytes: number): { items: TimedCandidate[]; bytes: number } {
  const base: TimedCandidate[] = [];
  for (const split of ['dev', 'heldout'] as const) {
    const sets = readLabelledSets(split);
    for (const example of sets.language) {
      base.push({ candidate: languageCandidate(example), language: example.language, question: example.question ?? '' });
    }
    for (const example of sets.refusal) {
      base.push({
        candidate: { reasoning: example.reasoning ?? '', answer: example.answer, finishReason: 'stop' },
        language: example.language,
        question: example.question,
      });
    }
    for (const example of sets.repetition) {
      base.push({
        candidate: { reasoning: '', answer: example.text, finishReason: example.finish_reason },
        language: example.language,
        question: '',
      });
    }
  }
  const items: TimedCandidate[] = [];
  let total = 0;
  for (let i = 0; total < bytes; i++) {
    const item = base[i % base.length]!;
    // A different number per copy, so no two texts are identical (as in a real project).
    const copy = { ...item, candidate: { ...item.candidate, answer: `${item.candidate.answer} (${i})` } };
    items.push(copy);
    total += Buffer.byteLength(copy.candidate.reasoning) + Buffer.byteLength(copy.candidate.answer);
  }
  return { items, bytes: total };
}

function syntheticCorpus(bytes: number): { items: TimedCandidate[]; bytes: number } {
  const { candidates, bytes: total } = syntheticCandidates(bytes, 11);
  return {
    items: candidates.map((candidate) => ({ candidate, language: candidate.language, question: candidate.question })),
    bytes: total,
  };
}

function benchExtraction(report: Report, name: string, items: readonly TimedCandidate[], bytes: number): void {
  for (const item of items.slice(0, 300)) extractFeatures(item.candidate, item.language, item.question); // warm-up
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const started = performance.now();
    const usage = process.cpuUsage();
    for (const item of items) extractFeatures(item.candidate, item.language, item.question);
    const used = process.cpuUsage(usage);
    wall.push((performance.now() - started) / 1000);
    cpu.push((used.user + used.system) / 1e6);
  }
  const mb = bytes / 1e6;
  report(`extractFeatures on ${name} (${mb.toFixed(1)} MB, en+zh), per CPU second`, mb / median(cpu), 'MB/s', '≥ 10 MB/s');
  report(`  the same, wall clock (the machine is shared)`, mb / median(wall), 'MB/s');
}

/** `distill check --input FILE` end to end: start-up, reading, extraction, rules, writing the results. */
async function benchCheckCommand(report: Report, items: readonly TimedCandidate[], bytes: number): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'distill-language-bench-'));
  try {
    const input = join(dir, 'candidates.jsonl');
    const lines = items.map((item, index) =>
      JSON.stringify({
        id: `c${index}`,
        // Four candidates per question, as a project has them (one shared question would make one huge answer group).
        question: `${item.question || 'question'} (${index >> 2})`,
        reasoning: item.candidate.reasoning,
        answer: item.candidate.answer,
        finish_reason: item.candidate.finishReason,
        language: item.language,
      }),
    );
    await writeFile(input, lines.join('\n') + '\n');
    const seconds: number[] = [];
    for (let run = 0; run < 3; run++) {
      const started = performance.now();
      const result = spawnSync(process.execPath, [packagePath('bin', 'distill.js'), 'check', '--input', input], {
        stdio: ['ignore', 'ignore', 'pipe'],
        maxBuffer: 64 * 1024 * 1024,
      });
      if (result.status !== 0) throw new Error(`distill check --input failed: ${result.stderr.toString()}`);
      seconds.push((performance.now() - started) / 1000);
    }
    report(
      `distill check --input, ${items.length.toLocaleString('en')} candidates (${(bytes / 1e6).toFixed(1)} MB), whole process`,
      median(seconds),
      's',
    );
    report('  the same, as text checked per second', bytes / 1e6 / median(seconds), 'MB/s');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}
