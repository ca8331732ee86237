// What batch import reads: results in vLLM's run-batch shape and OpenAI's, with every error shape
// either writes; and the files it refuses whole (a request file, another project's results,
// another tool's batch, garbage), writing nothing. Then the checks it runs, as a live run would.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportBatchRequests } from '../src/batch/batch-export.js';
import { importBatchResults } from '../src/batch/batch-import.js';
import type { BatchRequestLine } from '../src/batch/batch-lines.js';
import { newProjectConfig } from '../src/core/project-config.js';
import type { Question } from '../src/core/types.js';
import { startOfflineTeacher, type OfflineTeacher } from '../src/offline-teacher/offline-teacher.js';
import { ProjectStore } from '../src/store/project-store.js';
import { tempDir } from './support/run-cli.js';
import { runMain as run } from './support/run-main.js';

let teacher: OfflineTeacher;
const stores: ProjectStore[] = [];
beforeAll(async () => {
  teacher = await startOfflineTeacher();
});
afterAll(async () => {
  await teacher.close();
  await Promise.all(stores.map((store) => store.close()));
});

async function project(candidates = 4): Promise<{ store: ProjectStore; questions: Question[]; dir: string }> {
  const dir = await tempDir('distill-batch-files-');
  const config = newProjectConfig({ topic: 'Sports science', baseUrl: 'offline' });
  const store = await ProjectStore.create(join(dir, 'project'), { ...config, generation: { ...config.generation, candidates } });
  stores.push(store);
  const [tag] = await store.addTags(null, ['Endurance Training'], 'manual');
  const questions = await store.addQuestions(
    tag!.id,
    [
      { text: 'What is the lactate threshold, and why is it often a better predictor of endurance race performance than VO2max?' },
      { text: 'What is "fartlek" training, and how does it differ from structured interval training?' },
    ],
    'manual',
  );
  return { store, questions, dir };
}

async function requestsOf(store: ProjectStore, dir: string, candidates?: number): Promise<BatchRequestLine[]> {
  const exported = await exportBatchRequests(store, { stage: 'answers', outDir: join(dir, 'out'), ...(candidates ? { candidates } : {}) });
  const text = (await Promise.all(exported.files.map((file) => readFile(file.path, 'utf8')))).join('');
  return text
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as BatchRequestLine);
}

/** The chat completion the teacher gives for a request, as a batch runner would get it. */
async function completionFor(request: BatchRequestLine): Promise<unknown> {
  const response = await fetch(new URL(teacher.url).origin + request.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(request.body),
  });
  return response.json();
}

const vllmId = (n: number) => `vllm-${n.toString(16).padStart(32, '0')}`;

async function writeLines(dir: string, name: string, lines: readonly unknown[]): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, lines.map((line) => (typeof line === 'string' ? line : JSON.stringify(line))).join('\n') + '\n');
  return path;
}

async function snapshot(store: ProjectStore, dir: string) {
  const tagId = store.tags()[0]!.id;
  const ledger = await readFile(join(store.dir, 'data', 'batch-ledger.jsonl'), 'utf8').catch(() => '');
  return { candidates: (await store.candidates(tagId)).length, failures: await store.failures(), ledger, dir };
}

