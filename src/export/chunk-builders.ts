// How a tag's records are packed for their file: JSON lines into byte chunks, or (for Parquet)
// columns into batches. Either way the chunks are plain buffers that a worker can hand over.
import { LineChunker, type LineChunk } from './line-chunker.js';
import type { ExportRecord } from './format-record.js';

export type RecordContainer = 'jsonl' | 'parquet';

export type RecordChunk = LineChunk;

export interface ChunkBuilder {
  /** The record and its JSON text (already made for the content hash). */
  add(record: ExportRecord, json: string): void;
  flush(): void;
}

export function chunkBuilderFor(plan: { container: RecordContainer }, onChunk: (chunk: RecordChunk) => void): ChunkBuilder {
  const lines = new LineChunker(onChunk);
  return { add: (_record, json) => lines.add(json), flush: () => lines.flush() };
}
