// Parquet files from Node: describe the columns (ColumnFields), add rows to a RecordBatchBuilder,
// write its batches with a ParquetFileWriter. Used by `export --for hf`; made to be reused by
// other exports (per-token tables), with nothing export-specific in it.
export { arrowSchema, type ColumnField, type ColumnFields, type ColumnType } from './parquet-schema.js';
export { RecordBatchBuilder } from './record-batch-builder.js';
export { ParquetFileWriter, type ParquetWriteOptions } from './parquet-file-writer.js';
export { writeParquetFile } from './write-parquet-file.js';
export { EncodedText } from './encoded-text.js';
