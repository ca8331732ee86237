import { scrubSecrets } from '../core/scrub-secrets.js';
import type { PoolTeacher } from '../core/teacher-pool-config.js';
import type { TeacherRole } from '../core/types.js';
import type { TeacherClient } from './client.js';
import { describeModelError } from './errors.js';
import { InFlightRequests } from './in-flight.js';
import { PoolMember, type PoolMemberSetup } from './pool-member.js';
import { isTeacherError, teacherFailure } from './teacher-failure.js';
import { spreadSamples, WeightedRoundRobin } from './weighted-spread.js';

export { PoolMember } from './pool-member.js';
export type { PoolMemberSetup } from './pool-member.js';

/** No teacher of a role is left taking work: the run cannot go on. */
export class NoTeacherLeftError extends Error {
  override name = 'NoTeacherLeftError';

  constructor(
    readonly role: TeacherRole,
    readonly reasons: { name: string; reason: string }[],
  ) {
    super(
      reasons.length === 1
        ? reasons[0]!.reason
        : reasons.length === 0
          ? `no teacher has the role "${role}"`
          : `no ${role} teacher is left: ${reasons.map((each) => `"${each.name}": ${each.reason}`).join('; ')}`,
    );
  }
}

/** A request failed for its own reasons (after the client's retries): the item is recorded as failed and retried by a later run. */
export class ItemFailure extends Error {
  override name = 'ItemFailure';

  constructor(
    readonly reason: string,
    readonly teacher: string,
    options: { cause: unknown },
  ) {
    super(reason, options);
  }
}

export interface TeacherPoolOptions {
  /** Told once per teacher that stops taking work, with the teachers that still do. */
  onDown?: (member: PoolMember, reason: string, remaining: PoolMember[]) => void;
  /** Values that must never be stored or printed (the API keys in use). */
  secrets?: readonly string[];
}

/**
 * The teachers of one run. Work of a role goes to its teachers by weight; each
 * teacher has its own concurrency slots and rate window. A teacher that fails
 * hard (not reachable, key refused, unknown model, a long streak of failures)
 * stops taking work for the rest of the run, and whatever it was doing or had
 * queued goes to the others: nothing is lost, and the next run tries it again.
 */
export class TeacherPool {
  readonly members: readonly PoolMember[];
  readonly inFlight = new InFlightRequests();
  private readonly roundRobin = new WeightedRoundRobin();
  private readonly secrets: readonly string[];

  constructor(
    setups: readonly PoolMemberSetup[],
    private readonly options: TeacherPoolOptions = {},
  ) {
    this.members = setups.map((setup) => new PoolMember(setup, this.inFlight));
    this.secrets = options.secrets ?? [];
  }

  /** A pool of one teacher around an existing client (tests, benchmarks). */
  static ofClient(client: TeacherClient, teacher: PoolTeacher, streakToDown = 10): TeacherPool {
    return new TeacherPool([{ teacher, client, errorContext: { baseUrl: client.baseUrl, model: teacher.model }, streakToDown }]);
  }

  /** The text with every secret in use replaced: for anything a server said that is stored or printed. */
  redact(text: string): string {
    return scrubSecrets(text, this.secrets);
  }

  /** Teachers of a role still taking work, in pool order. */
  live(role: TeacherRole): PoolMember[] {
    return this.members.filter((member) => member.down === null && member.teacher.roles.includes(role));
  }

  /** The next teacher of a role by weight; throws NoTeacherLeftError when none is left. */
  pick(role: TeacherRole): PoolMember {
    const member = this.roundRobin.pick(this.live(role));
    if (!member) throw this.noneLeft(role);
    return member;
  }

  /** The teacher of each sample 0..k-1 of a question, spread by weight over the live answer teachers. */
  spread(questionKey: string, k: number): PoolMember[] {
    const live = this.live('answers');
    if (live.length === 0) throw this.noneLeft('answers');
    return spreadSamples(
      questionKey,
      k,
      live.map((member) => member.weight),
    ).map((index) => live[index]!);
  }

