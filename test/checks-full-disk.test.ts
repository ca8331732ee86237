// The checks' caches are optional: on a full or read-only filesystem (a real tmpfs,
// mounted for the test) check, stats, accept and export still work and give the right
// answers; the cache is written again once there is room.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { appendFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { candidateId } from '../src/core/ids.js';
import { newProjectConfig } from '../src/core/project-config.js';
import type { Candidate } from '../src/core/types.js';
import { ProjectStore } from '../src/store/project-store.js';

const scratch = mkdtempSync(join(tmpdir(), 'distill-full-disk-'));
const mounts: string[] = [];

/** Mounts a small tmpfs at `dir`; false where this process may not mount (not root, no CAP_SYS_ADMIN). */
function mountTmpfs(dir: string, size: string): boolean {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir], { stdio: 'ignore' });
    mounts.push(dir);
    return true;
  } catch {
    return false;
  }
}

const probe = join(scratch, 'probe');
execFileSync('mkdir', ['-p', probe]);
const canMount = mountTmpfs(probe, '64k');

afterAll(() => {
  for (const dir of mounts.reverse()) execFileSync('umount', ['-l', dir], { stdio: 'ignore' });
  rmSync(scratch, { recursive: true, force: true });
});

async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const code = await main(args, { stdout, stderr, env: { ...process.env, NO_COLOR: '1' }, cwd: scratch });
  return { code, stdout: out, stderr: err };
}

const TRACE = 'First I recall what the question gives, then I compute step by step and check the units before I answer.';

async function seedProject(dir: string): Promise<{ tagId: string; questionIds: string[] }> {
  const store = await ProjectStore.create(dir, newProjectConfig({ topic: 'Sports science', baseUrl: 'offline' }));
  const [tag] = await store.addTags(null, ['Energy'], 'generated');
  const questions = await store.addQuestions(
    tag!.id,
    [
      { text: 'A runner covers 8 km five times a week. How many km per week?', reference: '40' },
      { text: 'Which fuel dominates a marathon?' },
    ],
    'generated',
  );
  const answers = [
    ['The weekly distance is $\\boxed{40}$ km.', 'So $\\boxed{40}$.', 'The answer is 45.'],
    ['Answer: glycogen', 'Answer: glycogen', 'Answer: fat'],
  ];
  const candidates: Candidate[] = questions.flatMap((question, q) =>
    answers[q]!.map((answer, sample) => ({
      id: candidateId(question.id, sample),
      questionId: question.id,
      tagId: tag!.id,
      sample,
      reasoning: TRACE + ' '.repeat(sample),
      answer,
      finishReason: 'stop',
      usage: null,
      model: 'test',
      latencyMs: 1,
      createdAt: new Date().toISOString(),
    })),
  );
  await store.appendCandidates(candidates);
  await store.close();
  return { tagId: tag!.id, questionIds: questions.map((question) => question.id) };
}

/** Writes a filler file until the filesystem has no room left. */
async function fill(dir: string): Promise<string> {
  const filler = join(dir, 'filler');
  const chunk = Buffer.alloc(4096, 1);
  for (;;) {
    try {
      await appendFile(filler, chunk);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOSPC') return filler;
      throw error;
    }
  }
}

const strictRules = async (): Promise<string> => {
  const path = join(scratch, 'strict-rules.json');
  await writeFile(path, JSON.stringify({ tooShort: { answerChars: 30 } }));
  return path;
};

describe.skipIf(!canMount)('the checks on a full or read-only disk', () => {
  it('check, stats and export work on a full disk, and the cache is written again once there is room', async () => {
    const root = join(scratch, 'full');
    await mkdir(root);
    expect(mountTmpfs(root, '2m')).toBe(true);
    const project = join(root, 'project');
    await seedProject(project);
    expect((await run(['check', '--project', project])).code).toBe(0);
    expect((await run(['accept', '--passing', '--project', project])).code).toBe(0);
    const before = JSON.parse((await run(['check', '--project', project, '--json'])).stdout) as { flags: Record<string, number> };

    const filler = await fill(root);
    const check = await run(['check', '--project', project, '--json', '--rules', await strictRules()]);
    expect(check.code).toBe(0);
    const strict = JSON.parse(check.stdout) as { flags: Record<string, number>; warnings: string[]; passing: number };
    expect(strict.flags.too_short).toBe(5);
    expect(strict.warnings).toEqual([expect.stringMatching(/could not save the checks cache in .*\(ENOSPC\)/)]);
    const stats = await run(['stats', '--project', project, '--json']);
    expect(stats.code).toBe(0);
    expect(JSON.parse(stats.stdout)).toMatchObject({ candidates: 6, status: { accepted: 2 }, flags: before.flags });
    const out = join(scratch, 'full-export.jsonl');
    expect((await run(['export', '--project', project, '--format', 'alpaca', '--out', out])).code).toBe(0);
    expect((await readFile(out, 'utf8')).trim().split('\n')).toHaveLength(2);

    await rm(filler);
    const again = JSON.parse((await run(['check', '--project', project, '--json'])).stdout) as { warnings: string[]; extracted: number };
    expect(again).toMatchObject({ warnings: [], extracted: 0 });
  });

  it('check, stats and export work on a read-only project', async () => {
    const root = join(scratch, 'readonly');
    await mkdir(root);
    expect(mountTmpfs(root, '2m')).toBe(true);
    const project = join(root, 'project');
    await seedProject(project);
    expect((await run(['accept', '--passing', '--project', project])).code).toBe(0);
    execFileSync('mount', ['-o', 'remount,ro', root]);
    const check = await run(['check', '--project', project, '--json']);
    expect(check.code).toBe(0);
    expect(JSON.parse(check.stdout)).toMatchObject({ candidates: 6, warnings: [expect.stringMatching(/\(EROFS\)/)] });
    expect((await run(['stats', '--project', project])).code).toBe(0);
    const out = join(scratch, 'readonly-export.jsonl');
    expect((await run(['export', '--project', project, '--format', 'messages', '--out', out])).code).toBe(0);
    expect((await readFile(out, 'utf8')).trim().split('\n')).toHaveLength(2);
  });

  it('accept --passing chooses the same candidates when no cache can be written', async () => {
    const project = join(scratch, 'cache-full', 'project');
    const { questionIds } = await seedProject(project);
    const checks = join(project, 'cache', 'checks');
    await mkdir(checks, { recursive: true });
    expect(mountTmpfs(checks, '64k')).toBe(true);
    await fill(checks);
    const accept = await run(['accept', '--passing', '--project', project, '--json']);
    expect(accept.code).toBe(0);
    expect(accept.stdout).toContain(candidateId(questionIds[0]!, 0));
    const stats = JSON.parse((await run(['stats', '--project', project, '--json'])).stdout) as { status: { accepted: number } };
    expect(stats.status.accepted).toBe(2);
  });
});
