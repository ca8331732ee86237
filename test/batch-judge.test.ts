// Judging through the Batch bridge: `batch export --stage judge` writes the requests a live
// `distill judge` would send (same scope, same rubric, the judge's structured output), and
// `batch import` stores the judgements like a live run: OpenAI- and vLLM-shaped results, failures
// recorded, nothing stored twice, a result for a candidate changed since the export not stored,
// and a wrong file refused whole.
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BatchRequestLine } from '../src/batch/batch-lines.js';
import { startOfflineTeacher, type OfflineTeacher } from '../src/offline-teacher/offline-teacher.js';
import { readJudgements } from '../src/store/judgement-store.js';
import { ProjectStore } from '../src/store/project-store.js';
import { tempDir } from './support/run-cli.js';
import { runMain, statsInProcess } from './support/run-main.js';

let teacher: OfflineTeacher;
beforeAll(async () => {
  teacher = await startOfflineTeacher();
});
afterAll(async () => {
  await teacher.close();
});

async function answeredProject(): Promise<string> {
  const project = join(await tempDir('distill-batch-judge-'), 'p');
  const init = await runMain(['init', project, '--topic', 'Sports science', '--base-url', teacher.url]);
  expect(init.code, init.stderr).toBe(0);
  const sizes = ['--levels', '2', '--tags-per-level', '2', '--questions-per-tag', '3', '--candidates', '3'];
  const auto = await runMain(['auto', '--project', project, ...sizes]);
  expect(auto.code, auto.stderr).toBe(0);
  return project;
}

interface ExportJson {
  files: { path: string; requests: number }[];
  requests: number;
}

async function exportJudge(project: string, ...extra: string[]): Promise<{ result: ExportJson; requests: BatchRequestLine[] }> {
  const run = await runMain(['batch', 'export', '--stage', 'judge', '--json', '--project', project, ...extra]);
  expect(run.code, run.stderr).toBe(0);
  const result = JSON.parse(run.stdout) as ExportJson;
  const text = (await Promise.all(result.files.map((file) => readFile(file.path, 'utf8')))).join('');
  const requests = text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as BatchRequestLine);
  return { result, requests };
}

/** What the offline teacher answers to a request, as a batch runner would get it. */
async function completionFor(request: BatchRequestLine): Promise<Record<string, unknown>> {
  const response = await fetch(new URL(teacher.url).origin + request.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(request.body),
  });
  return (await response.json()) as Record<string, unknown>;
}

const openaiLine = (request: BatchRequestLine, n: number, body: unknown) => ({
  id: `batch_req_${n}`,
  custom_id: request.custom_id,
  response: { status_code: 200, request_id: `req_${n}`, body },
  error: null,
});
const vllmLine = (request: BatchRequestLine, n: number, body: unknown) => ({
  id: `vllm-${n.toString(16).padStart(32, '0')}`,
  custom_id: request.custom_id,
  response: { status_code: 200, request_id: `vllm-batch-${n}`, body },
  error: null,
});

async function writeLines(dir: string, name: string, lines: readonly unknown[]): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, lines.map((line) => JSON.stringify(line)).join('\n') + '\n');
  return path;
}

async function allJudgements(project: string) {
  const names = await readdir(join(project, 'data', 'judgements')).catch(() => [] as string[]);
  const tagIds = names.filter((name) => name.endsWith('.jsonl')).map((name) => name.slice(0, -'.jsonl'.length));
  return (await Promise.all(tagIds.map((tagId) => readJudgements(project, tagId)))).flatMap((map) => [...map.values()]);
}

interface ImportJson {
  imported: { judge: number };
  alreadyPresent: number;
  failed: number;
  stale: number;
  failures: { stage: string; target: string; reason: string }[];
  checked: { candidates: number } | null;
}

async function importFiles(project: string, ...files: string[]): Promise<ImportJson> {
  const run = await runMain(['batch', 'import', '--json', '--project', project, ...files]);
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as ImportJson;
}

