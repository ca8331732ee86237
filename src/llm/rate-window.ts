/**
 * A teacher's requests-per-minute and tokens-per-minute allowance, kept over a
 * sliding minute. A request waits until both would stay within the allowance;
 * tokens are known only after a reply, so a burst can overshoot TPM by the
 * requests already in flight (the server's 429 and retry-after then take over).
 */
export class RateWindow {
  private readonly entries: { at: number; tokens: number }[] = [];

  constructor(
    private readonly rpm: number | null,
    private readonly tpm: number | null,
    private readonly now: () => number = Date.now,
  ) {}

  get limited(): boolean {
    return this.rpm !== null || this.tpm !== null;
  }

  /** Waits for room, then counts the request (its tokens are added by `record`). */
  async admit(signal?: AbortSignal): Promise<{ record: (tokens: number) => void }> {
    if (!this.limited) return { record: () => undefined };
    for (;;) {
      const wait = this.waitMs();
      if (wait <= 0) break;
      await delay(wait, signal);
    }
    const entry = { at: this.now(), tokens: 0 };
    this.entries.push(entry);
    return { record: (tokens) => void (entry.tokens += tokens) };
  }

  /** Milliseconds until a request may start; 0 when it may start now. */
  waitMs(): number {
    const now = this.now();
    while (this.entries.length > 0 && this.entries[0]!.at <= now - 60_000) this.entries.shift();
    const oldest = this.entries[0];
    if (!oldest) return 0;
    const untilOldestLeaves = oldest.at + 60_000 - now;
    if (this.rpm !== null && this.entries.length >= this.rpm) return untilOldestLeaves;
    if (this.tpm !== null && this.entries.reduce((sum, entry) => sum + entry.tokens, 0) >= this.tpm) return untilOldestLeaves;
    return 0;
  }
}

function delay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason as Error);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason as Error);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
