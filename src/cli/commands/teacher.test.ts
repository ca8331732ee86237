import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ProjectConfig } from '../../core/types.js';
import { runMain } from '../../../test/support/run-main.js';
import { tempDir } from '../../../test/support/run-cli.js';

async function project(extra: string[] = []): Promise<string> {
  const dir = join(await tempDir(), 'p');
  const init = await runMain([
    'init',
    dir,
    '--topic',
    'Sports science',
    '--base-url',
    'http://127.0.0.1:8000/v1',
    '--model',
    'qwq',
    ...extra,
  ]);
  expect(init.code, init.stderr).toBe(0);
  return dir;
}

async function config(dir: string): Promise<ProjectConfig> {
  return JSON.parse(await readFile(join(dir, 'distill.json'), 'utf8')) as ProjectConfig;
}

const R1 = ['--base-url', 'https://api.deepseek.com/v1', '--model', 'deepseek-reasoner', '--api-key-env', 'DEEPSEEK_API_KEY'];

describe('distill teacher', () => {
  it('adds, lists, replaces and removes teachers; init made the first one, default', async () => {
    const dir = await project(['--logprobs', '5']);
    expect((await config(dir)).teachers).toEqual([
      {
        name: 'default',
        baseUrl: 'http://127.0.0.1:8000/v1',
        model: 'qwq',
        roles: ['questions', 'answers', 'judge'],
        logprobs: { topK: 5 },
      },
    ]);
    const added = await runMain([
      'teacher',
      'add',
      'r1',
      ...R1,
      '--weight',
      '2',
      '--price-in',
      '0.55',
      '--price-out',
      '2.19',
      '--project',
      dir,
    ]);
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout).toBe('Teacher "r1" added; the pool has 2 teachers.\n');
    expect((await config(dir)).teachers![1]).toEqual({
      name: 'r1',
      baseUrl: 'https://api.deepseek.com/v1',
      model: 'deepseek-reasoner',
      apiKeyEnv: 'DEEPSEEK_API_KEY',
      weight: 2,
      roles: ['answers'],
      price: { inputPerMillion: 0.55, outputPerMillion: 2.19 },
    });

    const listed = await runMain(['teacher', 'list', '--project', dir], { env: {} });
    expect(listed.stdout).toContain(
      'default  qwq @ http://127.0.0.1:8000/v1\n    roles questions, answers, judge; concurrency 8, weight 1, logprobs top 5; no price; no key needed',
    );
    expect(listed.stdout).toContain(
      'r1  deepseek-reasoner @ https://api.deepseek.com/v1\n    roles answers; concurrency 8, weight 2; $0.55/$2.19 per M tokens; key DEEPSEEK_API_KEY (not set)',
    );

    const again = await runMain(['teacher', 'add', 'r1', ...R1, '--project', dir]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/there is already a teacher "r1": pass --replace/);
    const replaced = await runMain(['teacher', 'add', 'r1', ...R1, '--roles', 'answers,judge', '--replace', '--project', dir]);
    expect(replaced.code, replaced.stderr).toBe(0);
    expect((await config(dir)).teachers![1]).toMatchObject({ name: 'r1', roles: ['answers', 'judge'] });
    expect((await config(dir)).teachers![1]!.price).toBeUndefined();

    const removed = await runMain(['teacher', 'remove', 'r1', '--project', dir]);
    expect(removed.code, removed.stderr).toBe(0);
    expect((await config(dir)).teachers!.map((each) => each.name)).toEqual(['default']);
  });

  it('refuses what would leave the pool unusable or is not a teacher, and writes nothing', async () => {
    const dir = await project();
    const before = await readFile(join(dir, 'distill.json'), 'utf8');
    const cases: [string[], RegExp][] = [
      [['teacher', 'remove', 'default'], /that would leave the pool unusable: the project has no teacher/],
      [['teacher', 'remove', 'nobody'], /no teacher "nobody"; the pool has: default/],
      [['teacher', 'add', 'bad name', ...R1], /teacher name "bad name" must be letters/],
      [['teacher', 'add', 'x', ...R1, '--roles', 'answers,grading'], /roles are a comma-separated list of: questions, answers, judge/],
      [['teacher', 'add', 'x', ...R1, '--price-in', '1'], /give both --price-in and --price-out/],
      [['teacher', 'add', 'x', '--base-url', 'api.example.com', '--model', 'm'], /--base-url must start with http/],
      [['teacher', 'add', 'default', ...R1, '--roles', 'answers', '--replace'], /no teacher has the role "questions"/],
    ];
    for (const [args, message] of cases) {
      const result = await runMain([...args, '--project', dir]);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr).toMatch(message);
    }
    expect(await readFile(join(dir, 'distill.json'), 'utf8')).toBe(before);
  });

  it('turns the single teacher of an older project into the teacher "default" when the pool grows', async () => {
    const dir = await project();
    const { teachers: _teachers, ...rest } = await config(dir);
    await writeFile(
      join(dir, 'distill.json'),
      JSON.stringify({ ...rest, teacher: { baseUrl: 'http://127.0.0.1:8000/v1', model: 'qwq' }, questionModel: 'qwen' }),
    );
    const listed = await runMain(['teacher', 'list', '--json', '--project', dir]);
    expect(JSON.parse(listed.stdout)).toMatchObject({ teachers: [{ name: 'default', model: 'qwq', questionModel: 'qwen' }] });
    expect((await runMain(['teacher', 'add', 'r1', ...R1, '--project', dir])).code).toBe(0);
    const written = await config(dir);
    expect(written.teacher).toBeUndefined();
    expect(written.questionModel).toBeUndefined();
    expect(written.teachers!.map((each) => [each.name, each.model, each.questionModel])).toEqual([
      ['default', 'qwq', 'qwen'],
      ['r1', 'deepseek-reasoner', undefined],
    ]);
  });
});
