// Runs the shards of a Hugging Face export on worker threads: each worker formats a shard's tags
// and encodes its Parquet files itself, so the encoding (half the work) runs on every core instead
// of on the main thread. The main thread only tallies the tags' summaries, in tag order (the
// manifest lists records in file order), and collects the finished files.
import { Worker } from 'node:worker_threads';
import { ExportError } from '../export-error.js';
import type { WorkerMessage, WorkerRequest, WorkerSetup } from '../export-worker.js';
import type { TagSummary, TagTask } from '../tag-records.js';
import { EXPORT_WORKER_URL } from '../tag-worker-pool.js';
import type { ShardFile } from './shard-files.js';
import type { ShardJob } from './shard-plan.js';

/** The files of each shard, in shard order. */
export async function exportShardsInWorkers(
  tasks: readonly TagTask[],
  jobs: readonly ShardJob[],
  workerCount: number,
  setup: WorkerSetup,
  dataDir: string,
  done: (summary: TagSummary) => Promise<void>,
): Promise<ShardFile[][]> {
  const files: ShardFile[][] = jobs.map(() => []);
  if (jobs.length === 0) return files;
  const workers = Array.from({ length: Math.min(workerCount, jobs.length) }, () => new Worker(EXPORT_WORKER_URL, { workerData: setup }));
  try {
    await new Promise<void>((resolve, reject) => {
      const summaries = new Map<number, TagSummary>();
      const tagCount = jobs.reduce((sum, job) => sum + job.tags.length, 0);
      let nextJob = 0;
      let nextTag = 0;
      let shardsDone = 0;
      let pumping = false;
      let failed = false;

      const fail = (error: Error): void => {
        failed = true;
        reject(error);
      };
      const finishIfDone = (): void => {
        if (!failed && nextTag === tagCount && shardsDone === jobs.length) resolve();
      };
      const dispatch = (worker: Worker): void => {
        if (nextJob >= jobs.length) return;
        const job = jobs[nextJob++]!;
        const request: WorkerRequest = {
          kind: 'shard',
          seq: job.tags[0]!,
          tasks: job.tags.map((tag) => tasks[tag]!),
          index: job.index,
          dataDir,
        };
        worker.postMessage(request);
      };
      // Summaries are handed on in tag order; a worker a shard ahead waits in `summaries` (small: counts and hashes).
      const pump = async (): Promise<void> => {
        if (pumping || failed) return;
        pumping = true;
        try {
          for (let summary = summaries.get(nextTag); summary; summary = summaries.get(nextTag)) {
            summaries.delete(nextTag++);
            await done(summary);
          }
        } catch (error) {
          fail(error as Error);
          return;
        } finally {
          pumping = false;
        }
        if (summaries.has(nextTag)) void pump();
        else finishIfDone();
      };

      for (const worker of workers) {
        worker.on('message', (message: WorkerMessage) => {
          if (failed) return;
          if (message.kind === 'failed') {
            const error = message.userFacing ? new ExportError(message.message) : new Error(message.message);
            if (message.stack) error.stack = message.stack;
            fail(error);
          } else if (message.kind === 'done') {
            summaries.set(message.seq, message.summary);
            void pump();
          } else if (message.kind === 'shard') {
            files[message.index] = message.files;
            shardsDone += 1;
            dispatch(worker);
            finishIfDone();
          }
        });
        worker.on('error', fail);
        worker.on('exit', (code) => {
          if (code !== 0 && shardsDone < jobs.length) fail(new Error(`an export worker stopped with exit code ${code}`));
        });
        dispatch(worker);
      }
    });
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
  return files;
}
