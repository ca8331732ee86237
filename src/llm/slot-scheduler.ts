import type { TeacherRole } from '../core/types.js';

/** What the scheduler needs of a teacher: its slots, what it may do, whether it still takes work. */
export interface SlotOwner {
  readonly name: string;
  readonly concurrency: number;
  readonly roles: readonly TeacherRole[];
  readonly down: string | null;
}

/** A started job's hold on its teacher: the request slot can be given back before the job ends. */
export interface SlotHold {
  /** The request slot is free for the next request (the job goes on, still counted as unsaved). */
  freeSlot(): void;
}

interface Job<M> {
  role: TeacherRole;
  start: (state: MemberState<M>) => void;
}

interface MemberState<M> {
  member: M;
  /** When each job holding a request slot took it (performance.now()). */
  inSlot: Set<{ at: number }>;
  /** Jobs started and not finished: in a slot, or done with it and being saved. */
  unsaved: number;
  queue: Job<M>[];
  /** Index of the queue's first job (the queue is consumed from the front, stolen from the back). */
  head: number;
  /** How long a job holds a slot, smoothed; null before the first one is done. */
  slotMs: number | null;
}

/** Stealing a job must bring its answer at least this much sooner: below it, the spread the user asked for wins. */
const MIN_GAIN_MS = 250;

/**
 * Every teacher's queue of jobs waiting for a slot. A teacher starts its own jobs first,
 * oldest first, while it has a free request slot and fewer than twice its concurrency
 * unsaved. The queues say whom the spread by weight chose: the expectation, not a quota.
 * With `steal`, a teacher with a free slot and nothing of its own waiting takes the newest
 * job not yet started (of a role it has) from the teacher where that brings the answer
 * soonest, as estimated from each teacher's concurrency and observed request time: the
 * other starts it only once the jobs ahead of it have had their turn, a round per
 * concurrency. It takes it when the answer comes clearly sooner (by half a request of its
 * own, and at least MIN_GAIN_MS), so the work follows free capacity: a wider or faster
 * teacher takes more than its weight's share, both finish together, and neither sits idle
 * while the other has a backlog worth moving. Where moving gains nothing (a fast server,
 * a short queue) the weights hold. What waits on a teacher that is down goes back to the
 * pool at once (see TeacherPool.run), to be spread again by weight.
 */
export class SlotScheduler<M extends SlotOwner> {
  private readonly states = new Map<M, MemberState<M>>();
  private pumping = false;
  private pumpAgain = false;
  private stealPending = false;

  constructor(
    members: readonly M[],
    private readonly steal: boolean,
  ) {
    for (const member of members) this.states.set(member, { member, inSlot: new Set(), unsaved: 0, queue: [], head: 0, slotMs: null });
  }

