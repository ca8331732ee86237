import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compareAnswers } from '../checks/answers/answer-equivalence.js';
import { extractFinalAnswer } from '../checks/answers/extract/final-answer.js';
import { extractFeatures } from '../checks/features/extract-features.js';
import { createRandom, syntheticCandidates } from './checks-synthetic-text.js';
import type { Report } from './report.js';

const PAIRS = 10_000;
const TEXT_BYTES = 4_000_000;
const PROCESS_RECORDS = 20_000;
// Runs bin/distill.js in this process and prints its CPU seconds on stderr when it ends.
const CHILD_CPU = [
  "process.on('exit', () => { const u = process.cpuUsage(); process.stderr.write('cpu=' + (u.user + u.system) / 1e6 + '\\n'); });",
  "const { resolve } = await import('node:path'); const { pathToFileURL } = await import('node:url');",
  'await import(pathToFileURL(resolve(process.argv[1])).href);',
].join('\n');

/** Answer comparison and final-answer extraction: in-process figures and the whole `distill check --input`. */
export async function benchAnswers(report: Report): Promise<void> {
  benchComparisons(report);
  benchExtraction(report);
  await benchWholeCheck(report);
}

/**
 * CPU time of `work` (user + system) next to its wall time: on a shared, loaded
 * machine the wall clock measures the neighbours, the CPU time measures the work.
 * Each is the median of `rounds` runs.
 */
function measure(work: () => void, rounds = 3): { wall: number; cpu: number } {
  const walls: number[] = [];
  const cpus: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    work();
    const cpu = process.cpuUsage(cpuBefore);
    walls.push((performance.now() - started) / 1000);
    cpus.push((cpu.user + cpu.system) / 1e6);
  }
  // the median round of each
  return { wall: walls.sort((a, b) => a - b)[rounds >> 1]!, cpu: cpus.sort((a, b) => a - b)[rounds >> 1]! };
}

function benchComparisons(report: Report): void {
  const pairs = uniqueLatexPairs(PAIRS, createRandom(11));
  // warm-up on other pairs, so the figure is the steady state rather than compilation
  for (const [reference, answer] of uniqueLatexPairs(2000, createRandom(99))) compareAnswers(reference, answer);
  let slowest = 0;
  let equal = 0;
  let unknown = 0;
  const { wall, cpu } = measure(() => {
    equal = 0;
    unknown = 0;
    for (const [reference, answer] of pairs) {
      const before = performance.now();
      const verdict = compareAnswers(reference, answer).verdict;
      slowest = Math.max(slowest, performance.now() - before);
      if (verdict === 'equal') equal++;
      if (verdict === 'unknown') unknown++;
    }
  });
  report(
    `answer comparisons, ${PAIRS.toLocaleString('en')} unique LaTeX pairs (CPU time, one core)`,
    pairs.length / cpu,
    'pairs/s',
    '≥ 2000 pairs/s',
  );
  report('  the same by the wall clock', pairs.length / wall, 'pairs/s');
  report('  slowest comparison of the three rounds (wall clock)', slowest, 'ms');
  report('  of which equal / could not compare', equal, `/ ${unknown}`);
}

function benchExtraction(report: Report): void {
  const { candidates, bytes } = syntheticCandidates(TEXT_BYTES, 5);
  const random = createRandom(3);
  const texts = candidates.map((candidate) => ({ ...candidate, answer: withEnding(candidate.answer, candidate.language, random) }));
  const answerBytes = texts.reduce((sum, candidate) => sum + Buffer.byteLength(candidate.answer), 0);
  const total = bytes - candidates.reduce((sum, c) => sum + Buffer.byteLength(c.answer), 0) + answerBytes;
  for (const candidate of texts.slice(0, 200)) extractFeatures(candidate, candidate.language, candidate.question);
  const extraction = measure(() => {
    for (const candidate of texts) extractFinalAnswer(candidate.answer, candidate.question);
  });
  report(
    `final-answer extraction (${(answerBytes / 1e6).toFixed(1)} MB of answers, varied endings, CPU time)`,
    answerBytes / 1e6 / extraction.cpu,
    'MB/s',
  );
  const features = measure(() => {
    for (const candidate of texts) extractFeatures(candidate, candidate.language, candidate.question);
  });
  report(
    `whole extractFeatures on the same (${(total / 1e6).toFixed(1)} MB, en+zh, CPU time, one core)`,
    total / 1e6 / features.cpu,
    'MB/s',
    '≥ 10 MB/s',
  );
  report('  the same by the wall clock', total / 1e6 / features.wall, 'MB/s');
}

