// The small things a new user trips on (issue 13, §6), each as the user meets it.
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { reviewTemporaryDemo, TEMPORARY_DEMO_PREFIX } from '../src/cli/temporary-demo.js';
import { createDemoProject } from '../src/cli/commands/demo.js';
import { startOfflineTeacher, type OfflineTeacher } from '../src/offline-teacher/offline-teacher.js';
import { ProjectStore } from '../src/store/project-store.js';
import { parseJson } from './support/json.js';
import { cliEnv } from './support/cli-env.js';
import { stringContaining } from './support/matchers.js';
import { runMain } from './support/run-main.js';

const scratch = () => mkdtemp(join(tmpdir(), 'distill-first-steps-'));

describe('first steps', () => {
  let teacher: OfflineTeacher | undefined;
  afterEach(async () => {
    await teacher?.close();
    teacher = undefined;
  });

  it('demo --dir without a terminal says it needs one before generating anything', async () => {
    const dir = join(await scratch(), 'demo');
    const result = await runMain(['demo', '--dir', dir]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'distill: distill demo opens the review screen, which needs an interactive terminal; add --auto to run it without one\n',
    );
    expect(existsSync(dir)).toBe(false);
  });

  it('init does not ask for a key for a teacher on loopback, and does for a remote one', async () => {
    const dir = await scratch();
    for (const url of ['http://127.0.0.1:8000/v1', 'http://localhost:11434/v1', 'offline']) {
      const local = await runMain(['init', join(dir, `p${url.length}`), '--topic', 'Sports science', '--base-url', url]);
      expect(local.code, local.stderr).toBe(0);
      expect(local.stdout, url).not.toContain('is not set');
    }
    const remote = await runMain(['init', join(dir, 'remote'), '--topic', 'Sports science', '--base-url', 'https://api.example.com/v1']);
    expect(remote.stdout).toContain('Note: OPENAI_API_KEY is not set');
  });

  it('auto --json prints exactly one document, with the error, when the run fails', async () => {
    teacher = await startOfflineTeacher({ faults: [{ type: 'status', status: 500, kind: 'answer', match: '#1', times: 1000 }] });
    const project = join(await scratch(), 'p');
    await runMain(['init', project, '--topic', 'Sports science', '--base-url', teacher.url]);
    const args = ['--levels', '1', '--tags-per-level', '1', '--questions-per-tag', '2', '--candidates', '2', '--max-retries', '0'];
    const failed = await runMain(['auto', '--json', '--project', project, ...args]);
    expect(failed.code).toBe(1);
    expect(failed.stdout.trimEnd().split('\n')).toHaveLength(1);
    expect(parseJson(failed.stdout)).toMatchObject({
      stages: { answers: { failed: 2 } },
      error: stringContaining('failed after retries'),
    });

    // A teacher that cannot be reached at all: the run never starts, and still one document says why.
    const unreachable = join(await scratch(), 'q');
    await runMain(['init', unreachable, '--topic', 'Sports science', '--base-url', 'http://127.0.0.1:9/v1']);
    const fatal = await runMain(['auto', '--json', '--project', unreachable, ...args]);
    expect(fatal.code).toBe(1);
    expect(fatal.stdout.trimEnd().split('\n')).toHaveLength(1);
    expect(parseJson<{ error: string }>(fatal.stdout).error).toMatch(/\S/);
  });

  it('counts questions as questions, says the closing line once, and "1 request" in the singular', async () => {
    const project = join(await scratch(), 'p');
    await runMain(['init', project, '--topic', 'Sports science', '--base-url', 'offline']);
    const args = ['--levels', '1', '--tags-per-level', '2', '--questions-per-tag', '3', '--candidates', '1'];
    const plan = await runMain([
      'auto',
      '--dry-run',
      '--project',
      project,
      '--levels',
      '1',
      '--tags-per-level',
      '1',
      '--questions-per-tag',
      '1',
      '--candidates',
      '1',
    ]);
    expect(plan.stdout).toMatch(/ {2}tags {7}1 request \(1 tag\)\n/);
    expect(plan.stdout).toMatch(/ {2}answers {4}1 request\n/);
    const auto = await runMain(['auto', '--project', project, ...args]);
    expect(auto.code, auto.stderr).toBe(0);
    expect(auto.stderr).toMatch(/Finished in [\d.]+ s: tags 2\/2; questions 6\/6; answers 6\/6;/);
    expect(auto.stderr.match(/Finished in/g)).toHaveLength(1);
  });
});

describe('npm start (distill demo without --dir)', () => {
  const temporaryProject = async () => {
    const dir = join(await mkdtemp(join(tmpdir(), TEMPORARY_DEMO_PREFIX)), 'project');
    await (await createDemoProject(dir, 'en')).close();
    return dir;
  };
  const io = () => ({ stdout: new PassThrough(), stderr: new PassThrough(), env: cliEnv(), cwd: process.cwd() });
  const output = (stream: PassThrough) => String(stream.read() ?? '');

  it('removes the temporary project when the reviewer quits without changing it', async () => {
    const dir = await temporaryProject();
    const streams = io();
    await reviewTemporaryDemo(dir, streams, async (projectDir) => {
      // Opening and reading, as the review screen does, changes nothing that counts.
      await (await ProjectStore.open(projectDir)).close();
    });
    expect(existsSync(join(dir, '..'))).toBe(false);
    expect(output(streams.stderr)).toContain('Removed the temporary demo project');
  });

  it('keeps it, and says where, when the reviewer changed it', async () => {
    const dir = await temporaryProject();
    const streams = io();
    await reviewTemporaryDemo(dir, streams, async (projectDir) => {
      const store = await ProjectStore.open(projectDir);
      await store.addTags(null, ['Recovery'], 'manual');
      await store.close();
    });
    expect(await readdir(dir)).toContain('distill.json');
    expect(output(streams.stderr)).toContain(`Kept the demo project, which you changed: ${dir}`);
  });

  it('leaves a --dir project alone (only temporary folders are removed)', async () => {
    const dir = join(await scratch(), 'mine');
    await (await createDemoProject(dir, 'en')).close();
    await writeFile(join(dir, 'notes.txt'), 'mine');
    await reviewTemporaryDemo(dir, io(), async () => {});
    expect(existsSync(join(dir, 'notes.txt'))).toBe(true);
  });
});