  /**
   * Runs `job` in a slot of `owner`, or of a teacher that steals it, once one is free; the
   * slot is held until `hold.freeSlot()` or the job's end, its unsaved place until the end.
   */
  run<T>(owner: M, role: TeacherRole, job: (member: M, hold: SlotHold) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.state(owner).queue.push({ role, start: (state) => this.start(state, job, resolve, reject) });
      this.pump();
    });
  }

  private state(member: M): MemberState<M> {
    const state = this.states.get(member);
    if (!state) throw new Error(`teacher "${member.name}" is not in this pool`);
    return state;
  }

  private pump(): void {
    // A job started here may free a slot before returning: go round again rather than nest.
    if (this.pumping) {
      this.pumpAgain = true;
      return;
    }
    this.pumping = true;
    try {
      do {
        this.pumpAgain = false;
        let idle = false;
        for (const state of this.states.values()) {
          // What waits on a teacher that went down starts at once: it sends nothing there and goes
          // back to the pool, which gives it to the live teachers by weight.
          while (state.member.down !== null) {
            const job = this.takeOwn(state);
            if (!job) break;
            job.start(state);
          }
          while (hasRoom(state)) {
            const job = this.takeOwn(state);
            if (!job) break;
            job.start(state);
          }
          if (hasRoom(state) && state.member.down === null) idle = true;
        }
        if (idle && this.steal) this.stealSoon();
      } while (this.pumpAgain);
    } finally {
      this.pumping = false;
    }
  }

  /**
   * Stealing is decided a turn of the event loop later, once the requests being queued now
   * (a question's K samples, a burst of questions) are all in: a queue is judged whole.
   */
  private stealSoon(): void {
    if (this.stealPending) return;
    this.stealPending = true;
    setImmediate(() => {
      this.stealPending = false;
      for (const state of this.states.values()) {
        while (state.member.down === null && hasRoom(state) && state.queue.length === state.head) {
          const job = this.takeFromOthers(state);
          if (!job) break;
          job.start(state);
        }
      }
    });
  }

  private takeOwn(state: MemberState<M>): Job<M> | undefined {
    if (state.head >= state.queue.length) return undefined;
    const job = state.queue[state.head++]!;
    if (state.head > 1024 && state.head * 2 > state.queue.length) {
      state.queue = state.queue.slice(state.head);
      state.head = 0;
    }
    return job;
  }

  /** The newest waiting job, of a role the thief has, of the teacher where stealing gains most. */
  private takeFromOthers(thief: MemberState<M>): Job<M> | undefined {
    if (thief.slotMs === null) return undefined;
    const now = performance.now();
    let victim: MemberState<M> | undefined;
    let best = -Infinity;
    for (const other of this.states.values()) {
      if (other === thief || other.queue.length === other.head) continue;
      const gain = gainOfStealing(thief, other, now);
      if (gain > best) [victim, best] = [other, gain];
    }
    if (!victim || best < Math.max(MIN_GAIN_MS, thief.slotMs / 2)) return undefined;
    for (let index = victim.queue.length - 1; index >= victim.head; index--) {
      const job = victim.queue[index]!;
      if (!thief.member.roles.includes(job.role)) continue;
      victim.queue.splice(index, 1);
      return job;
    }
    return undefined;
  }

  private start<T>(
    state: MemberState<M>,
    job: (member: M, hold: SlotHold) => Promise<T>,
    resolve: (value: T) => void,
    reject: (reason: unknown) => void,
  ): void {
    const slot = { at: performance.now() };
    state.inSlot.add(slot);
    state.unsaved++;
    const freeSlot = () => {
      if (!state.inSlot.delete(slot)) return;
      const held = performance.now() - slot.at;
      state.slotMs = state.slotMs === null ? held : 0.8 * state.slotMs + 0.2 * held;
      this.pump();
    };
    const end = () => {
      freeSlot();
      state.unsaved--;
      this.pump();
    };
    void (async () => job(state.member, { freeSlot }))().then(
      (value) => {
        end();
        resolve(value);
      },
      (error: unknown) => {
        end();
        reject(error);
      },
    );
  }
}

function hasRoom(state: { inSlot: Set<unknown>; unsaved: number; member: SlotOwner }): boolean {
  return state.inSlot.size < state.member.concurrency && state.unsaved < 2 * state.member.concurrency;
}

/**
 * How much sooner the thief would bring the answer of `victim`'s newest waiting job. The
 * victim starts it once every job ahead of it has had a slot: its slots free as their
 * requests end (each after the victim's request time), the jobs ahead take them in turn,
 * round after round. The thief starts it now. -Infinity when the victim could start it
 * itself or has no request time yet.
 */
function gainOfStealing<M extends SlotOwner>(thief: MemberState<M>, victim: MemberState<M>, now: number): number {
  const slotMs = victim.slotMs;
  if (hasRoom(victim) || slotMs === null) return -Infinity;
  const frees = [...victim.inSlot].map((slot) => Math.max(now, slot.at + slotMs)).sort((a, b) => a - b);
  if (frees.length === 0) frees.push(now + slotMs);
  const ahead = victim.queue.length - victim.head - 1;
  const starts = frees[ahead % frees.length]! + Math.floor(ahead / frees.length) * slotMs;
  return starts + slotMs - (now + thief.slotMs!);
}