/** `distill check --input` on records with references, as a user runs it (median of three runs). */
async function benchWholeCheck(report: Report): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'distill-answers-bench-'));
  try {
    const random = createRandom(17);
    const pairs = uniqueLatexPairs(PROCESS_RECORDS, random);
    const lines = pairs.map(([reference, answer], i) =>
      JSON.stringify({
        id: `r${i}`,
        question: `Question ${i >> 2}: compute the value.`,
        reference,
        answer: `Working it out step by step.\n\nThe answer is $\\boxed{${answer}}$.`,
      }),
    );
    const file = join(dir, 'records.jsonl');
    await writeFile(file, lines.join('\n') + '\n');
    const walls: number[] = [];
    const cpus: number[] = [];
    for (let run = 0; run < 3; run++) {
      const started = performance.now();
      // `time -f` is not everywhere; the child's CPU time comes from a wrapper that reports its own usage
      const result = spawnSync(process.execPath, ['--input-type=module', '-e', CHILD_CPU, 'bin/distill.js', 'check', '--input', file], {
        stdio: ['ignore', 'ignore', 'pipe'],
        maxBuffer: 1 << 26,
      });
      if (result.status !== 0) throw new Error(`distill check failed: ${String(result.stderr)}`);
      walls.push(performance.now() - started);
      cpus.push(Number(/cpu=([\d.]+)/.exec(String(result.stderr))?.[1] ?? NaN));
    }
    walls.sort((a, b) => a - b);
    cpus.sort((a, b) => a - b);
    report(
      `whole process: distill check --input, ${PROCESS_RECORDS.toLocaleString('en')} records with references (median of 3)`,
      walls[1]!,
      'ms',
    );
    report('  CPU time of that process', cpus[1]! * 1000, 'ms');
    report('  records per CPU second', PROCESS_RECORDS / cpus[1]!, 'records/s');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Replaces the synthetic "The answer is $\boxed{n}$" ending by one of the endings real teachers write. */
function withEnding(answer: string, language: 'en' | 'zh', random: () => number): string {
  const body = answer.replace(/\n\n[^\n]*$/, '');
  const n = Math.floor(random() * 1000);
  const endings =
    language === 'en'
      ? [
          `\n\nThe answer is $\\boxed{${n}}$.`,
          `\nFinal Answer: The final answer is $${n}$. I hope it is correct.`,
          `\n\n**Final Answer**\n\n${n}`,
          `\n\nTherefore, the total is ${n} because each part was counted once.`,
          `\n\n**Answer:** $x = \\frac{${n}}{7}$`,
          `\n\nIt depends on the athlete's history and goals.`,
        ]
      : [`\n\n答案：$\\boxed{${n}}$`, `\n\n所以答案为 ${n}。`, `\n\n故选 C。`, `\n\n这取决于运动员的训练水平。`];
  return body + endings[Math.floor(random() * endings.length)]!;
}

/** Unique (reference, answer) pairs in the notations teachers use, about half of them equivalent. */
export function uniqueLatexPairs(count: number, random: () => number): [string, string][] {
  const int = (low: number, high: number): number => low + Math.floor(random() * (high - low + 1));
  const makers: (() => [string, string])[] = [
    () => {
      const [a, b] = [int(1, 999), int(2, 999)];
      return [`\\frac{${a}}{${b}}`, random() < 0.5 ? `\\dfrac{${a * 3}}{${b * 3}}` : `${(a / b).toFixed(int(1, 5))}`];
    },
    () => {
      const [a, b] = [int(2, 99), int(2, 50)];
      return [`${a}\\sqrt{${b}}`, random() < 0.5 ? `\\sqrt{${a * a * b}}` : `\\sqrt{${a * a * b + 1}}`];
    },
    () => {
      const [a, b] = [int(1, 30), int(1, 30)];
      return [`(x+${a})(x-${b})`, random() < 0.5 ? `x^2+${a - b}x-${a * b}` : `x^2+${a + b}x-${a * b}`];
    },
    () => {
      const [a, b] = [int(-99, 0), int(1, 99)];
      return [`(${a}, ${b}]`, random() < 0.5 ? `${a} < x \\le ${b}` : `\\left[${a}, ${b}\\right]`];
    },
    () => {
      const [a, b, c] = [int(1, 9), int(1, 9), int(1, 99)];
      return [`${a}x + ${b}y = ${c}`, random() < 0.5 ? `${-2 * a}x - ${2 * b}y + ${2 * c} = 0` : `y = ${c} - ${a}x`];
    },
    () => {
      const [a, b, c, d] = [int(-9, 9), int(-9, 9), int(-9, 9), int(-9, 9)];
      return [
        `\\begin{pmatrix} ${a} & ${b} \\\\ ${c} & ${d} \\end{pmatrix}`,
        `\\begin{bmatrix} ${a} & ${b} \\\\ ${random() < 0.5 ? c : c + 1} & ${d} \\end{bmatrix}`,
      ];
    },
    () => {
      const a = int(1, 999);
      return [`${a / 10}\\%`, random() < 0.5 ? `${a / 1000}` : `\\frac{${a}}{${int(100, 999)}}`];
    },
    () => {
      const [a, b] = [int(1, 50), int(1, 50)];
      return [`\\{${a}, ${b}, ${a + b}\\}`, random() < 0.5 ? `${a + b}, ${b}, ${a}` : `x = ${a} \\text{ or } x = ${b}`];
    },
    () => {
      const [a, b] = [int(1, 9), int(2, 9)];
      return [`\\frac{${a}\\pi}{${b}}`, random() < 0.5 ? `${a}\\pi/${b}` : `\\frac{\\pi}{${b}} \\cdot ${a + 1}`];
    },
    () => {
      const a = int(10 ** 9, 10 ** 12);
      return [`${a.toLocaleString('en')}`, random() < 0.5 ? `${a}` : `${a + 1}`];
    },
  ];
  const seen = new Set<string>();
  const pairs: [string, string][] = [];
  while (pairs.length < count) {
    const pair = makers[int(0, makers.length - 1)]!();
    const key = pair.join('\0');
    if (seen.has(key)) continue;
    seen.add(key);
    pairs.push(pair);
  }
  return pairs;
}
