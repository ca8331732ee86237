// `distill probe` on a demo project, through the real SDK against the loopback offline teacher
// playing a student: pass rates vary by question, every graded answer is on disk at once (a torn
// or cut log resumes with exactly the missing samples), the student's answers never become
// candidates, `select --student-pass-rate` keeps a band, and a dead student is one clear line.
import { once } from 'node:events';
import { readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import { createDemoProject, DEMO_GENERATION } from '../src/cli/commands/demo.js';
import { runGenerationCommand } from '../src/cli/generation-command.js';
import { runAuto } from '../src/pipeline/run-generation.js';
import { runMain, statsInProcess } from './support/run-main.js';

let dir: string;
const SAMPLES = 8;

interface ProbeJson {
  questions: number;
  samples: number;
  stored: number;
  answered: number;
  failed: number;
  bands: Record<string, number>;
}

async function probe(...args: string[]): Promise<ProbeJson> {
  const result = await runMain(['probe', '--project', dir, '--json', ...args]);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as ProbeJson;
}

async function probeLines(): Promise<
  {
    question: string;
    sample: number;
    correct: boolean | null;
    answer: string;
  }[]
> {
  return (await readFile(join(dir, 'data', 'probe', 'student.jsonl'), 'utf8'))
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map(
      (line) =>
        JSON.parse(line) as {
          question: string;
          sample: number;
          correct: boolean | null;
          answer: string;
        },
    );
}

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

beforeAll(async () => {
  dir = join(await mkdtemp(join(tmpdir(), 'distill-probe-')), 'project');
  const io = {
    stdout: new PassThrough(),
    stderr: new PassThrough(),
    env: process.env,
    cwd: dir,
  };
  io.stdout.resume();
  io.stderr.resume();
  await (await createDemoProject(dir, 'en')).close();
  await runGenerationCommand('auto', { project: dir, json: true }, io, (ctx) => runAuto(ctx, DEMO_GENERATION));
  const added = await runMain([
    'teacher',
    'add',
    'student',
    '--base-url',
    'offline',
    '--model',
    'offline-student',
    '--roles',
    'probe',
    '--project',
    dir,
  ]);
  expect(added.stderr).toBe('');
}, 300_000);

describe('distill probe', () => {
  it('grades S answers per question and stores pass rates that vary by question', async () => {
    const before = await statsInProcess(dir);
    const summary = await probe('--samples', String(SAMPLES));
    expect(summary.questions).toBe(27);
    expect(summary.answered).toBe(27 * SAMPLES);
    expect(summary.failed).toBe(0);
    const lines = await probeLines();
    expect(lines).toHaveLength(27 * SAMPLES);
    // Questions the student always solves, and questions it never does, among the graded ones.
    expect(summary.bands.always).toBeGreaterThan(0);
    expect(summary.bands.never! + summary.bands.rarely!).toBeGreaterThan(0);
    const perQuestion = new Map<string, boolean[]>();
    for (const line of lines)
      if (line.correct !== null) perQuestion.set(line.question, [...(perQuestion.get(line.question) ?? []), line.correct]);
    expect([...perQuestion.values()].some((grades) => grades.includes(true) && grades.includes(false))).toBe(true);
    // The student's answers are not candidates: nothing to review, nothing exported.
    const after = await statsInProcess(dir);
    expect(after.candidates).toBe(before.candidates);
    expect(after.probes!.student!.samples).toBe(27 * SAMPLES);
  });

  it('asks again only for what is missing after a run was cut off', async () => {
    const file = join(dir, 'data', 'probe', 'student.jsonl');
    const text = await readFile(file, 'utf8');
    const lines = text.split('\n').filter((line) => line !== '');
    // Ten whole lines lost and one torn in half: what a kill -9 mid-append can leave at most.
    const kept = lines.slice(0, lines.length - 11).join('\n') + '\n' + lines.at(-11)!.slice(0, 20);
    await writeFile(file, kept);
    const summary = await probe('--samples', String(SAMPLES));
    expect(summary.answered).toBe(11);
    expect(summary.stored).toBe(27 * SAMPLES - 11);
    expect((await probe('--samples', String(SAMPLES))).answered).toBe(0);
    // More samples later ask only for the new ones.
    expect((await probe('--samples', String(SAMPLES + 2), '--teacher', 'student')).answered).toBe(27 * 2);
  });

  it('feeds select: --student-pass-rate keeps a band and says why the rest is out', async () => {
    const result = await runMain([
      'select',
      '--project',
      dir,
      '--budget',
      '100',
      '--name',
      'hard',
      '--student-pass-rate',
      '-0.99',
      '--json',
    ]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const selection = JSON.parse(await readFile(join(dir, 'data', 'selections', 'hard.json'), 'utf8')) as {
      items: { questionId: string; studentPassRate: number | null }[];
      out: Record<string, string>;
    };
    expect(selection.items.length).toBeGreaterThan(0);
    for (const item of selection.items) expect(item.studentPassRate).not.toBe(1);
    for (const item of selection.items) expect(item.studentPassRate).not.toBeNull();
    expect(Object.values(selection.out)).toContain('outside the student pass-rate band');
    const always = Object.entries(selection.out).filter(([, reason]) => reason === 'outside the student pass-rate band');
    const grades = new Map<string, boolean[]>();
    for (const line of await probeLines())
      if (line.correct !== null) grades.set(line.question, [...(grades.get(line.question) ?? []), line.correct]);
    const stats = await statsInProcess(dir);
    expect(stats.probes!.student!.questions).toBe(27);
    expect(stats.selections!.hard!.studentDifficulty!.always).toBe(0);
    for (const [questionId] of always) {
      const seen = grades.get(questionId);
      expect(seen === undefined || seen.every(Boolean)).toBe(true);
    }
  });

  it('says in one line what is wrong with an unknown or unreachable student, and keeps what was stored', async () => {
    const unknown = await runMain(['probe', '--project', dir, '--teacher', 'nobody']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr.trim().split('\n')).toHaveLength(1);
    expect(unknown.stderr).toMatch(/no such teacher .*student/);

    const port = await closedPort();
    const added = await runMain([
      'teacher',
      'add',
      'gone',
      '--base-url',
      `http://127.0.0.1:${port}/v1`,
      '--model',
      'qwen2.5-7b',
      '--roles',
      'probe',
      '--project',
      dir,
    ]);
    expect(added.code).toBe(0);
    const dead = await runMain(['probe', '--project', dir, '--teacher', 'gone', '--samples', '2', '--max-retries', '0']);
    expect(dead.code).toBe(1);
    const errorLines = dead.stderr.split('\n').filter((line) => line.startsWith('distill:'));
    expect(errorLines).toHaveLength(1);
    expect(errorLines[0]).toMatch(/student "gone" cannot be used: .*127\.0\.0\.1/);
    expect(await probeLines()).toHaveLength(27 * (SAMPLES + 2));
  });
});
