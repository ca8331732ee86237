// How a tag's records are packed for their file: JSON lines into byte chunks, or (for Parquet)
// columns into Arrow record batches sent as IPC bytes. Either way the chunks are plain buffers
// that a worker can hand over.
import { recordColumns } from './hf/record-columns.js';
import type { ExportRecord, RecordShape } from './format-record.js';
import { LineChunker, type LineChunk } from './line-chunker.js';
import { RecordBatchBuilder } from './parquet/index.js';
import type { RecordTemplate } from './raw/record-template.js';

export type RecordContainer = 'jsonl' | 'parquet';

export type RecordChunk = LineChunk;

export interface ChunkBuilder {
  /** The record and its JSON text (already made for the content hash). */
  add(record: ExportRecord, json: string): void;
  /** Adds the template's current record (fast path); returns its JSON bytes, for the hash (valid until the next add). */
  addTemplate(template: RecordTemplate): Uint8Array;
  flush(): void;
}

/** A Parquet chunk is handed over at about this many bytes of column data. */
const BATCH_BYTES = 16 << 20;

export function chunkBuilderFor(
  plan: { container: RecordContainer; shape: RecordShape },
  onChunk: (chunk: RecordChunk) => void,
): ChunkBuilder {
  if (plan.container === 'jsonl') {
    const lines = new LineChunker(onChunk);
    return {
      add: (_record, json) => lines.add(json),
      addTemplate: (template) => lines.addWritten(template.jsonLength(), template),
      flush: () => lines.flush(),
    };
  }
  const batch = new RecordBatchBuilder(recordColumns(plan.shape));
  let jsonBytes = 0;
  let scratch = Buffer.allocUnsafe(1 << 16);
  const flush = (): void => {
    const lines = batch.rows;
    const ipc = batch.takeIpc();
    if (ipc === null) return;
    onChunk({ bytes: Buffer.from(ipc.buffer, ipc.byteOffset, ipc.byteLength), lines, jsonBytes });
    jsonBytes = 0;
  };
  return {
    add: (record, json) => {
      batch.add(record);
      jsonBytes += Buffer.byteLength(json) + 1;
      if (batch.bytes >= BATCH_BYTES) flush();
    },
    addTemplate: (template) => {
      const length = template.jsonLength();
      if (length > scratch.length) scratch = Buffer.allocUnsafe(Math.max(length, scratch.length * 2));
      const json = scratch.subarray(0, template.writeJson(scratch, 0));
      batch.add(template.row);
      jsonBytes += length + 1;
      if (batch.bytes >= BATCH_BYTES) flush();
      return json;
    },
    flush,
  };
}
