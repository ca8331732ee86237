/**
 * The checks run as candidates arrive (`afterCandidates`), paced so that they
 * take at most a tenth of the run's time per tag. A tag's check reads the whole
 * tag, so checking it after every question of a big tag cost more than the
 * answers themselves (a 2,048-answer tag spent about a fifth of the client's
 * CPU in them, on the same thread that reads the replies): after a check that
 * took t, the tag's next one waits 9·t, and every question that arrives
 * meanwhile shares it. `flush` runs whatever is still due at once, so a run ends
 * with every candidate checked, without waiting out a pause.
 */
export class PacedChecks {
  private readonly tags = new Map<string, TagChecks>();
  private flushing = false;

  constructor(
    private readonly check: (tagId: string) => Promise<void>,
    /** The most of the time a tag's checks may take. */
    private readonly share = 0.1,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** The tag has new candidates: its check runs now, or as soon as the pace allows. */
  note(tagId: string): void {
    let tag = this.tags.get(tagId);
    if (!tag) this.tags.set(tagId, (tag = { running: null, due: false, timer: null, readyAt: 0 }));
    tag.due = true;
    this.schedule(tagId, tag);
  }

  /** Runs every check still due, at once, and waits for them all (and for those running). */
  async flush(): Promise<void> {
    this.flushing = true;
    try {
      for (;;) {
        const running: Promise<void>[] = [];
        for (const [tagId, tag] of this.tags) {
          if (!tag.due && !tag.running) continue;
          if (tag.timer) clearTimeout(tag.timer);
          tag.timer = null;
          running.push(tag.running ?? this.start(tagId, tag));
        }
        if (running.length === 0) return;
        await Promise.all(running);
      }
    } finally {
      this.flushing = false;
    }
  }

  /** Drops the checks not yet started (the run stopped; the next `distill check` does them). */
  stop(): void {
    for (const tag of this.tags.values()) {
      if (tag.timer) clearTimeout(tag.timer);
      tag.timer = null;
      tag.due = false;
    }
  }

  private schedule(tagId: string, tag: TagChecks): void {
    if (tag.running || tag.timer) return;
    const wait = this.flushing ? 0 : tag.readyAt - this.now();
    if (wait <= 0) {
      void this.start(tagId, tag);
      return;
    }
    tag.timer = setTimeout(() => {
      tag.timer = null;
      void this.start(tagId, tag);
    }, wait);
    tag.timer.unref();
  }

  private start(tagId: string, tag: TagChecks): Promise<void> {
    tag.due = false;
    const began = this.now();
    // The hook reports its own failures; one that throws anyway must not stop the pacing.
    const running = this.check(tagId)
      .catch(() => undefined)
      .then(() => {
        const took = this.now() - began;
        tag.readyAt = this.now() + (took * (1 - this.share)) / this.share;
        tag.running = null;
        if (tag.due) this.schedule(tagId, tag);
      });
    tag.running = running;
    return running;
  }
}

interface TagChecks {
  running: Promise<void> | null;
  /** Candidates arrived since its last check started. */
  due: boolean;
  timer: NodeJS.Timeout | null;
  /** When its next check may start. */
  readyAt: number;
}
