// The pipeline with a pool of in-process fake teachers: how work is spread, what
// happens when a teacher dies, and where a budget stops a run. No server is
// started (the end-to-end paths through the SDK are in test/).
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { APIConnectionError, InternalServerError } from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import { newProjectConfig } from '../core/project-config.js';
import { projectTeachers } from '../core/teacher-pool-config.js';
import type { TeacherConfig } from '../core/types.js';
import { TeacherPool, type TeacherClient } from '../llm/index.js';
import { ProjectStore } from '../store/project-store.js';
import type { PipelineEvent, RunSummary } from './events.js';
import { createGenerationContext, streakToDown } from './generation-context.js';
import { runAuto, runWithSummary } from './run-generation.js';
import { fakeTeacher } from './test-support/fake-teacher.js';

let store: ProjectStore | undefined;
afterEach(async () => {
  await store?.close();
  store = undefined;
});

async function poolProject(teachers: TeacherConfig[]): Promise<ProjectStore> {
  const dir = join(await mkdtemp(join(tmpdir(), 'distill-pool-')), 'p');
  const config = { ...newProjectConfig({ topic: 'Sports science', baseUrl: 'http://127.0.0.1:9/v1' }), teachers };
  store = await ProjectStore.create(dir, config);
  return store;
}

function poolOf(project: ProjectStore, clients: Record<string, TeacherClient>, events: PipelineEvent[]): TeacherPool {
  return new TeacherPool(
    projectTeachers(project.config).map((teacher) => ({
      teacher,
      client: clients[teacher.name]!,
      errorContext: { baseUrl: clients[teacher.name]!.baseUrl, model: teacher.model, maxRetries: 0 },
      streakToDown: streakToDown(teacher.concurrency),
    })),
    {
      onDown: (member, reason, remaining) =>
        events.push({ kind: 'teacher-down', teacher: member.name, reason, remaining: remaining.map((m) => m.name) }),
    },
  );
}

async function run(project: ProjectStore, pool: TeacherPool, events: PipelineEvent[], budget: number | null = null): Promise<RunSummary> {
  const ctx = createGenerationContext({
    store: project,
    pool,
    emit: (event) => events.push(event),
    signal: new AbortController().signal,
    budget,
  });
  return runWithSummary(ctx, () => runAuto(ctx, { levels: 1, tagsPerLevel: 2, questionsPerTag: 6, candidates: 6 }));
}

const refused = () => new APIConnectionError({ message: 'Connection error.', cause: new Error('connect ECONNREFUSED 127.0.0.1:9') });

