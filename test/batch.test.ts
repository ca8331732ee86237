// Batch export → a runner posting every request to the offline teacher over loopback, in shuffled
// order, with one failed line → batch import: exactly the missing items get filled, once.
import { mkdir, mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { firstTeacherWithRole } from '../src/core/teacher-pool-config.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCandidate } from '../src/core/testing/candidate-builder.js';
import { exportBatchRequests } from '../src/batch/batch-export.js';
import { importBatchResults } from '../src/batch/batch-import.js';
import type { BatchRequestLine, BatchResultLine } from '../src/batch/batch-lines.js';
import { newProjectConfig } from '../src/core/project-config.js';
import type { Candidate } from '../src/core/types.js';
import { ProjectStore } from '../src/store/project-store.js';
import { runMain } from './support/run-main.js';
import { startOfflineTeacher, type OfflineTeacher } from '../src/offline-teacher/offline-teacher.js';

let teacher: OfflineTeacher;
const stores: ProjectStore[] = [];
beforeAll(async () => {
  teacher = await startOfflineTeacher();
});
afterAll(async () => {
  await teacher.close();
  // A store keeps its candidate shards' append descriptors open until it is closed.
  await Promise.all(stores.map((store) => store.close()));
});

async function readRequests(files: { path: string }[]): Promise<BatchRequestLine[]> {
  const lines: BatchRequestLine[] = [];
  for (const file of files) {
    const text = await readFile(file.path, 'utf8');
    lines.push(
      ...text
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as BatchRequestLine),
    );
  }
  return lines;
}

