/**
 * Wraps a per-key task so that calls for a key already running are folded into
 * one follow-up run: many questions of a tag finishing at once cause at most
 * one check in progress and one queued, not one per question racing each other.
 */
export function coalescePerKey(task: (key: string) => Promise<void>): (key: string) => Promise<void> {
  const running = new Map<string, Promise<void>>();
  const queued = new Map<string, Promise<void>>();
  const start = (key: string): Promise<void> => {
    const run = task(key).finally(() => running.delete(key));
    running.set(key, run);
    return run;
  };
  return (key) => {
    const current = running.get(key);
    if (!current) return start(key);
    let next = queued.get(key);
    if (!next) {
      next = current
        .catch(() => undefined)
        .then(() => {
          queued.delete(key);
          return start(key);
        });
      queued.set(key, next);
    }
    return next;
  };
}