  /**
   * Runs `work` on a teacher of `role` (`first`, or the next by weight) inside
   * one of its concurrency slots. A hard failure moves the work to another
   * teacher; a failure of the request itself is thrown as an ItemFailure with a
   * one-line reason. Errors that are not the teacher's pass through unchanged.
   */
  async run<T>(
    role: TeacherRole,
    first: PoolMember | undefined,
    signal: AbortSignal,
    work: (member: PoolMember) => Promise<T>,
  ): Promise<T> {
    for (let member = this.first(role, first); ; member = this.pick(role)) {
      const outcome = await this.attempt(member, signal, work, null);
      if ('value' in outcome) return outcome.value;
      if (signal.aborted) throw signal.reason as Error;
    }
  }

  /**
   * The same, then `write` with what `work` returned, still in the slot: a reply the
   * teacher sent is written (where a kill -9 cannot lose it) before the slot takes the
   * next request, so what a kill costs is at most the requests in flight. What `write`
   * leaves to do (`saved`: the fsync, the counters) is awaited once the slot is free, so
   * the slot never waits for the disk. The teacher's `unsaved` limit (requests in flight
   * plus replies being made durable) keeps a slow disk from letting them pile up.
   */
  async runThenSave<T, R>(
    role: TeacherRole,
    first: PoolMember | undefined,
    signal: AbortSignal,
    work: (member: PoolMember) => Promise<T>,
    write: (value: T, member: PoolMember) => Promise<{ saved: Promise<R> }>,
  ): Promise<R> {
    for (let member = this.first(role, first); ; member = this.pick(role)) {
      const asked = member;
      const outcome = await asked.unsaved(async (): Promise<{ value: R } | { moved: true }> => {
        const done = await this.attempt(asked, signal, work, write);
        return 'value' in done ? { value: await done.value.saved } : done;
      });
      if ('value' in outcome) return outcome.value;
      if (signal.aborted) throw signal.reason as Error;
    }
  }

  private first(role: TeacherRole, first: PoolMember | undefined): PoolMember {
    return first && first.down === null ? first : this.pick(role);
  }

  /**
   * One try of `work` in a slot of `member`, then `then` on its value in the same slot:
   * what `then` returned, or `moved` when the teacher went down. Without `then`, the value.
   */
  private attempt<T>(
    member: PoolMember,
    signal: AbortSignal,
    work: (member: PoolMember) => Promise<T>,
    then: null,
  ): Promise<{ value: T } | { moved: true }>;
  private attempt<T, W>(
    member: PoolMember,
    signal: AbortSignal,
    work: (member: PoolMember) => Promise<T>,
    then: (value: T, member: PoolMember) => Promise<W>,
  ): Promise<{ value: W } | { moved: true }>;
  private attempt<T, W>(
    member: PoolMember,
    signal: AbortSignal,
    work: (member: PoolMember) => Promise<T>,
    then: ((value: T, member: PoolMember) => Promise<W>) | null,
  ): Promise<{ value: T | W } | { moved: true }> {
    return member.limit(async (): Promise<{ value: T | W } | { moved: true }> => {
      if (member.down !== null) return { moved: true };
      let value: T;
      try {
        value = await work(member);
        member.noteSuccess();
      } catch (err) {
        if (signal.aborted || !isTeacherError(err)) throw err;
        const hard = teacherFailure(err, member.errorContext, member.answered > 0);
        if (hard !== null || member.down !== null) {
          if (hard !== null) this.markDown(member, hard);
          return { moved: true };
        }
        const reason = this.redact(describeModelError(err, member.errorContext));
        if (member.noteFailure()) {
          this.markDown(member, `${member.failuresInARow} requests in a row failed, the last with: ${reason}`);
        }
        throw new ItemFailure(reason, member.name, { cause: err });
      }
      return { value: then ? await then(value, member) : value };
    });
  }

  private markDown(member: PoolMember, reason: string): void {
    if (member.down !== null) return;
    member.down = this.redact(reason);
    const remaining = this.members.filter((other) => other.down === null);
    this.options.onDown?.(member, member.down, remaining);
  }

  private noneLeft(role: TeacherRole): NoTeacherLeftError {
    const reasons = this.members
      .filter((member) => member.teacher.roles.includes(role))
      .map((member) => ({ name: member.name, reason: member.down ?? 'down' }));
    return new NoTeacherLeftError(role, reasons);
  }
}
