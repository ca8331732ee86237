// A tag's checks rebuilt off the review screen's thread, and a long trace's flag spans found there. A tag whose feature cache is current is
// read on the screen's thread (milliseconds); one nobody has checked (or checked under other
// code) needs its features extracted, seconds of CPU for a tag of huge answers: that runs in a
// worker thread (tag-check-worker.ts), so keys keep being answered while the detail pane says
// "checking…", and the verdicts fill in when it is done.
import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { loadVerdicts, type CandidateVerdict } from '../../checks/project/check-project.js';
import type { Rules } from '../../checks/rules/rules-config.js';
import { ProjectLayout } from '../../store/project-layout.js';
import type { ProjectStoreApi } from '../../store/store-api.js';
import type { Candidate } from '../../core/types.js';
import type { CandidateSpans } from '../review-services.js';
import type { WorkerReply, WorkerRequest } from './tag-check-worker.js';

/** An idle worker is ended after this long: it holds its own heap and modules (tens of MB). */
const IDLE_MS = 30_000;
/**
 * The worker's heap limit. Extraction holds a whole text at a time (a 21 MB answer is 42 MB as a
 * string, more while its features are taken); beyond this the tag's check fails with a message
 * instead of growing the process without bound.
 */
const WORKER_HEAP_MB = 768;

/**
 * A tag whose candidates take less than this on disk is checked in this thread: extraction runs at
 * about 60 ms per MB of text, so this stays within a keystroke's budget.
 */
const IN_THREAD_BYTES = 256 * 1024;

const WORKER_URL = new URL('./tag-check-worker.js', import.meta.url);

interface Pending {
  resolve: (reply: WorkerReply) => void;
  reject: (error: Error) => void;
}

export class BackgroundChecks {
  private worker: Worker | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private idleTimer: NodeJS.Timeout | null = null;
  /** Requests run one after another: two tags' extractions at once would only double the peak. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly store: ProjectStoreApi) {}

  /**
   * The tag's verdicts, its features extracted in the worker; in this thread for a small tag
   * (quicker than a worker's start, and never queued behind a huge one) and when run from the
   * sources, as in unit tests.
   */
  async verdicts(tagId: string, rules: Rules): Promise<Map<string, CandidateVerdict>> {
    if (!workerAvailable() || (await shardBytes(this.store.dir, tagId)) <= IN_THREAD_BYTES) return loadVerdicts(this.store, tagId, rules);
    const run = () => this.inWorker(tagId, rules);
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => undefined);
    return result;
  }

  /** Ends the worker (the screen is closing); a check under way is dropped, its cache file is written whole or not at all. */
  async close(): Promise<void> {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    const worker = this.worker;
    this.worker = null;
    this.failAll(new Error('the review screen closed before the checks were done'));
    await worker?.terminate();
  }

  /**
   * The flag spans of a long text, found in the worker (a 200 KB trace took tens of milliseconds
   * on the screen's thread, in the way of the next key); null when there is no worker to ask.
   */
  spans(candidate: Candidate, question: string, fired: readonly string[]): Promise<CandidateSpans> | null {
    if (!workerAvailable()) return null;
    const { reasoning, answer } = candidate;
    return this.ask({ kind: 'spans', id: 0, reasoning, answer, language: this.store.config.language, question, fired: [...fired] }).then(
      (reply) => (reply as { spans: CandidateSpans }).spans,
    );
  }

  private async inWorker(tagId: string, rules: Rules): Promise<Map<string, CandidateVerdict>> {
    const reply = await this.ask({ kind: 'verdicts', id: 0, dir: this.store.dir, reviewer: this.store.reviewer, tagId, rules });
    return new Map((reply as { verdicts: [string, CandidateVerdict][] }).verdicts);
  }

  private ask(request: WorkerRequest): Promise<WorkerReply> {
    const worker = this.startWorker();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.ref();
      worker.postMessage({ ...request, id });
    });
  }

  private startWorker(): Worker {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    if (this.worker) return this.worker;
    const worker = new Worker(WORKER_URL, { resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB } });
    worker.on('message', (reply: WorkerReply) => {
      const pending = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      if ('error' in reply) pending?.reject(new Error(reply.error));
      else pending?.resolve(reply);
      this.settle(worker);
    });
    worker.on('error', (error) => {
      const outOfMemory = (error as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY';
      this.failAll(
        new Error(
          outOfMemory
            ? `the checks needed more than ${WORKER_HEAP_MB} MB for this tag and were stopped`
            : `the checks stopped: ${error.message}`,
        ),
      );
    });
    worker.on('exit', () => {
      if (this.worker === worker) this.worker = null;
      this.failAll(new Error('the checks stopped before they were done'));
    });
    this.worker = worker;
    return worker;
  }

  /** An idle worker no longer keeps the program running, and ends after a while. */
  private settle(worker: Worker): void {
    if (this.pending.size > 0 || this.worker !== worker) return;
    worker.unref();
    this.idleTimer = setTimeout(() => {
      this.idleTimer = null;
      if (this.worker === worker && this.pending.size === 0) {
        this.worker = null;
        void worker.terminate();
      }
    }, IDLE_MS);
    this.idleTimer.unref();
  }

  private failAll(error: Error): void {
    for (const { reject } of this.pending.values()) reject(error);
    this.pending.clear();
  }
}

/** The size of the tag's candidates shard (0 when it cannot be seen: the check then says why). */
async function shardBytes(dir: string, tagId: string): Promise<number> {
  return (await stat(new ProjectLayout(dir).candidates(tagId)).catch(() => null))?.size ?? 0;
}

let available: boolean | null = null;

/** The worker runs the built module (dist/); from the TypeScript sources there is none to start. */
function workerAvailable(): boolean {
  return (available ??= existsSync(fileURLToPath(WORKER_URL)));
}
