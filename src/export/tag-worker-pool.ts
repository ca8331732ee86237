// Runs tag exports on worker threads and hands their output back in tag order, so the file is the
// same byte for byte whatever the number of workers. Workers may run a few tags ahead; their
// chunks wait in memory until the tags before them are written. Each worker is given its next tag
// before it finishes the one in hand, so it never waits for the main thread to hand it work (a
// round trip through two busy event loops per tag, a fifth of a worker's time on a loaded machine).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { ExportError } from './export-error.js';
import type { ExportFileRole } from './export-options.js';
import type { WorkerMessage, WorkerRequest, WorkerSetup } from './export-worker.js';
import type { LineChunk } from './line-chunker.js';
import type { TagSummary, TagTask } from './tag-records.js';

export const EXPORT_WORKER_URL = new URL('./export-worker.js', import.meta.url);

/** Workers need the compiled script; from TypeScript sources (tests), exports run on the main thread. */
export function workersAvailable(): boolean {
  return existsSync(fileURLToPath(EXPORT_WORKER_URL));
}

export interface OrderedOutput {
  chunk(role: ExportFileRole, chunk: LineChunk): Promise<void>;
  /** After every chunk of the tag was handed to `chunk`. */
  done(summary: TagSummary): Promise<void>;
}

/** Tags given to a worker at once: the one it works on and the next. */
const TAGS_IN_HAND = 2;
/** Tags that may be done or under way past the one being written (their output waits in memory). */
const LOOK_AHEAD_PER_WORKER = 4;

interface Pending {
  chunks: [ExportFileRole, LineChunk][];
  summary?: TagSummary;
}

export async function exportTagsInWorkers(
  tasks: readonly TagTask[],
  workerCount: number,
  setup: WorkerSetup,
  output: OrderedOutput,
): Promise<void> {
  if (tasks.length === 0) return;
  const workers = Array.from({ length: Math.min(workerCount, tasks.length) }, () => new Worker(EXPORT_WORKER_URL, { workerData: setup }));
  try {
    await new Promise<void>((resolve, reject) => {
      const pending = new Map<number, Pending>();
      /** A worker once per tag it can still take. */
      const idle: Worker[] = [];
      let nextTask = 0;
      let nextOut = 0;
      let pumping = false;
      let failed = false;

      const fail = (error: Error): void => {
        failed = true;
        reject(error);
      };
      const dispatch = (): void => {
        // Bounded look-ahead: a fast worker does not pile up output far beyond the tag being written.
        while (idle.length > 0 && nextTask < tasks.length && nextTask < nextOut + workers.length * LOOK_AHEAD_PER_WORKER) {
          const seq = nextTask++;
          pending.set(seq, { chunks: [] });
          idle.shift()!.postMessage({ kind: 'tag', seq, task: tasks[seq]! } satisfies WorkerRequest);
        }
      };
      const pump = async (): Promise<void> => {
        if (pumping || failed) return;
        pumping = true;
        try {
          for (let entry = pending.get(nextOut); entry; entry = pending.get(nextOut)) {
            while (entry.chunks.length > 0) await output.chunk(...entry.chunks.shift()!);
            if (!entry.summary) break;
            await output.done(entry.summary);
            pending.delete(nextOut++);
            dispatch();
          }
        } catch (error) {
          fail(error as Error);
          return;
        } finally {
          pumping = false;
        }
        if (nextOut === tasks.length) resolve();
        // Messages that arrived while a write was awaited are picked up by the next pump.
        else if (pending.get(nextOut)?.chunks.length || pending.get(nextOut)?.summary) void pump();
      };

      for (const worker of workers) {
        worker.on('message', (message: WorkerMessage) => {
          // Shard results belong to the Parquet pool (hf/shard-pool.ts), never sent for tag requests.
          if (message.kind === 'shard') return;
          const entry = pending.get(message.seq);
          if (!entry) return;
          if (message.kind === 'failed') {
            const error = message.userFacing ? new ExportError(message.message) : new Error(message.message);
            if (message.stack) error.stack = message.stack;
            fail(error);
            return;
          }
          if (message.kind === 'chunk') {
            const bytes = Buffer.from(message.buffer, 0, message.length);
            entry.chunks.push([
              message.role,
              { bytes, lines: message.lines, ...(message.jsonBytes === undefined ? {} : { jsonBytes: message.jsonBytes }) },
            ]);
          } else {
            entry.summary = message.summary;
            idle.push(worker);
            dispatch();
          }
          void pump();
        });
        worker.on('error', fail);
        worker.on('exit', (code) => {
          if (code !== 0 && nextOut < tasks.length) fail(new Error(`an export worker stopped with exit code ${code}`));
        });
      }
      // One tag for each worker first, then each one's next.
      for (let slot = 0; slot < TAGS_IN_HAND; slot++) idle.push(...workers);
      dispatch();
    });
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}
