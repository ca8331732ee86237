import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { newProjectConfig } from '../core/project-config.js';
import { createTeacherClient } from '../llm/index.js';
import { ProjectStore } from '../store/project-store.js';
import { addBenchQuestions, timeAnswersStage } from './answers-run.js';
import type { Report } from './report.js';

// Real teacher calls take seconds; half a second keeps the bench short while the client overhead still shows.
const LATENCY_MS = 500;
const CONCURRENCY = 64;
// A whole number of waves (QUESTIONS × CANDIDATES a multiple of CONCURRENCY), so no half-empty last wave skews the figure.
const QUESTIONS = 512;
const CANDIDATES = 4;

/** Starts the offline teacher in its own process, so its work does not share our event loop. */
export async function startTeacherProcess(latencyMs: number): Promise<{ url: string; stop: () => void }> {
  const entry = fileURLToPath(new URL('../offline-teacher/serve-main.js', import.meta.url));
  const child = spawn(process.execPath, [entry, '--latency', String(latencyMs)], { stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  for await (const chunk of child.stdout) {
    output += String(chunk);
    const match = /listening (\S+)/.exec(output);
    if (match) return { url: match[1]!, stop: () => child.kill('SIGTERM') };
  }
  await once(child, 'exit');
  throw new Error('the offline teacher did not start');
}

/**
 * Answers QUESTIONS × CANDIDATES requests through the real pipeline and SDK
 * against a loopback teacher that takes LATENCY_MS per request. With
 * CONCURRENCY requests in flight, no client can beat CONCURRENCY ÷ latency.
 */
export async function benchGeneration(report: Report): Promise<void> {
  const teacher = await startTeacherProcess(LATENCY_MS);
  const dir = join(await mkdtemp(join(tmpdir(), 'distill-bench-gen-')), 'p');
  try {
    const store = await ProjectStore.create(
      dir,
      newProjectConfig({ topic: 'Sports science', baseUrl: teacher.url, concurrency: CONCURRENCY }),
    );
    const tagId = await addBenchQuestions(store, QUESTIONS);
    const client = createTeacherClient({ baseUrl: teacher.url, apiKey: 'bench', timeoutMs: 60_000, maxRetries: 0, stream: false });
    const { done, seconds } = await timeAnswersStage({ store, client, concurrency: CONCURRENCY }, tagId, CANDIDATES);
    const rate = done / seconds;
    const bound = CONCURRENCY / (LATENCY_MS / 1000);
    report(`generation: ${done} answers, concurrency ${CONCURRENCY}, ${LATENCY_MS} ms latency`, rate, 'answers/s', `bound ${bound}/s`);
    report('generation: share of the concurrency ÷ latency bound', (rate / bound) * 100, '%', '≥ 95 %');
    await store.close();
  } finally {
    teacher.stop();
    await rm(dir, { recursive: true, force: true });
  }
}
