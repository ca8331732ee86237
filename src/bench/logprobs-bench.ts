import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newProjectConfig } from '../core/project-config.js';
import type { Candidate } from '../core/types.js';
import { createTeacherClient } from '../llm/index.js';
import { ProjectStore } from '../store/project-store.js';
import { startTeacherProcess, type TeacherProcess } from './generation-bench.js';
import { addBenchQuestions, timeAnswersStage } from './answers-run.js';
import { median, type Report } from './report.js';

// Generation with logprobs asked for against generation without, on the same loopback teacher:
// what capturing, checking and storing the tokens costs a run, and the sidecar's bytes per token.
// At 1 s a reply (real teachers take longer) the bound is the limit; the client CPU per answer
// beside it says what the tokens cost where the client's CPU is the limit instead.
const LATENCY_MS = 1000;
const CONCURRENCY = 64;
const QUESTIONS = 128;
const CANDIDATES = 4;
const ROUNDS = 3;

interface Run {
  rate: number;
  /** Client CPU milliseconds per answer. */
  cpuMs: number;
  /** The teacher process's CPU milliseconds per answer (it shares the machine's cores with the client). */
  teacherCpuMs: number;
  sidecarBytes: number;
  tokens: number;
}

async function generate(teacher: TeacherProcess, topK: number, stream: boolean): Promise<Run> {
  const url = teacher.url;
  const dir = join(await mkdtemp(join(tmpdir(), 'distill-bench-lp-')), 'p');
  try {
    const config = {
      ...newProjectConfig({ topic: 'Sports science', baseUrl: url, concurrency: CONCURRENCY, ...(topK ? { logprobs: topK } : {}) }),
      stream,
    };
    const store = await ProjectStore.create(dir, config);
    const tagId = await addBenchQuestions(store, QUESTIONS);
    const client = createTeacherClient({ baseUrl: url, apiKey: 'bench', timeoutMs: 60_000, maxRetries: 0, stream });
    const teacherBefore = teacher.cpuSeconds() ?? Number.NaN;
    const { done, seconds, cpuSeconds } = await timeAnswersStage({ store, client, concurrency: CONCURRENCY }, tagId, CANDIDATES);
    const rate = done / seconds;
    const cpuMs = (cpuSeconds / done) * 1000;
    const teacherCpuMs = (((teacher.cpuSeconds() ?? Number.NaN) - teacherBefore) / done) * 1000;
    await store.close();
    let tokens = 0;
    for (const line of (await readFile(join(dir, 'data', 'candidates', `${tagId}.jsonl`), 'utf8')).split('\n')) {
      if (!line.trim()) continue;
      const logprobs = (JSON.parse(line) as Candidate).logprobs;
      if (logprobs && 'tokens' in logprobs) tokens += logprobs.tokens;
    }
    let sidecarBytes = 0;
    const folder = join(dir, 'data', 'logprobs');
    for (const name of await readdir(folder).catch(() => [] as string[])) sidecarBytes += (await stat(join(folder, name))).size;
    return { rate, cpuMs, teacherCpuMs, sidecarBytes, tokens };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export async function benchLogprobs(report: Report): Promise<void> {
  const teacher = await startTeacherProcess(LATENCY_MS);
  try {
    for (const stream of [false, true]) {
      const without: Run[] = [];
      const withFive: Run[] = [];
      // Interleaved rounds, so that the machine's noise falls on both alike.
      for (let round = 0; round < ROUNDS; round++) {
        without.push(await generate(teacher, 0, stream));
        withFive.push(await generate(teacher, 5, stream));
      }
      const rate = (runs: Run[]) => median(runs.map((run) => run.rate));
      const cpu = (runs: Run[]) => median(runs.map((run) => run.cpuMs));
      const label = `${stream ? 'streamed' : 'not streamed'}, concurrency ${CONCURRENCY}, ${LATENCY_MS} ms, median of ${ROUNDS}`;
      report(
        `logprobs: generation without logprobs (${label})`,
        rate(without),
        'answers/s',
        `bound ${CONCURRENCY / (LATENCY_MS / 1000)}/s`,
      );
      report(`logprobs: generation with topK 5 (${label})`, rate(withFive), 'answers/s');
      report('  topK 5 throughput as a share of without', (rate(withFive) / rate(without)) * 100, '%', '≥ 90 %');
      report('  client CPU per answer without / with topK 5', cpu(without), `/ ${cpu(withFive).toFixed(2)} ms`);
      const teacherCpu = (runs: Run[]) => median(runs.map((run) => run.teacherCpuMs));
      report('  loopback teacher CPU per answer without / with topK 5', teacherCpu(without), `/ ${teacherCpu(withFive).toFixed(2)} ms`);
      if (!stream) {
        const five = withFive[withFive.length - 1]!;
        report('logprobs: sidecar bytes per token at topK 5', five.sidecarBytes / five.tokens, 'B/token', '≤ 40');
      }
    }
    const twenty = await generate(teacher, 20, false);
    report('logprobs: sidecar bytes per token at topK 20', twenty.sidecarBytes / twenty.tokens, 'B/token');
  } finally {
    teacher.stop();
  }
}