describe('batch import reads both runners', () => {
  it('takes vLLM and OpenAI results and records every error shape either writes, with its reason', async () => {
    const { store, dir } = await project(4);
    const requests = await requestsOf(store, dir);
    expect(requests).toHaveLength(8);
    const [a, b, c, d, e, f, g, h] = requests;
    const lines = [
      // vLLM run-batch: a success, then its three error shapes (a string, its ErrorResponse, the older flat one).
      {
        id: vllmId(1),
        custom_id: a!.custom_id,
        response: { status_code: 200, request_id: 'vllm-batch-1', body: await completionFor(a!) },
        error: null,
      },
      {
        id: vllmId(2),
        custom_id: b!.custom_id,
        response: { status_code: 400, request_id: 'vllm-batch-2', body: null },
        error: 'Request must not be sent in stream mode',
      },
      {
        id: vllmId(3),
        custom_id: c!.custom_id,
        response: { status_code: 400, request_id: 'vllm-batch-3', body: null },
        error: {
          error: { message: "This model's maximum context length is 4096 tokens.", type: 'BadRequestError', param: null, code: 400 },
        },
      },
      {
        id: vllmId(4),
        custom_id: d!.custom_id,
        response: { status_code: 400, request_id: 'vllm-batch-4' },
        error: { object: 'error', message: 'The model `gpt-x` does not exist.', type: 'NotFoundError', param: null, code: 404 },
      },
      // OpenAI: a success, an error-file line, a non-200 response with its error body.
      {
        id: 'batch_req_5',
        custom_id: e!.custom_id,
        response: { status_code: 200, request_id: 'req_5', body: await completionFor(e!) },
        error: null,
      },
      {
        id: 'batch_req_6',
        custom_id: f!.custom_id,
        response: null,
        error: { code: 'batch_expired', message: 'This request could not be executed before the completion window expired.' },
      },
      {
        id: 'batch_req_7',
        custom_id: g!.custom_id,
        response: {
          status_code: 429,
          request_id: 'req_7',
          body: { error: { message: 'Rate limit reached for requests', type: 'requests', param: null, code: 'rate_limit_exceeded' } },
        },
        error: null,
      },
      {
        id: vllmId(8),
        custom_id: h!.custom_id,
        response: { status_code: 200, request_id: 'vllm-batch-8', body: await completionFor(h!) },
        error: null,
      },
    ];
    const file = await writeLines(dir, 'mixed-results.jsonl', lines);
    const result = await importBatchResults(store, [file]);
    expect(result).toMatchObject({
      lines: 8,
      imported: { answers: 3 },
      failed: 5,
      unknown: 0,
      refused: { count: 0 },
      unreadable: { count: 0 },
    });

    const idOf = (request: BatchRequestLine) => request.custom_id.split(':').at(-1)!;
    const reasons = new Map((await store.failures()).map((failure) => [failure.target, failure.reason]));
    expect(Object.fromEntries(reasons)).toEqual({
      [idOf(b!)]: 'batch error: Request must not be sent in stream mode',
      [idOf(c!)]: "batch error 400: This model's maximum context length is 4096 tokens.",
      [idOf(d!)]: 'batch error 404: The model `gpt-x` does not exist.',
      [idOf(f!)]: 'batch error batch_expired: This request could not be executed before the completion window expired.',
      [idOf(g!)]: 'HTTP 429 rate_limit_exceeded: Rate limit reached for requests',
    });
    const candidates = await store.candidates(store.tags()[0]!.id);
    expect(candidates.map((candidate) => candidate.id).sort()).toEqual([idOf(a!), idOf(e!), idOf(h!)].sort());
    expect(candidates.every((candidate) => candidate.answer.length > 0 && candidate.model === 'offline-teacher')).toBe(true);

    // The failed five are asked for again by the next export; the three that came in are not.
    const again = await requestsOf(store, dir);
    expect(again.map((request) => request.custom_id).sort()).toEqual([b, c, d, f, g].map((request) => request!.custom_id).sort());
  });

  it('refuses a sample index the project never asked for, unless an export asked for it', async () => {
    const { store, questions, dir } = await project(4);
    const [request] = await requestsOf(store, dir);
    const body = await completionFor(request!);
    const beyond = `distill:answers:${questions[0]!.id}-7`;
    const file = await writeLines(dir, 'beyond.jsonl', [
      { id: 'batch_req_1', custom_id: request!.custom_id, response: { status_code: 200, body }, error: null },
      { id: 'batch_req_2', custom_id: beyond, response: { status_code: 200, body }, error: null },
    ]);
    const result = await importBatchResults(store, [file]);
    expect(result).toMatchObject({ imported: { answers: 1 }, refused: { count: 1 } });
    expect(result.refused.examples[0]).toBe(
      `${questions[0]!.id}-7: sample index 7, but this project asks for 4 candidates per question (0–3)`,
    );
    expect((await store.candidates(questions[0]!.tagId)).map((candidate) => candidate.sample)).toEqual([0]);

    // An export with --candidates 8 asked for sample 7: its result is taken.
    await requestsOf(store, dir, 8);
    expect((await importBatchResults(store, [file])).imported.answers).toBe(1);
    expect((await store.candidates(questions[0]!.tagId)).map((candidate) => candidate.sample).sort()).toEqual([0, 7]);
  });
});

