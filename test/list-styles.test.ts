// Real teachers write lists untidily: bare strings, objects without difficulty, short or long lists,
// fences, a long <think> first; their servers take structured output, or JSON mode only, or none.
// Against each, through the real CLI and SDK on loopback, the project gets exactly what was asked.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProjectStats } from '../src/cli/commands/stats.js';
import type { ListStyle } from '../src/offline-teacher/list-styles.js';
import { startOfflineTeacher, type OfflineTeacher } from '../src/offline-teacher/offline-teacher.js';
import { ProjectStore } from '../src/store/project-store.js';
import { tempDir } from './support/run-cli.js';
import { runMain as run } from './support/run-main.js';

let teacher: OfflineTeacher;
beforeAll(async () => {
  teacher = await startOfflineTeacher();
});
afterAll(async () => {
  await teacher.close();
});

async function newProject(model: string): Promise<string> {
  const project = join(await tempDir(), 'running');
  const init = await run(['init', project, '--topic', 'Running', '--base-url', teacher.url, '--model', model]);
  expect(init.code, init.stderr).toBe(0);
  return project;
}

async function stats(project: string): Promise<ProjectStats> {
  const result = await run(['stats', '--json', '--project', project]);
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as ProjectStats;
}

const SHAPES: ListStyle[] = ['strings', 'no-difficulty', 'short', 'long', 'fenced', 'think', 'think-closing-only'];
const SERVERS = [
  { name: 'structured output', suffix: '', format: 'json_schema', extra: 0 },
  { name: 'JSON mode only', suffix: '+json-object-only', format: 'json_object', extra: 1 },
  { name: 'no structured output', suffix: '+no-structured-output', format: undefined, extra: 2 },
] as const;

describe.each(SERVERS)('auto against a teacher with $name', (server) => {
  it.each(SHAPES)('that writes lists %s: exactly the tree, questions and candidates asked for', async (shape) => {
    const model = `offline-teacher+${shape}${server.suffix}`;
    const project = await newProject(model);
    const since = teacher.requests.length;
    const auto = await run([
      'auto',
      '--project',
      project,
      '--levels',
      '1',
      '--tags-per-level',
      '3',
      '--questions-per-tag',
      '5',
      '--candidates',
      '1',
    ]);
    expect(auto.code, auto.stderr).toBe(0);
    expect(await stats(project)).toMatchObject({ tags: 3, leafTags: 3, questions: 15, candidates: 15, failed: 0 });

    // A short list is kept and only the rest asked for: tags 3 = 2 + 1, questions 5 = 3 + 1 + 1.
    const rounds = shape === 'short' ? { tags: 2, questions: 3 } : { tags: 1, questions: 1 };
    const requests = teacher.requests.slice(since).filter((r) => r.kind === 'tags' || r.kind === 'questions');
    // The first list request learns what the server takes (a 400 per step down); every later one is asked right.
    expect(requests.filter((r) => r.status === 400)).toHaveLength(server.extra);
    expect(requests.filter((r) => r.status === 200)).toHaveLength(rounds.tags + 3 * rounds.questions);
    expect(new Set(requests.filter((r) => r.status === 200).map((r) => r.format))).toEqual(new Set([server.format]));

    const store = await ProjectStore.open(project);
    try {
      const questions = (await Promise.all(store.tags().map((tag) => store.questions(tag.id)))).flat();
      expect(questions).toHaveLength(15);
      // Guided decoding writes the schema's difficulty; bare strings and objects without it leave it unknown.
      const withoutDifficulty = server.format !== 'json_schema' && (shape === 'strings' || shape === 'no-difficulty');
      expect(questions.every((question) => (question.difficulty === undefined) === withoutDifficulty)).toBe(true);
      expect(questions.every((question) => !question.text.includes('<think>') && !question.text.startsWith('```'))).toBe(true);
    } finally {
      await store.close();
    }
    if (server.extra > 0) {
      expect(auto.stderr).toContain(`the teacher refused response_format json_schema`);
    }
  });
});

describe('what auto learned about structured output', () => {
  it('is kept in the project: the next run asks a server without it plainly, with no refused request', async () => {
    const model = 'offline-teacher+strings+no-structured-output';
    const project = await newProject(model);
    expect(
      (await run(['auto', '--project', project, '--levels', '1', '--tags-per-level', '2', '--questions-per-tag', '2', '--candidates', '1']))
        .code,
    ).toBe(0);
    const memory = JSON.parse(await readFile(join(project, 'cache', 'structured-output.json'), 'utf8')) as Record<string, string>;
    expect(memory).toEqual({ [`${teacher.url} ${model}`]: 'off' });

    const since = teacher.requests.length;
    const more = await run(['questions', 'generate', '--project', project, '--count', '3']);
    expect(more.code, more.stderr).toBe(0);
    const requests = teacher.requests.slice(since).filter((r) => r.kind === 'questions');
    expect(requests.map((r) => [r.status, r.format])).toEqual([
      [200, undefined],
      [200, undefined],
    ]);
    expect((await stats(project)).questions).toBe(2 * (2 + 3));
    expect(more.stderr).not.toContain('refused');
  });

  it('is not used when the teacher is set to json_schema: the refusal says what to change', async () => {
    const model = 'offline-teacher+no-structured-output';
    const project = await newProject(model);
    const configFile = join(project, 'distill.json');
    const config = JSON.parse(await readFile(configFile, 'utf8')) as { teachers: Record<string, unknown>[] };
    config.teachers[0]!.structuredOutput = 'json_schema';
    await import('node:fs/promises').then((fs) => fs.writeFile(configFile, JSON.stringify(config)));
    const result = await run(['tags', 'generate', '--project', project, '--count', '2']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'the teacher refused response_format json_schema (400: Unrecognized request argument supplied: response_format)',
    );
    expect((await stats(project)).tags).toBe(0);
  });
});