describe('judging through the Batch bridge', () => {
  it('exports the live judge requests and imports OpenAI and vLLM results as judgements, once', async () => {
    const project = await answeredProject();
    const checked = JSON.parse((await runMain(['check', '--json', '--project', project])).stdout) as { passing: number };
    const { result, requests } = await exportJudge(project);
    // As a live run: the candidates that pass the other rules, with the rubric and a JSON schema.
    expect(result.requests).toBe(checked.passing);
    expect(result.files.map((file) => file.path.split('/').at(-1))).toEqual(['judge-001.jsonl']);
    const first = requests[0]!;
    expect(first.custom_id).toMatch(/^distill:judge:t[0-9a-z]{6}-\d+-\d+:[0-9a-f]{12}$/);
    expect(first.body.response_format).toMatchObject({ type: 'json_schema', json_schema: { name: 'judgement', strict: true } });
    expect(JSON.stringify(first.body.messages)).toMatch(/1.{0,4}10/);

    // Half come back from OpenAI, half from vLLM; one failed in vLLM, one judge wrote no judgement.
    const [failed, unusable, ...rest] = requests;
    const half = Math.floor(rest.length / 2);
    const openai = await Promise.all(rest.slice(0, half).map(async (request, i) => openaiLine(request, i, await completionFor(request))));
    const garbled = await completionFor(unusable!);
    const choice = (garbled.choices as { message: { content: string } }[])[0]!;
    choice.message.content = 'Looks fine to me overall.';
    const vllm = [
      ...(await Promise.all(rest.slice(half).map(async (request, i) => vllmLine(request, i, await completionFor(request))))),
      vllmLine(unusable!, 900, garbled),
      {
        id: 'vllm-failed',
        custom_id: failed!.custom_id,
        response: { status_code: 400, request_id: 'vllm-batch-f', body: null },
        error: { error: { message: "This model's maximum context length is 4096 tokens.", type: 'BadRequestError', code: 400 } },
      },
    ];
    const dir = await tempDir('distill-batch-judge-results-');
    const openaiFile = await writeLines(dir, 'openai-output.jsonl', openai);
    const vllmFile = await writeLines(dir, 'vllm-output.jsonl', vllm);
    const imported = await importFiles(project, openaiFile, vllmFile);
    expect(imported.imported.judge).toBe(rest.length);
    expect(imported.failed).toBe(2);
    expect(imported.failures.map((failure) => failure.stage)).toEqual(['judge', 'judge']);
    const reasons = imported.failures.map((failure) => failure.reason).sort();
    expect(reasons[0]).toMatch(/^batch error 400: This model's maximum context length/);
    expect(reasons[1]).toMatch(/^the judge gave no usable judgement: the reply contains no JSON object/);
    // The checks ran, as after a live judge run: judge_score is computed from what was stored.
    expect(imported.checked).not.toBeNull();

    const stored = await allJudgements(project);
    expect(stored).toHaveLength(rest.length);
    expect(stored.every((judgement) => judgement.teacher === 'default' && judgement.score >= 1 && judgement.score <= 10)).toBe(true);
    expect((await statsInProcess(project)).judge?.judged).toBe(rest.length);

    // A second import of the same files stores nothing twice.
    const again = await importFiles(project, openaiFile, vllmFile);
    expect(again.imported.judge).toBe(0);
    expect(again.alreadyPresent).toBe(rest.length);
    expect(await allJudgements(project)).toHaveLength(rest.length);

    // The next export asks only for the two that failed; a live run then judges just those.
    const retry = await exportJudge(project);
    expect(retry.requests.map((request) => request.custom_id).sort()).toEqual([failed!.custom_id, unusable!.custom_id].sort());
    const asked = teacher.requests.filter((request) => request.kind === 'judge').length;
    const live = await runMain(['judge', '--project', project, '--json']);
    expect(live.code, live.stderr).toBe(0);
    expect((JSON.parse(live.stdout) as { judge: { asked: number } }).judge.asked).toBe(2);
    expect(teacher.requests.filter((request) => request.kind === 'judge').length - asked).toBe(2);
  });

  it('stores no judgement for a candidate changed since the export, and refuses wrong files whole', async () => {
    const project = await answeredProject();
    const { requests } = await exportJudge(project, '--all');
    // --all: every candidate of a live question.
    expect(requests).toHaveLength(36);
    const dir = await tempDir('distill-batch-judge-results-');
    const results = await writeLines(
      dir,
      'output.jsonl',
      await Promise.all(requests.map(async (request, i) => openaiLine(request, i, await completionFor(request)))),
    );

    // A question edited after the export: its candidates' results are about the old text.
    const edited = requests[0]!.custom_id.split(':')[2]!.replace(/-\d+$/, '');
    const store = await ProjectStore.open(project);
    try {
      await store.editQuestion(edited, 'How does a two-week taper change a marathoner’s glycogen stores?');
    } finally {
      await store.close();
    }

    // Wrong files first: the request file itself, another project's results. Nothing is stored.
    const requestFile = (await exportJudge(project, '--all', '--again')).result.files[0]!.path;
    const asRequests = await runMain(['batch', 'import', '--project', project, requestFile]);
    expect(asRequests.code).toBe(1);
    expect(asRequests.stderr).toMatch(/is a batch request file \(line 1 is a request\), not results; nothing was imported/);
    const other = await answeredProject();
    const foreign = await runMain(['batch', 'import', '--project', other, results]);
    expect(foreign.code).toBe(1);
    expect(foreign.stderr).toContain('holds the results of another project');
    expect(await allJudgements(project)).toHaveLength(0);
    expect(await allJudgements(other)).toHaveLength(0);

    const imported = await importFiles(project, results);
    const ofEdited = requests.filter((request) => request.custom_id.includes(`:${edited}-`)).length;
    expect(ofEdited).toBe(3);
    expect(imported.stale).toBe(ofEdited);
    expect(imported.imported.judge).toBe(36 - ofEdited);
    const stored = await allJudgements(project);
    expect(stored.some((judgement) => judgement.id.startsWith(`${edited}-`))).toBe(false);
  });

  it('says in one line when no teacher judges, and refuses --teacher for another stage', async () => {
    const project = await answeredProject();
    const unknown = await runMain(['batch', 'export', '--stage', 'judge', '--teacher', 'nobody', '--project', project]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr.trim()).toMatch(/^distill: --teacher "nobody": the project has no such teacher \(it has "default"/);
    const misplaced = await runMain(['batch', 'export', '--stage', 'answers', '--all', '--project', project]);
    expect(misplaced.code).toBe(2);
    expect(misplaced.stderr).toContain('--all is for --stage judge only');
  });
});
