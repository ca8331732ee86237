import type { PoolTeacher } from '../core/teacher-pool-config.js';
import type { TeacherRole } from '../core/types.js';
import type { CompletionRequest, TeacherClient } from './client.js';
import type { Completion } from './completion.js';
import type { ModelErrorContext } from './errors.js';
import type { InFlightRequests } from './in-flight.js';
import { RateWindow } from './rate-window.js';

export interface PoolMemberSetup {
  teacher: PoolTeacher;
  /** null when the teacher cannot be used at all (its key is missing): it starts down, with `unusable` as the reason. */
  client: TeacherClient | null;
  unusable?: string;
  /** For error messages: where it is, which key and limits it has. */
  errorContext: ModelErrorContext;
  /** Failures in a row, none answered between them, after which it stops taking work. */
  streakToDown: number;
}

/**
 * One teacher of a running pool: its own concurrency slots and rate window,
 * whether it is still taking work, and how its requests went.
 */
export class PoolMember {
  readonly teacher: PoolTeacher;
  readonly client: TeacherClient;
  readonly errorContext: ModelErrorContext;
  /** Why it stopped taking work in this run; null while it is up. */
  down: string | null;
  answered = 0;
  private streak = 0;
  private readonly rate: RateWindow;

  constructor(
    setup: PoolMemberSetup,
    private readonly inFlight: InFlightRequests,
  ) {
    this.teacher = setup.teacher;
    this.errorContext = setup.errorContext;
    this.rate = new RateWindow(setup.teacher.rpm, setup.teacher.tpm);
    this.down = setup.client ? null : (setup.unusable ?? 'it cannot be used');
    this.streakToDown = setup.streakToDown;
    const inner = setup.client;
    this.client = {
      baseUrl: inner?.baseUrl ?? setup.teacher.baseUrl,
      complete: (request) => this.complete(inner, request),
      listModels: (signal) => (inner ? inner.listModels(signal) : Promise.reject(new Error(this.down ?? 'unusable'))),
    };
  }

  private readonly streakToDown: number;

  get name(): string {
    return this.teacher.name;
  }

  get weight(): number {
    return this.teacher.weight;
  }

  /** Its requests in flight at most; the pool's SlotScheduler keeps to it (and to twice as many unsaved). */
  get concurrency(): number {
    return this.teacher.concurrency;
  }

  get roles(): readonly TeacherRole[] {
    return this.teacher.roles;
  }

  noteSuccess(): void {
    this.answered++;
    this.streak = 0;
  }

  /** True when this failure ends a streak long enough that the teacher should stop taking work. */
  noteFailure(): boolean {
    this.streak++;
    return this.streak >= this.streakToDown;
  }

  get failuresInARow(): number {
    return this.streak;
  }

  private async complete(inner: TeacherClient | null, request: CompletionRequest): Promise<Completion> {
    if (!inner) throw new Error(this.down ?? 'unusable');
    const admitted = await this.rate.admit(request.signal);
    const end = this.inFlight.begin();
    try {
      const completion = await inner.complete(request);
      admitted.record(completion.usage ? completion.usage.promptTokens + completion.usage.completionTokens : 0);
      return completion;
    } finally {
      end();
    }
  }
}
