// Who runs a queued request: the teacher the spread chose, unless another one with a free slot
// would bring its answer clearly sooner (a backlog on a slow teacher, the last round of a run).
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

/** A job whose end the test decides; it records which teacher ran it (with its index, when given). */
function heldJob(ranOn: string[], index?: number): { job: (m: Member) => Promise<void>; release: () => void } {
  let release = () => {};
  const job = (m: Member) =>
    new Promise<void>((resolve) => {
      ranOn.push(index === undefined ? m.name : `${index} on ${m.name}`);
      release = resolve;
    });
  return { job, release: () => release() };
}

/** Ends every job, those started later included. */
async function drain(jobs: { release: () => void }[], runs: Promise<void>[]): Promise<void> {
  let finished = false;
  void Promise.all(runs).then(() => (finished = true));
  while (!finished) {
    for (const held of jobs) held.release();
    await settle();
  }
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
  it('lets an idle teacher take the newest jobs waiting on a slow one with a backlog, as many as it has free slots', async () => {
    const slow = member('slow');
    const fast = member('fast');
    const scheduler = new SlotScheduler([slow, fast], true);
    await warmUp(scheduler, slow, fast);
    const ran: string[] = [];
    const jobs = Array.from({ length: 8 }, (_, index) => heldJob(ran, index));
    const runs = jobs.map((held) => scheduler.run(slow, 'answers', held.job));
    await settle();
    // Two in the slow one's slots, six waiting three rounds: the idle one takes the two newest.
    expect(ran).toEqual(['0 on slow', '1 on slow', '7 on fast', '6 on fast']);
    await drain(jobs, runs);
  });

  it('leaves the jobs where the spread put them when moving them would not bring an answer sooner', async () => {
    const first = member('first');
    const second = member('second');
    const scheduler = new SlotScheduler([first, second], true);
    await Promise.all([first, second].map((each) => scheduler.run(each, 'answers', () => Promise.resolve())));
    const ran: string[] = [];
    const jobs = Array.from({ length: 8 }, (_, index) => heldJob(ran, index));
    const runs = jobs.map((held) => scheduler.run(first, 'answers', held.job));
    await settle();
    // Both answer in no time: the six waiting ones start on their own teacher about as soon.
    expect(ran).toEqual(['0 on first', '1 on first']);
    await drain(jobs, runs);
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
