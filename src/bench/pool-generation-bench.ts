import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { connectPool } from '../app/connect-pool.js';
import { newProjectConfig } from '../core/project-config.js';
import type { TeacherConfig } from '../core/types.js';
import { ProjectStore } from '../store/project-store.js';
import { startTeacherProcess } from './generation-bench.js';
import { addBenchQuestions, timeAnswersStage } from './answers-run.js';
import type { Report } from './report.js';

const LATENCY_MS = 500;
// Weights in proportion to what each teacher can do (concurrency ÷ latency), so both finish together.
const TEACHERS = [
  { name: 'big', concurrency: 48, weight: 3 },
  { name: 'small', concurrency: 32, weight: 2 },
];
const QUESTIONS = 512;
const CANDIDATES = 4;

async function poolProject(dir: string, urls: string[]): Promise<{ store: ProjectStore; tagId: string }> {
  const teachers: TeacherConfig[] = TEACHERS.map((teacher, index) => ({
    name: teacher.name,
    baseUrl: urls[index]!,
    model: `${teacher.name}-model`,
    concurrency: teacher.concurrency,
    weight: teacher.weight,
    roles: index === 0 ? ['questions', 'answers'] : ['answers'],
  }));
  const config = { ...newProjectConfig({ topic: 'Sports science', baseUrl: urls[0]! }), teachers, maxRetries: 0 };
  const store = await ProjectStore.create(dir, config);
  return { store, tagId: await addBenchQuestions(store, QUESTIONS) };
}

/**
 * Answers through a pool of two loopback teachers, each in its own process at a
 * fixed latency: no client can beat the sum of their concurrency ÷ latency.
 * Measured in-process (the pipeline alone) and as the whole `distill answers
 * generate` command a user waits for (process start, the run, the final check).
 */
export async function benchPoolGeneration(report: Report): Promise<void> {
  const servers = await Promise.all(TEACHERS.map(() => startTeacherProcess(LATENCY_MS)));
  const root = await mkdtemp(join(tmpdir(), 'distill-bench-pool-'));
  const bound = TEACHERS.reduce((sum, teacher) => sum + teacher.concurrency / (LATENCY_MS / 1000), 0);
  const label = `pool of 2 (concurrency ${TEACHERS.map((t) => t.concurrency).join(' + ')}, ${LATENCY_MS} ms)`;
  try {
    const { store, tagId } = await poolProject(
      join(root, 'in-process'),
      servers.map((server) => server.url),
    );
    const connection = await connectPool(store.config, process.env, {});
    const inProcess = await timeAnswersStage({ store, pool: connection.pool }, tagId, CANDIDATES);
    const rate = inProcess.done / inProcess.seconds;
    await connection.close();
    await store.close();
    report(`generation: ${label}, ${inProcess.done} answers`, rate, 'answers/s', `bound ${bound}/s`);
    report('generation: pool, share of the summed bounds', (rate / bound) * 100, '%', '≥ 95 %');

    const whole = await poolProject(
      join(root, 'command'),
      servers.map((server) => server.url),
    );
    await whole.store.close();
    const bin = fileURLToPath(new URL('../../bin/distill.js', import.meta.url));
    const commandStarted = performance.now();
    const child = spawn(process.execPath, [bin, 'answers', 'generate', '--candidates', String(CANDIDATES), '--project', whole.store.dir], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const [code] = (await once(child, 'exit')) as [number | null];
    if (code !== 0) throw new Error(`distill answers generate exited with ${code}`);
    const seconds = (performance.now() - commandStarted) / 1000;
    const answers = QUESTIONS * CANDIDATES;
    report(
      `generation: the whole command, ${answers} answers (start, run, final check)`,
      seconds,
      's',
      `≥ ${(answers / bound).toFixed(1)} s`,
    );
    report('generation: whole command, share of the summed bounds', (answers / bound / seconds) * 100, '%');
  } finally {
    for (const server of servers) server.stop();
    await rm(root, { recursive: true, force: true });
  }
}
