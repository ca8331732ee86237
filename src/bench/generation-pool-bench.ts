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
/**
 * The short fixed latency where the client's CPU shows, then a teacher's real pace (streamed
 * replies of 1.5 s). A real generation is thousands of answers: 4,000 is what a project's
 * first target makes (2 levels of 10 tags, 10 questions a leaf, 4 answers each). At 500 ms
 * that is 50 rounds of the pool's 80 slots (25 s at the bound); at 1.5 s, 2,000 answers are
 * 25 rounds (37.5 s). What the whole command adds (start-up, the last round, the final check)
 * is then about the share of a run a user would see at these paces; against real teachers
 * (5–30 s an answer) it is smaller still.
 */
const SETTINGS = [
  { latencyMs: 500, stream: false, questions: 1000 },
  { latencyMs: 1500, stream: true, questions: 500 },
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
    const slots = TEACHERS.reduce((sum, each) => sum + each.concurrency, 0);
    for (const teacher of TEACHERS) {
      const got = inProcess.teachers.get(teacher.name) ?? { answers: 0, lastSeconds: 0 };
      const boundShare = Math.round((teacher.concurrency / slots) * 100);
      report(`  "${teacher.name}": share of the answers (its bound's share ${boundShare} %)`, (got.answers / inProcess.done) * 100, '%');
      report(`  "${teacher.name}": its last answer came at`, got.lastSeconds, 's', `${inProcess.seconds.toFixed(2)} s (the run's end)`);
    }

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
