import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { newProjectConfig } from '../core/project-config.js';
import { createTeacherClient } from '../llm/index.js';
import { ProjectStore } from '../store/project-store.js';
import { addBenchQuestions, timeAnswersStage } from './answers-run.js';
import type { Report } from './report.js';

const CONCURRENCY = 64;
const CANDIDATES = 4;
/**
 * Two kinds of row. At a short fixed latency (500 ms) the client's own CPU per answer is what
 * can keep it from the bound; at a teacher's real pace (a 2 s reply, streamed) the bound itself
 * is the limit, and the client needs only a slice of a core to reach it. Both are whole numbers
 * of waves (questions × candidates a multiple of the concurrency), so no half-empty last wave skews them.
 */
const ROWS = [
  { latencyMs: 500, stream: false, questions: 512 },
  { latencyMs: 2000, stream: true, questions: 128 },
];

export interface TeacherProcess {
  url: string;
  stop: () => void;
  /** CPU seconds (user + system) the teacher process has used so far; null where /proc cannot say. */
  cpuSeconds: () => number | null;
}

/** Starts the offline teacher in its own process, so its work does not share our event loop. */
export async function startTeacherProcess(latencyMs: number): Promise<TeacherProcess> {
  const entry = fileURLToPath(new URL('../offline-teacher/serve-main.js', import.meta.url));
  const child = spawn(process.execPath, [entry, '--latency', String(latencyMs)], { stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  for await (const chunk of child.stdout) {
    output += String(chunk);
    const match = /listening (\S+)/.exec(output);
    if (match) return { url: match[1]!, stop: () => child.kill('SIGTERM'), cpuSeconds: () => processCpuSeconds(child.pid) };
  }
  await once(child, 'exit');
  throw new Error('the offline teacher did not start');
}

/**
 * Answers questions × CANDIDATES requests through the real pipeline and SDK against a
 * loopback teacher (its own process) that takes a fixed latency per request. With
 * CONCURRENCY requests in flight, no client can beat CONCURRENCY ÷ latency.
 */
export async function benchGeneration(report: Report): Promise<void> {
  for (const row of ROWS) {
    const teacher = await startTeacherProcess(row.latencyMs);
    const dir = join(await mkdtemp(join(tmpdir(), 'distill-bench-gen-')), 'p');
    try {
      const config = {
        ...newProjectConfig({ topic: 'Sports science', baseUrl: teacher.url, concurrency: CONCURRENCY }),
        stream: row.stream,
      };
      const store = await ProjectStore.create(dir, config);
      const tagId = await addBenchQuestions(store, row.questions);
      const client = createTeacherClient({ baseUrl: teacher.url, apiKey: 'bench', timeoutMs: 60_000, maxRetries: 0, stream: row.stream });
      const run = await timeAnswersStage({ store, client, concurrency: CONCURRENCY }, tagId, CANDIDATES);
      await store.close();
      const rate = run.done / run.seconds;
      const bound = CONCURRENCY / (row.latencyMs / 1000);
      const label = `1 teacher, concurrency ${CONCURRENCY}, ${row.latencyMs} ms, ${row.stream ? 'streamed' : 'not streamed'}`;
      report(`generation: ${label}, ${run.done} answers (in process)`, rate, 'answers/s', `bound ${bound}/s`);
      report('  share of the concurrency ÷ latency bound', (rate / bound) * 100, '%', '≥ 95 %');
      report('  client CPU per answer (this process, user + system)', (run.cpuSeconds / run.done) * 1000, 'ms');
    } finally {
      teacher.stop();
      await rm(join(dir, '..'), { recursive: true, force: true });
    }
  }
}

/** Linux's /proc/PID/stat: utime and stime, in clock ticks (100 a second on every Linux we run on). */
function processCpuSeconds(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}