/** A deterministic shuffle, so the results come back in an order unlike the requests'. */
function shuffled<T>(items: readonly T[], seed = 7): T[] {
  const out = [...items];
  let state = seed;
  for (let i = out.length - 1; i > 0; i--) {
    state = (state * 1103515245 + 12345) % 2147483648;
    const j = state % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** What an OpenAI-compatible batch runner does: POST each body, write one result line per request. */
async function runBatch(requests: readonly BatchRequestLine[], dir: string, failCustomId?: string): Promise<string> {
  const origin = new URL(teacher.url).origin;
  const results: BatchResultLine[] = [];
  for (const [index, request] of shuffled(requests).entries()) {
    if (request.custom_id === failCustomId) {
      results.push({
        id: `batch_req_${index}`,
        custom_id: request.custom_id,
        response: null,
        error: { code: 'server_error', message: 'the runner gave up' },
      });
      continue;
    }
    expect(request.method).toBe('POST');
    const response = await fetch(origin + request.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer offline' },
      body: JSON.stringify(request.body),
    });
    results.push({
      id: `batch_req_${index}`,
      custom_id: request.custom_id,
      response: { status_code: response.status, body: await response.json() },
      error: null,
    });
  }
  const path = join(dir, `results-${Date.now()}-${Math.random().toString(36).slice(2)}.jsonl`);
  await writeFile(path, results.map((line) => JSON.stringify(line)).join('\n') + '\n');
  return path;
}

async function sportsProject(): Promise<ProjectStore> {
  const dir = await mkdtemp(join(tmpdir(), 'distill-batch-'));
  const config = newProjectConfig({ topic: 'Sports science', baseUrl: 'offline' });
  const store = await ProjectStore.create(join(dir, 'project'), {
    ...config,
    generation: { levels: 2, tagsPerLevel: 2, questionsPerTag: 2, candidates: 3 },
  });
  stores.push(store);
  return store;
}

async function allCandidates(store: ProjectStore): Promise<Candidate[]> {
  const out: Candidate[] = [];
  for (const tag of store.tags()) out.push(...(await store.candidates(tag.id)));
  return out;
}

describe('batch answers round trip', () => {
  it('fills exactly the missing candidates, records the failed one, and adds nothing on a second import', async () => {
    const store = await sportsProject();
    const [physiology] = await store.addTags(null, ['Exercise Physiology'], 'manual');
    const [energy, cardio] = await store.addTags(physiology!.id, ['Energy Systems', 'Cardiorespiratory Fitness'], 'manual');
    const questions = [
      ...(await store.addQuestions(
        energy!.id,
        [{ text: 'Which energy system dominates a 6-second sprint?' }, { text: 'Why does lactate rise?' }],
        'manual',
      )),
      ...(await store.addQuestions(cardio!.id, [{ text: 'What limits VO2max?' }], 'manual')),
    ];
    // Sample 0 of the first question exists already (a live run got it).
    const live = buildCandidate({ question: questions[0]!, reasoning: 'live', answer: 'live answer', model: 'live-model' });
    await store.appendCandidates([live]);

    const outDir = await mkdtemp(join(tmpdir(), 'distill-batch-out-'));
    const exported = await exportBatchRequests(store, { stage: 'answers', outDir });
    const requests = await readRequests(exported.files);
    expect(exported.requests).toBe(3 * 3 - 1);
    expect(requests).toHaveLength(8);
    expect(new Set(requests.map((request) => request.custom_id)).size).toBe(8);
    for (const request of requests) {
      expect(request).toMatchObject({
        method: 'POST',
        url: '/v1/chat/completions',
        body: { model: firstTeacherWithRole(store.config, 'answers').model },
      });
      expect(request.body.messages.length).toBeGreaterThan(0);
    }
    expect(requests.some((request) => request.custom_id.endsWith(live.id))).toBe(false);

    const failed = requests[3]!.custom_id;
    const results = await runBatch(requests, outDir, failed);
    const first = await importBatchResults(store, [results]);
    expect(first).toMatchObject({ lines: 8, imported: { answers: 7 }, failed: 1, alreadyPresent: 0, stale: 0, unknown: 0 });

    const candidates = await allCandidates(store);
    expect(candidates).toHaveLength(8);
    expect(candidates.find((c) => c.id === live.id)!.answer).toBe('live answer');
    const failedId = failed.split(':').at(-1)!;
    expect(candidates.some((c) => c.id === failedId)).toBe(false);
    for (const candidate of candidates.filter((c) => c.id !== live.id)) {
      expect(candidate.answer.length, candidate.id).toBeGreaterThan(0);
      expect(candidate.model).toBe('offline-teacher');
      expect(candidate.usage).not.toBeNull();
    }
    expect((await store.failures()).map((failure) => [failure.stage, failure.target])).toEqual([['answers', failedId]]);

    const second = await importBatchResults(store, [results]);
    expect(second.imported.answers).toBe(0);
    expect(second.alreadyPresent).toBe(7);
    expect(await allCandidates(store)).toHaveLength(8);

    // What is still missing is exactly the failed item (its result came back, so it is not out);
    // it goes to a new file, and the first one stays as it was.
    const firstFile = await readFile(exported.files[0]!.path, 'utf8');
    const retry = await exportBatchRequests(store, { stage: 'answers', outDir });
    const retried = await readRequests(retry.files);
    expect(retried.map((request) => request.custom_id)).toEqual([failed]);
    expect(retry.files.map((file) => file.path.split('/').at(-1))).toEqual(['answers-002.jsonl']);
    expect(await readFile(exported.files[0]!.path, 'utf8')).toBe(firstFile);
    await importBatchResults(store, [await runBatch(retried, outDir)]);
    expect(await allCandidates(store)).toHaveLength(9);
    expect(await store.failures()).toEqual([]);
  });

  it('splits input files at the request limit and the size limit, numbering new files after the old ones', async () => {
    const store = await sportsProject();
    const [tag] = await store.addTags(null, ['Biomechanics'], 'manual');
    await store.addQuestions(
      tag!.id,
      Array.from({ length: 10 }, (_, i) => ({ text: `Question ${i} about running gait?` })),
      'manual',
    );
    const outDir = await mkdtemp(join(tmpdir(), 'distill-batch-out-'));
    const byCount = await exportBatchRequests(store, {
      stage: 'answers',
      outDir,
      candidates: 2,
      limits: { maxRequests: 6, maxBytes: 1e9 },
    });
    expect(byCount.files.map((file) => file.requests)).toEqual([6, 6, 6, 2]);
    const oneLine = byCount.files[0]!.bytes / 6;
    const bySize = await exportBatchRequests(store, {
      stage: 'answers',
      outDir,
      candidates: 2,
      again: true,
      limits: { maxRequests: 1000, maxBytes: Math.ceil(oneLine * 8.5) },
    });
    expect(bySize.files.every((file) => file.bytes <= Math.ceil(oneLine * 8.5))).toBe(true);
    expect(bySize.files.reduce((sum, file) => sum + file.requests, 0)).toBe(20);
    expect(bySize.files.map((file) => file.path.split('/').at(-1))).toEqual([
      'answers-005.jsonl',
      'answers-006.jsonl',
      'answers-007.jsonl',
    ]);
    expect(await readdir(outDir)).toHaveLength(7);
  });

  it('asks a second time only for what is neither imported nor out, and again for what is out with again', async () => {
    const store = await sportsProject();
    const [tag] = await store.addTags(null, ['Biomechanics'], 'manual');
    const questions = await store.addQuestions(
      tag!.id,
      [{ text: 'How does cadence affect ground contact time?' }, { text: 'What is vertical oscillation?' }],
      'manual',
    );
    const outDir = await mkdtemp(join(tmpdir(), 'distill-batch-out-'));
    const first = await exportBatchRequests(store, { stage: 'answers', outDir });
    expect(first).toMatchObject({ requests: 6, alreadyOut: { requests: 0 } });

    // A third question arrives while the first file is out: only its samples are asked for.
    await store.addQuestions(tag!.id, [{ text: 'Why do heel strikers load the knee more?' }], 'manual');
    const second = await exportBatchRequests(store, { stage: 'answers', outDir });
    expect(second).toMatchObject({ requests: 3, alreadyOut: { requests: 6, files: [first.files[0]!.path] } });
    expect((await readRequests(second.files)).every((request) => request.custom_id.includes(`${tag!.id}-3-`))).toBe(true);
    const nothing = await exportBatchRequests(store, { stage: 'answers', outDir });
    expect(nothing).toMatchObject({ requests: 0, files: [], alreadyOut: { requests: 9 } });

    // The first file's results come back for one question only: its other question stays out.
    const firstRequests = await readRequests(first.files);
    const ofFirstQuestion = firstRequests.filter((request) => request.custom_id.includes(`:${questions[0]!.id}-`));
    await importBatchResults(store, [await runBatch(ofFirstQuestion, outDir)]);
    expect((await exportBatchRequests(store, { stage: 'answers', outDir })).requests).toBe(0);
    const again = await exportBatchRequests(store, { stage: 'answers', outDir, again: true });
    expect(again.requests).toBe(6);
    expect(again.files.map((file) => file.path.split('/').at(-1))).toEqual(['answers-003.jsonl']);
  });
});

describe('batch tags and questions round trips', () => {
  it('grow the tree a level per round, then the questions, with the results of the offline teacher', async () => {
    const store = await sportsProject();
    const outDir = await mkdtemp(join(tmpdir(), 'distill-batch-out-'));
    const round = async (stage: 'tags' | 'questions') => {
      const exported = await exportBatchRequests(store, { stage, outDir });
      const results = await runBatch(await readRequests(exported.files), outDir);
      return { exported, imported: await importBatchResults(store, [results]), results };
    };

    const level1 = await round('tags');
    expect(level1.exported.requests).toBe(1);
    expect(store.children(null)).toHaveLength(2);
    const level2 = await round('tags');
    expect(level2.exported.requests).toBe(2);
    expect(store.tags()).toHaveLength(6);
    expect((await exportBatchRequests(store, { stage: 'tags', outDir })).requests).toBe(0);
    // A second import of a tags result adds nothing.
    expect((await importBatchResults(store, [level2.results])).alreadyPresent).toBe(2);
    expect(store.tags()).toHaveLength(6);

    const questions = await round('questions');
    expect(questions.exported.requests).toBe(4);
    expect(questions.imported.imported.questions).toBe(8);
    for (const leaf of store.tags().filter((tag) => store.isLeaf(tag.id))) expect(await store.questions(leaf.id)).toHaveLength(2);
    expect((await importBatchResults(store, [questions.results])).imported.questions).toBe(0);

    const answers = await round('answers' as 'tags');
    expect(answers.imported.imported.answers).toBe(4 * 2 * 3);
  });
});

describe('batch list requests and structured output', () => {
  it('ask for what live runs learned the teacher takes, and plainly before they learned it', async () => {
    const store = await sportsProject();
    const outDir = await mkdtemp(join(tmpdir(), 'distill-batch-out-'));
    const formatOf = async () => {
      const exported = await exportBatchRequests(store, { stage: 'tags', outDir, again: true });
      return (await readRequests(exported.files)).map((request) => (request.body.response_format as { type?: string } | undefined)?.type);
    };
    // Nothing learned yet: a batch cannot step down after a 400, so it asks plainly.
    expect(await formatOf()).toEqual([undefined]);
    await mkdir(store.cacheDir, { recursive: true });
    const teacher = firstTeacherWithRole(store.config, 'questions');
    const key = `${teacher.baseUrl} ${teacher.questionModel}`;
    await writeFile(join(store.cacheDir, 'structured-output.json'), JSON.stringify({ [key]: 'json_schema' }));
    expect(await formatOf()).toEqual(['json_schema']);
    const [request] = await readRequests((await exportBatchRequests(store, { stage: 'tags', outDir, again: true })).files);
    expect(request!.body.response_format).toMatchObject({ type: 'json_schema', json_schema: { name: 'tag_list', strict: true } });
  });
});

describe('batch export sizes', () => {
  it('are the target the last auto saved, not the defaults', async () => {
    const failing = await startOfflineTeacher({ faults: [{ type: 'status', status: 400, kind: 'answer', message: 'no answers today' }] });
    try {
      const dir = join(await mkdtemp(join(tmpdir(), 'distill-batch-target-')), 'p');
      expect((await runMain(['init', dir, '--topic', 'Sports science', '--base-url', failing.url])).code).toBe(0);
      // Every answer fails, so the run stops with the tree and questions made and no candidate.
      const auto = await runMain([
        'auto',
        '--project',
        dir,
        '--levels',
        '1',
        '--tags-per-level',
        '2',
        '--questions-per-tag',
        '2',
        '--candidates',
        '3',
      ]);
      expect(auto.code).toBe(1);
      const exported = await runMain(['batch', 'export', '--project', dir, '--json']);
      expect(exported.code, exported.stderr).toBe(0);
      expect((JSON.parse(exported.stdout) as { requests: number }).requests).toBe(2 * 2 * 3);
    } finally {
      await failing.close();
    }
  });
});
