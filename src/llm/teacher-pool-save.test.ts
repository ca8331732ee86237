// A reply is written before its request slot takes the next request (a kill -9 then loses only
// what is in flight), made durable after the slot is free, and the teacher's `unsaved` limit
// (twice its concurrency) bounds what a slow disk can leave written but not yet durable.
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
  it('holds the slot while a reply is written, frees it while it is made durable, and stops at twice the concurrency unsaved', async () => {
    const { pool, started } = poolOfOne();
    const writes: (() => void)[] = [];
    const syncs: (() => void)[] = [];
    const signal = new AbortController().signal;
    const ask = () =>
      pool.runThenSave(
        'answers',
        undefined,
        signal,
        (member) => member.client.complete({ model: 'm', messages: [] }),
        () =>
          new Promise<{ saved: Promise<string> }>((written) =>
            writes.push(() => written({ saved: new Promise<string>((durable) => syncs.push(() => durable('saved'))) })),
          ),
      );
    const runs = Array.from({ length: 8 }, ask);
    await settle();
    // The two slots hold replies not yet written: no third request goes out.
    expect(started()).toBe(CONCURRENCY);
    expect(writes).toHaveLength(CONCURRENCY);
    writes.shift()!();
    await settle();
    // Written, waiting for the disk: its slot took the next request.
    expect(started()).toBe(CONCURRENCY + 1);
    writes.shift()!();
    await settle();
    writes.shift()!();
    writes.shift()!();
    await settle();
    // Four written but not durable (twice the concurrency): nothing more is asked until one is.
    expect(syncs).toHaveLength(2 * CONCURRENCY);
    expect(started()).toBe(2 * CONCURRENCY);
    syncs.shift()!();
    await settle();
    expect(started()).toBe(2 * CONCURRENCY + 1);
    while (writes.length > 0 || syncs.length > 0) {
      writes.shift()?.();
      syncs.shift()?.();
      await settle();
    }
    expect(await Promise.all(runs)).toEqual(Array(8).fill('saved'));
    expect(started()).toBe(8);
  });
});