describe('batch import refuses the wrong file whole', () => {
  it.each([
    ['the request file itself', 'request', /is a batch request file \(line 1 is a request\), not results; nothing was imported$/],
    ['garbage', 'garbage', /is not a Batch API results file \(line 1: not valid JSON\); nothing was imported$/],
    [
      'JSON that is no batch',
      'json',
      /is not a Batch API results file \(line 1: not a batch result \(no custom_id with a response or an error\)\)/,
    ],
    ['an empty file', 'empty', /holds no batch results \(it is empty\); nothing was imported$/],
    [
      "another tool's batch",
      'foreign',
      /no result in it was asked for by distill \(custom_id "request-1" on line 1\); nothing was imported$/,
    ],
    [
      "another project's results",
      'other-project',
      /holds the results of another project \(none of the tags they are for is in .*\); nothing was imported$/,
    ],
    [
      "another project's first round of tags (they name no tag, only its topic)",
      'other-topic',
      /holds the results of another project \(none of the tags they are for is in .*\); nothing was imported$/,
    ],
    ['a good file given with a bad one', 'good-and-bad', /is not a Batch API results file \(line 2: not valid JSON\)/],
  ])('%s: one line, and nothing written', async (_, kind, message) => {
    const { store, dir } = await project(2);
    const requests = await requestsOf(store, dir);
    const good = async () =>
      writeLines(
        dir,
        'good.jsonl',
        await Promise.all(
          requests.map(async (request, i) => ({
            id: `batch_req_${i}`,
            custom_id: request.custom_id,
            response: { status_code: 200, body: await completionFor(request) },
            error: null,
          })),
        ),
      );
    let files: string[];
    switch (kind) {
      case 'request':
        files = [join(dir, 'out', 'answers-001.jsonl')];
        break;
      case 'garbage':
        files = [await writeLines(dir, 'garbage.bin', ['\u0000\u0001PK\u0003\u0004 not json at all'])];
        break;
      case 'json':
        files = [await writeLines(dir, 'other.jsonl', [{ question: 'x', answer: 'y' }])];
        break;
      case 'empty':
        files = [await writeLines(dir, 'empty.jsonl', [''])];
        break;
      case 'foreign':
        files = [
          await writeLines(dir, 'foreign.jsonl', [
            { id: 'batch_req_1', custom_id: 'request-1', response: { status_code: 200, body: {} }, error: null },
          ]),
        ];
        break;
      case 'other-project': {
        const other = await project(2);
        const theirs = await requestsOf(other.store, other.dir);
        files = [
          await writeLines(
            dir,
            'theirs.jsonl',
            await Promise.all(
              theirs.map(async (request) => ({
                id: 'r',
                custom_id: request.custom_id,
                response: { status_code: 200, body: await completionFor(request) },
                error: null,
              })),
            ),
          ),
        ];
        break;
      }
      case 'other-topic': {
        const other = await project(2);
        const exported = await exportBatchRequests(other.store, { stage: 'tags', outDir: join(other.dir, 'out') });
        const [request] = (await readFile(exported.files[0]!.path, 'utf8'))
          .trim()
          .split('\n')
          .map((line) => JSON.parse(line) as BatchRequestLine);
        files = [
          await writeLines(dir, 'their-tags.jsonl', [
            { id: 'r', custom_id: request!.custom_id, response: { status_code: 200, body: await completionFor(request!) }, error: null },
          ]),
        ];
        break;
      }
      default:
        files = [
          await good(),
          await writeLines(dir, 'torn.jsonl', [
            { id: 'r', custom_id: requests[0]!.custom_id, response: null, error: 'x' },
            '{"id": "r", "custom_id": "dis',
          ]),
        ];
    }
    const before = await snapshot(store, dir);
    const error = await importBatchResults(store, files).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain('\n');
    expect(await snapshot(store, dir)).toEqual(before);
  });

  it('says so through the CLI with exit 1 and one line on stderr', async () => {
    const { store, dir } = await project(2);
    await requestsOf(store, dir);
    const { code, stdout, stderr } = await run(['batch', 'import', join(dir, 'out', 'answers-001.jsonl'), '--project', store.dir]);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(
      /^distill: .*answers-001\.jsonl is a batch request file .*nothing was imported \(run it with the Batch API or vLLM run-batch and import the output file it writes\)\n$/,
    );
  });
});

describe('batch import checks what it brings in, as a live run does', () => {
  it('flags a near-duplicate question, so accept --passing right after the import takes none of its answers', async () => {
    const { store, questions, dir } = await project(2);
    const [duplicate] = await store.addQuestions(
      questions[0]!.tagId,
      [{ text: 'What is the lactate threshold, and why is it usually a better predictor of endurance performance than VO2max?' }],
      'manual',
    );
    const requests = await requestsOf(store, dir);
    expect(requests).toHaveLength(6);
    const file = await writeLines(
      dir,
      'results.jsonl',
      await Promise.all(
        requests.map(async (request) => ({
          id: 'r',
          custom_id: request.custom_id,
          response: { status_code: 200, body: await completionFor(request) },
          error: null,
        })),
      ),
    );
    await store.close();

    const imported = await run(['batch', 'import', file, '--project', store.dir]);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toMatch(
      /^read 6 result lines: added 6 candidates\nchecked the project: 6 candidates, \d+ passing, \d+ flagged\n$/,
    );

    const accepted = await run(['accept', '--passing', '--json', '--project', store.dir]);
    expect(accepted.code, accepted.stderr).toBe(0);
    const ids = (JSON.parse(accepted.stdout) as { accepted: string[] }).accepted;
    expect(ids.some((id) => id.startsWith(`${duplicate!.id}-`))).toBe(false);
    expect(ids.filter((id) => id.startsWith(`${questions[0]!.id}-`))).toHaveLength(1);
  });
});