describe('a pool of teachers', () => {
  it('spreads the K candidates of each question by weight, and a dead teacher’s share goes to the live ones', async () => {
    const project = await poolProject([
      // Slots for every request at once: with none waiting, nothing is worth moving, and the spread is the weights'
      // whatever the machine's load (a backlog would go to whichever teacher has a free slot; see slot-scheduler).
      { name: 'big', baseUrl: 'http://big.test/v1', model: 'big-model', weight: 2, roles: ['questions', 'answers'], concurrency: 72 },
      { name: 'small', baseUrl: 'http://small.test/v1', model: 'small-model', weight: 1, roles: ['answers'], concurrency: 72 },
      { name: 'dead', baseUrl: 'http://dead.test/v1', model: 'dead-model', weight: 1, roles: ['answers'], concurrency: 4 },
    ]);
    const dead = fakeTeacher({ baseUrl: 'http://dead.test/v1', fail: () => refused() });
    const events: PipelineEvent[] = [];
    const pool = poolOf(project, { big: fakeTeacher(), small: fakeTeacher(), dead }, events);
    const summary = await run(project, pool, events);

    expect(summary.stages.answers).toMatchObject({ done: 72, failed: 0 });
    const candidates = (await Promise.all(project.tags().map((tag) => project.candidates(tag.id)))).flat();
    expect(candidates).toHaveLength(72);
    const teachers = candidates.map((candidate) => candidate.teacher ?? 'none');
    expect([...new Set(teachers)].sort()).toEqual(['big', 'small']);
    const big = teachers.filter((name) => name === 'big').length;
    expect(big / 72).toBeGreaterThan(0.58);
    expect(big / 72).toBeLessThan(0.75);
    for (const candidate of candidates) expect(candidate.model).toBe(candidate.teacher === 'big' ? 'big-model' : 'small-model');

    const down = events.filter((event) => event.kind === 'teacher-down');
    expect(down).toHaveLength(1);
    expect(down[0]).toMatchObject({ teacher: 'dead', remaining: ['big', 'small'] });
    expect(down[0]!.reason).toMatch(/cannot reach the teacher at http:\/\/dead\.test\/v1: connect ECONNREFUSED/);
    // It was tried once per slot at most, then never again.
    expect(dead.requests.length).toBeLessThanOrEqual(4);
  });

  it('gives the work waiting on a slow teacher to one with a free slot: the weights are the expectation, not a quota', async () => {
    const project = await poolProject([
      { name: 'slow', baseUrl: 'http://slow.test/v1', model: 'slow-model', weight: 3, roles: ['questions', 'answers'], concurrency: 4 },
      { name: 'quick', baseUrl: 'http://quick.test/v1', model: 'quick-model', weight: 1, roles: ['answers'], concurrency: 4 },
    ]);
    const events: PipelineEvent[] = [];
    const pool = poolOf(project, { slow: fakeTeacher({ delayMs: 400 }), quick: fakeTeacher({ delayMs: 40 }) }, events);
    const summary = await run(project, pool, events);

    expect(summary.stages.answers).toMatchObject({ done: 72, failed: 0 });
    const candidates = (await Promise.all(project.tags().map((tag) => project.candidates(tag.id)))).flat();
    const slow = candidates.filter((candidate) => candidate.teacher === 'slow').length;
    // By weight alone the slow one would have had 54 of the 72 (75 %) and kept the run waiting on it.
    expect(slow / 72).toBeLessThan(0.5);
    expect(slow).toBeGreaterThan(0);
  });

  it('stops taking work from a teacher in a storm of 5xx, and keeps the failed items for the next run', async () => {
    const project = await poolProject([
      { name: 'good', baseUrl: 'http://good.test/v1', model: 'm', roles: ['questions', 'answers'], concurrency: 2 },
      { name: 'stormy', baseUrl: 'http://stormy.test/v1', model: 'm', roles: ['answers'], concurrency: 2 },
    ]);
    const storm = () => new InternalServerError(503, { message: 'overloaded' }, '503 overloaded', new Headers());
    const events: PipelineEvent[] = [];
    const stormy = fakeTeacher({ baseUrl: 'http://stormy.test/v1', fail: storm });
    const summary = await run(project, poolOf(project, { good: fakeTeacher(), stormy }, events), events);
    expect(stormy.requests.length).toBeLessThanOrEqual(streakToDown(2) + 2);
    expect(summary.stages.answers.done + summary.stages.answers.failed).toBe(72);
    expect(summary.stages.answers.failed).toBeGreaterThanOrEqual(streakToDown(2));
    const down = events.find((event) => event.kind === 'teacher-down');
    expect(down?.teacher).toBe('stormy');
    expect(down?.reason).toMatch(/^10 requests in a row failed, the last with: the teacher at http:\/\/stormy\.test\/v1 failed with 503/);
    expect((await project.failures()).length).toBe(summary.stages.answers.failed);
  });

  it('stops starting requests once the budget is spent, within one concurrency window', async () => {
    const price = { inputPerMillion: 100, outputPerMillion: 100 };
    const project = await poolProject([
      { name: 'paid', baseUrl: 'http://paid.test/v1', model: 'm', roles: ['questions', 'answers'], concurrency: 4, price },
    ]);
    // 100 tokens a request at $100 per million: one cent each.
    const paid = fakeTeacher({ delayMs: 5, usage: { promptTokens: 50, completionTokens: 50 } });
    const events: PipelineEvent[] = [];
    const summary = await run(project, poolOf(project, { paid }, events), events, 0.3);
    expect(summary.stoppedBy).toBe('budget');
    expect(summary.aborted).toBe(false);
    expect(summary.cost!).toBeGreaterThanOrEqual(0.3);
    expect(summary.cost!).toBeLessThanOrEqual(0.3 + 4 * 0.01 + 1e-9);
    expect(paid.requests.length).toBe(Math.round(summary.cost! / 0.01));
    expect(await project.failures()).toEqual([]);
  });
});
