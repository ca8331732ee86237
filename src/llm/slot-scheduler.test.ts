// Who runs a queued request: its own teacher while that one has work to spare, and at the
// tail a teacher that would otherwise sit idle (the pool bench's last round).
import { describe, expect, it } from 'vitest';
import type { TeacherRole } from '../core/types.js';
import { SlotScheduler } from './slot-scheduler.js';

interface Member {
  name: string;
  concurrency: number;
  roles: TeacherRole[];
  down: string | null;
}

const member = (name: string, roles: TeacherRole[] = ['answers']): Member => ({ name, concurrency: 2, roles, down: null });
const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

/** A job whose end the test decides; it records which teacher ran it. */
function heldJob(ranOn: string[]): { job: (m: Member) => Promise<void>; release: () => void } {
  let release = () => {};
  const job = (m: Member) =>
    new Promise<void>((resolve) => {
      ranOn.push(m.name);
      release = resolve;
    });
  return { job, release: () => release() };
}

/** Gives `slow` a long request time and `fast` a short one, as a run's first answers would. */
async function warmUp(scheduler: SlotScheduler<Member>, slow: Member, fast: Member): Promise<void> {
  const ran: string[] = [];
  const slowJobs = [heldJob(ran), heldJob(ran)];
  const runs = slowJobs.map((held) => scheduler.run(slow, 'answers', held.job));
  await scheduler.run(fast, 'answers', () => Promise.resolve());
  await new Promise((resolve) => setTimeout(resolve, 600));
  for (const held of slowJobs) held.release();
  await Promise.all(runs);
}

describe('SlotScheduler', () => {
  it('keeps each job on its teacher while that teacher has more than a round waiting', async () => {
    const slow = member('slow');
    const fast = member('fast');
    const scheduler = new SlotScheduler([slow, fast], true);
    await warmUp(scheduler, slow, fast);
    const ran: string[] = [];
    const jobs = Array.from({ length: 8 }, () => heldJob(ran));
    const runs = jobs.map((held) => scheduler.run(slow, 'answers', held.job));
    await settle();
    // Two in its slots, six waiting: more than a round, so the idle teacher leaves them.
    expect(ran).toEqual(['slow', 'slow']);
    for (const held of jobs) held.release();
    await settle();
    for (const held of jobs) held.release();
    await Promise.all(runs.slice(0, 4));
    for (const held of jobs) held.release();
    await settle();
    for (const held of jobs) held.release();
    await Promise.all(runs);
  });

  it('lets an idle teacher take the last round waiting on a slow one, newest first, only for its roles', async () => {
    const slow = member('slow', ['questions', 'answers']);
    const fast = member('fast');
    const scheduler = new SlotScheduler([slow, fast], true);
    await warmUp(scheduler, slow, fast);
    const ran: string[] = [];
    const held = Array.from({ length: 2 }, () => heldJob(ran));
    const first = held.map((each) => scheduler.run(slow, 'answers', each.job));
    const order: string[] = [];
    const question = scheduler.run(slow, 'questions', (m) => Promise.resolve(order.push(`question on ${m.name}`)));
    const answer = scheduler.run(slow, 'answers', (m) => Promise.resolve(order.push(`answer on ${m.name}`)));
    await answer;
    // The answer waited on a slow teacher at its tail: the idle one took it; the question it may not.
    expect(order).toEqual(['answer on fast']);
    for (const each of held) each.release();
    await Promise.all([...first, question]);
    expect(order).toEqual(['answer on fast', 'question on slow']);
  });

  it('never moves a job when stealing is off', async () => {
    const slow = member('slow');
    const fast = member('fast');
    const scheduler = new SlotScheduler([slow, fast], false);
    await warmUp(scheduler, slow, fast);
    const ran: string[] = [];
    const jobs = Array.from({ length: 3 }, () => heldJob(ran));
    const runs = jobs.map((held) => scheduler.run(slow, 'answers', held.job));
    await settle();
    expect(ran).toEqual(['slow', 'slow']);
    jobs[0]!.release();
    await settle();
    expect(ran).toEqual(['slow', 'slow', 'slow']);
    for (const held of jobs) held.release();
    await Promise.all(runs);
  });
});
