// A reply frees its request slot before it is saved, and the teacher's `unsaved` limit
// (twice its concurrency) bounds what a slow disk can leave asked-for but not on disk.
import { describe, expect, it } from 'vitest';
import { primaryTeacher } from '../core/teacher-pool-config.js';
import { newProjectConfig } from '../core/project-config.js';
import type { TeacherClient } from './client.js';
import type { Completion } from './completion.js';
import { TeacherPool } from './teacher-pool.js';

const CONCURRENCY = 2;

function poolOfOne(): { pool: TeacherPool; started: () => number } {
  let started = 0;
  const client: TeacherClient = {
    baseUrl: 'http://fake.test/v1',
    listModels: () => Promise.resolve([]),
    complete: () => {
      started++;
      return Promise.resolve({ reasoning: '', answer: 'ok', finishReason: 'stop', usage: null, model: 'm', latencyMs: 0 } as Completion);
    },
  };
  const config = newProjectConfig({ topic: 'Sports science', baseUrl: 'http://fake.test/v1', concurrency: CONCURRENCY });
  const teacher = { ...primaryTeacher(config), concurrency: CONCURRENCY };
  return { pool: TeacherPool.ofClient(client, { ...teacher, roles: ['answers'] }), started: () => started };
}

/** Lets every pending promise callback run. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

describe('TeacherPool.runThenSave', () => {
  it('sends the next request while a reply is being saved, and stops at twice the concurrency unsaved', async () => {
    const { pool, started } = poolOfOne();
    const saves: (() => void)[] = [];
    const signal = new AbortController().signal;
    const ask = () =>
      pool.runThenSave(
        'answers',
        undefined,
        signal,
        (member) => member.client.complete({ model: 'm', messages: [] }),
        () => new Promise<string>((resolve) => saves.push(() => resolve('saved'))),
      );
    const runs = Array.from({ length: 8 }, ask);
    await settle();
    // Two in flight at most, but the slots did not wait for the disk: four replies are being saved.
    expect(saves).toHaveLength(2 * CONCURRENCY);
    expect(started()).toBe(2 * CONCURRENCY);
    saves.shift()!();
    await settle();
    expect(started()).toBe(2 * CONCURRENCY + 1);
    while (saves.length > 0) {
      saves.shift()!();
      await settle();
    }
    expect(await Promise.all(runs)).toEqual(Array(8).fill('saved'));
    expect(started()).toBe(8);
  });
});
