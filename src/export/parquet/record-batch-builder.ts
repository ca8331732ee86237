// Rows (plain objects) → Arrow record batches of a fixed layout. Also how a worker thread hands
// batches over: `takeIpc()` gives the batch as Arrow IPC stream bytes, one transferable buffer.
import { makeData, RecordBatch, Struct, Table, tableToIPC } from 'apache-arrow';
import { columnBuilder, type ColumnBuilder } from './column-builders.js';
import { arrowSchema, type ColumnFields } from './parquet-schema.js';

export class RecordBatchBuilder {
  private readonly columns: [string, ColumnBuilder][];
  /** Rows added since the last take. */
  rows = 0;

  constructor(private readonly fields: ColumnFields) {
    this.columns = Object.entries(fields).map(([name, field]) => [name, columnBuilder(field)]);
  }

  /** Adds one row; a value of the wrong type throws a TypeError that names the field. */
  add(row: Record<string, unknown>): void {
    for (const [name, column] of this.columns) column.push(row[name], name);
    this.rows += 1;
  }

  /** Approximate bytes held, to decide when a batch is big enough to hand over. */
  get bytes(): number {
    return this.columns.reduce((sum, [, column]) => sum + column.bytes, 0);
  }

  /** The rows so far as one batch (null when there are none); the builder starts empty again. */
  take(): RecordBatch | null {
    if (this.rows === 0) return null;
    const schema = arrowSchema(this.fields);
    const children = this.columns.map(([, column]) => column.finish());
    const data = makeData({ type: new Struct(schema.fields), length: this.rows, nullCount: 0, children });
    this.rows = 0;
    return new RecordBatch(schema, data);
  }

  /** take(), as Arrow IPC stream bytes. */
  takeIpc(): Uint8Array | null {
    const batch = this.take();
    return batch === null ? null : tableToIPC(new Table([batch]), 'stream');
  }
}
