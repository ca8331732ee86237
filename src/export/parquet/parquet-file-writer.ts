// Writes one Parquet file from a sequence of Arrow record batches, streamed: each batch goes into
// parquet-wasm's writer (Rust's arrow-rs, in WebAssembly) and the encoded row groups go to disk
// as they are made, so memory holds about one row group, not the file.
import { createWriteStream } from 'node:fs';
import { Writable } from 'node:stream';
import { type RecordBatch, Table, tableToIPC } from 'apache-arrow';
import type * as ParquetWasmModule from 'parquet-wasm';
import type { RecordBatch as WasmBatch } from 'parquet-wasm';

type ParquetWasm = typeof ParquetWasmModule;

export interface ParquetWriteOptions {
  /** Rows per row group (default 20,000). */
  rowGroupRows?: number;
  /** Bytes per row group at most (default 64 MB). */
  rowGroupBytes?: number;
  /** Written into the file's key-value metadata. */
  metadata?: Record<string, string>;
  /** snappy (default: fast, for long texts) or zstd (smaller, for repetitive numbers and tokens). */
  compression?: 'snappy' | 'zstd';
  /** Dictionary-encode columns (default off: texts rarely repeat; tokens do). */
  dictionary?: boolean;
}

let wasm: Promise<ParquetWasm> | null = null;
/** Loaded on first use: the module (with its WebAssembly) costs ~100 ms that no JSONL export should pay. */
function loadWasm(): Promise<ParquetWasm> {
  return (wasm ??= import('parquet-wasm'));
}

export class ParquetFileWriter {
  private pulled: (() => void) | null = null;
  private controller!: ReadableStreamDefaultController<WasmBatch>;
  private failure: unknown = null;
  private readonly output: Writable;
  private readonly done: Promise<void>;
  rows = 0;

  private constructor(
    readonly path: string,
    private readonly pw: ParquetWasm,
    options: ParquetWriteOptions,
  ) {
    const source = new ReadableStream<WasmBatch>(
      {
        start: (controller) => {
          this.controller = controller;
        },
        pull: () => {
          const resolve = this.pulled;
          this.pulled = null;
          resolve?.();
        },
      },
      { highWaterMark: 1 },
    );
    let builder = new pw.WriterPropertiesBuilder()
      .setCompression(options.compression === 'zstd' ? pw.Compression.ZSTD : pw.Compression.SNAPPY)
      // Texts rarely repeat: by default no dictionaries, which would cost time and be dropped again.
      .setDictionaryEnabled(options.dictionary === true)
      .setMaxRowGroupSize(options.rowGroupRows ?? 20_000)
      .setMaxRowGroupBytes(options.rowGroupBytes ?? 64 << 20)
      .setCreatedBy('distill');
    if (options.metadata) builder = builder.setKeyValueMetadata(new Map(Object.entries(options.metadata)));
    const properties = builder.build();
    this.output = createWriteStream(path);
    this.done = pw
      .transformParquetStream(source, properties)
      .then((encoded: ReadableStream<Uint8Array>) => encoded.pipeTo(Writable.toWeb(this.output) as WritableStream<Uint8Array>));
    this.done.catch((error: unknown) => {
      this.failure = error;
      const resolve = this.pulled;
      this.pulled = null;
      resolve?.();
    });
  }

  static async open(path: string, options: ParquetWriteOptions = {}): Promise<ParquetFileWriter> {
    return new ParquetFileWriter(path, await loadWasm(), options);
  }

  /** Bytes of Parquet written to disk so far. */
  get bytesWritten(): number {
    return (this.output as unknown as { bytesWritten: number }).bytesWritten;
  }

  /** Adds a batch (an apache-arrow RecordBatch, or its IPC stream bytes from another thread). */
  async write(batch: RecordBatch | Uint8Array): Promise<void> {
    if (this.failure !== null) throw toError(this.failure);
    const ipc = batch instanceof Uint8Array ? batch : tableToIPC(new Table([batch]), 'stream');
    const table = this.pw.Table.fromIPCStream(ipc);
    for (const wasmBatch of table.recordBatches()) {
      this.rows += wasmBatch.numRows;
      this.controller.enqueue(wasmBatch);
      // Wait until the encoder took it: one batch in flight keeps memory flat.
      if ((this.controller.desiredSize ?? 1) <= 0) await new Promise<void>((resolve) => (this.pulled = resolve));
      if (this.failure !== null) throw toError(this.failure);
    }
    table.free();
  }

  /** Finishes the file (footer included); rejects if any write failed. */
  async close(): Promise<void> {
    this.controller.close();
    await this.done;
  }

  /** Stops without finishing, for the failure path (the caller removes the file). */
  async abort(): Promise<void> {
    try {
      this.controller.error(new Error('aborted'));
    } catch {
      // Already closed or errored.
    }
    await this.done.catch(() => undefined);
    this.output.destroy();
  }
}

function toError(value: unknown): Error {
  return value instanceof Error ? value : new Error(String(value));
}
