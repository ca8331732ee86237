/** Requests sent and not yet answered, for the "8 requests waiting, the oldest 42 s" heartbeat. */
export class InFlightRequests {
  private readonly started = new Map<number, number>();
  private next = 0;

  constructor(private readonly now: () => number = () => performance.now()) {}

  /** Counts a request until the returned function is called. */
  begin(): () => void {
    const id = this.next++;
    this.started.set(id, this.now());
    return () => void this.started.delete(id);
  }

  snapshot(): { waiting: number; oldestMs: number } {
    let oldest = Number.POSITIVE_INFINITY;
    for (const at of this.started.values()) if (at < oldest) oldest = at;
    return { waiting: this.started.size, oldestMs: this.started.size > 0 ? Math.max(0, Math.round(this.now() - oldest)) : 0 };
  }
}
