// An export worker: formats, validates and stringifies whole tags off the main thread, and sends
// the finished UTF-8 chunks back without copying (their memory is transferred). For a Hugging
// Face folder it takes a whole shard instead (hf/shard-plan.ts) and encodes its Parquet files
// itself, sending back only each tag's summary and the finished files.
import { parentPort, workerData } from 'node:worker_threads';
import { DistillError } from '../core/distill-error.js';
import type { ExportFileRole } from './export-options.js';
import type { LineChunk } from './line-chunker.js';
import { compileRecordValidator } from './record-validator.js';
import { ShardReader } from './shard-reader.js';
import { exportShard } from './hf/export-shard.js';
import type { ShardFile } from './hf/shard-files.js';
import { exportTagRecords, type RecordPlan, type TagSummary, type TagTask } from './tag-records.js';

export interface WorkerSetup {
  projectDir: string;
  plan: RecordPlan;
}

export type WorkerRequest =
  | { kind: 'tag'; seq: number; task: TagTask }
  /** A shard of tags (seq: the first tag's), written into `dataDir` as the shard's Parquet files. */
  | { kind: 'shard'; seq: number; tasks: TagTask[]; index: number; dataDir: string };

export type WorkerMessage =
  | { kind: 'chunk'; seq: number; role: ExportFileRole; lines: number; buffer: ArrayBuffer; length: number; jsonBytes?: number }
  | { kind: 'done'; seq: number; summary: TagSummary }
  /** A shard's files are finished (after the 'done' of its last tag). */
  | { kind: 'shard'; index: number; files: ShardFile[] }
  /** userFacing: a problem the user can fix (a corrupt shard named in the message), not a bug. */
  | { kind: 'failed'; seq: number; message: string; stack: string | undefined; userFacing: boolean };

function ownedArrayBuffer(bytes: Buffer): ArrayBuffer {
  const whole = bytes.byteOffset === 0 && bytes.buffer instanceof ArrayBuffer;
  return whole ? bytes.buffer : Uint8Array.prototype.slice.call(bytes).buffer;
}

function startWorker(): void {
  const port = parentPort;
  if (!port) throw new Error('export-worker.js runs as a worker thread only');
  const { projectDir, plan } = workerData as WorkerSetup;
  const source = new ShardReader(projectDir);
  const validate = compileRecordValidator(plan.shape.format, plan.shape.tagField, plan.shape.ids);
  const send = (seq: number, role: ExportFileRole, chunk: LineChunk): void => {
    const buffer = ownedArrayBuffer(chunk.bytes);
    const message: WorkerMessage = {
      kind: 'chunk',
      seq,
      role,
      lines: chunk.lines,
      buffer,
      length: chunk.bytes.length,
      ...(chunk.jsonBytes === undefined ? {} : { jsonBytes: chunk.jsonBytes }),
    };
    port.postMessage(message, [buffer]);
  };
  const failed = (seq: number, error: Error): void => {
    const userFacing = error instanceof DistillError;
    port.postMessage({ kind: 'failed', seq, message: error.message, stack: error.stack, userFacing } satisfies WorkerMessage);
  };
  const runShard = async (request: Extract<WorkerRequest, { kind: 'shard' }>): Promise<void> => {
    const files = await exportShard(source, request.tasks, request.index, request.dataDir, plan, validate, (summary, offset) =>
      port.postMessage({ kind: 'done', seq: request.seq + offset, summary } satisfies WorkerMessage),
    );
    port.postMessage({ kind: 'shard', index: request.index, files } satisfies WorkerMessage);
  };
  let tags: Promise<void> = Promise.resolve();
  const runTag = async ({ seq, task }: Extract<WorkerRequest, { kind: 'tag' }>): Promise<void> => {
    try {
      const summary = await exportTagRecords(source, task, plan, validate, (role, chunk) => send(seq, role, chunk));
      port.postMessage({ kind: 'done', seq, summary } satisfies WorkerMessage);
    } catch (error) {
      failed(seq, error as Error);
    }
  };
  port.on('message', (request: WorkerRequest) => {
    if (request.kind === 'shard') {
      runShard(request).catch((error: Error) => failed(request.seq, error));
      return;
    }
    // Tags are given ahead (tag-worker-pool.ts) and done one after the other, in the order given.
    tags = tags.then(() => runTag(request));
  });
}

startWorker();
