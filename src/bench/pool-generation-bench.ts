import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectPool } from '../app/connect-pool.js';
import { newProjectConfig } from '../core/project-config.js';
import type { TeacherConfig } from '../core/types.js';
import { ProjectStore } from '../store/project-store.js';
import { startTeacherProcess } from './generation-bench.js';
import { addBenchQuestions, timeAnswersStage } from './answers-run.js';
import type { Report } from './report.js';
import { timeDistillCommand } from './whole-command.js';

// Weights in proportion to what each teacher can do (concurrency ÷ latency), so both finish together.
const TEACHERS = [
  { name: 'big', concurrency: 48, weight: 3 },
  { name: 'small', concurrency: 32, weight: 2 },
];
const CANDIDATES = 4;
/** The short fixed latency where the client's CPU shows, then a teacher's real pace (streamed replies of 1.5 s). */
const SETTINGS = [
  { latencyMs: 500, stream: false, questions: 512 },
  { latencyMs: 1500, stream: true, questions: 160 },
];

interface Setting {
  latencyMs: number;
  stream: boolean;
  questions: number;
}

async function poolProject(dir: string, urls: string[], setting: Setting): Promise<{ store: ProjectStore; tagId: string }> {
  const teachers: TeacherConfig[] = TEACHERS.map((teacher, index) => ({
    name: teacher.name,
    baseUrl: urls[index]!,
    model: `${teacher.name}-model`,
    concurrency: teacher.concurrency,
    weight: teacher.weight,
    roles: index === 0 ? ['questions', 'answers'] : ['answers'],
  }));
  const config = { ...newProjectConfig({ topic: 'Sports science', baseUrl: urls[0]! }), teachers, maxRetries: 0, stream: setting.stream };
  const store = await ProjectStore.create(dir, config);
  return { store, tagId: await addBenchQuestions(store, setting.questions) };
}

/**
 * Answers through a pool of two loopback teachers, each in its own process at a
 * fixed latency: no client can beat the sum of their concurrency ÷ latency.
 * Measured in-process (the pipeline alone) and as the whole `distill answers
 * generate` command a user waits for (process start, the run, the final check).
 */
export async function benchPoolGeneration(report: Report): Promise<void> {
  for (const setting of SETTINGS) await benchPoolSetting(report, setting);
}

async function benchPoolSetting(report: Report, setting: Setting): Promise<void> {
  const servers = await Promise.all(TEACHERS.map(() => startTeacherProcess(setting.latencyMs)));
  const root = await mkdtemp(join(tmpdir(), 'distill-bench-pool-'));
  const urls = servers.map((server) => server.url);
  const bound = TEACHERS.reduce((sum, teacher) => sum + teacher.concurrency / (setting.latencyMs / 1000), 0);
  const answers = setting.questions * CANDIDATES;
  const label = `pool of 2 (concurrency ${TEACHERS.map((t) => t.concurrency).join(' + ')}, ${setting.latencyMs} ms, ${setting.stream ? 'streamed' : 'not streamed'})`;
  try {
    const { store, tagId } = await poolProject(join(root, 'in-process'), urls, setting);
    const connection = await connectPool(store.config, process.env, {});
    const inProcess = await timeAnswersStage({ store, pool: connection.pool }, tagId, CANDIDATES);
    const rate = inProcess.done / inProcess.seconds;
    await connection.close();
    await store.close();
    report(`generation: ${label}, ${inProcess.done} answers (in process)`, rate, 'answers/s', `bound ${bound}/s`);
    report('  share of the summed bounds', (rate / bound) * 100, '%', '≥ 95 %');
    report('  client CPU per answer (in process)', (inProcess.cpuSeconds / inProcess.done) * 1000, 'ms');

    const whole = await poolProject(join(root, 'command'), urls, setting);
    await whole.store.close();
    const command = await timeDistillCommand(['answers', 'generate', '--candidates', String(CANDIDATES), '--project', whole.store.dir]);
    report(
      `generation: the same as the whole command, ${answers} answers (start, run, final check)`,
      command.seconds,
      's',
      `≥ ${(answers / bound).toFixed(1)} s`,
    );
    report('  whole command, share of the summed bounds', (answers / bound / command.seconds) * 100, '%', '≥ 95 %');
    if (command.cpuSeconds !== null) {
      report('  whole command, CPU per answer (/usr/bin/time: user + system)', (command.cpuSeconds / answers) * 1000, 'ms');
      report('  whole command, peak RSS', command.maxRssMb!, 'MB');
    }
  } finally {
    for (const server of servers) server.stop();
    await rm(root, { recursive: true, force: true });
  }
}
