// Writes the logprobs rows as Parquet through parquet-wasm (Arrow in, Parquet out): a writer the
// Arrow project maintains, readable by pandas, pyarrow and `datasets` alike.
import { Field, Float32, Int32, List, Table, Utf8, vectorFromArray } from 'apache-arrow';
import { tableToIPC } from 'apache-arrow';
import type { LogprobsRow } from './logprobs-rows.js';

const listOf = (item: Utf8 | Int32 | Float32) => new List(new Field('item', item, true));
const listOfLists = (item: Utf8 | Int32 | Float32) => new List(new Field('item', listOf(item), true));

/** The Parquet bytes of the rows (one per exported record, in their order). */
export async function encodeLogprobsParquet(rows: readonly LogprobsRow[]): Promise<Uint8Array> {
  const table = new Table({
    id: vectorFromArray(
      rows.map((row) => row.id),
      new Utf8(),
    ),
    tokens: vectorFromArray(
      rows.map((row) => row.tokens),
      listOf(new Utf8()),
    ),
    token_ids: vectorFromArray(
      rows.map((row) => row.tokenIds),
      listOf(new Int32()),
    ),
    offsets: vectorFromArray(
      rows.map((row) => row.offsets),
      listOf(new Int32()),
    ),
    logprobs: vectorFromArray(
      rows.map((row) => row.logprobs),
      listOf(new Float32()),
    ),
    top_tokens: vectorFromArray(
      rows.map((row) => row.topTokens),
      listOfLists(new Utf8()),
    ),
    top_ids: vectorFromArray(
      rows.map((row) => row.topIds),
      listOfLists(new Int32()),
    ),
    top_logprobs: vectorFromArray(
      rows.map((row) => row.topLogprobs),
      listOfLists(new Float32()),
    ),
  });
  // Loaded on demand: the WebAssembly module is only needed by this export.
  const parquet = await import('parquet-wasm');
  const wasmTable = parquet.Table.fromIPCStream(tableToIPC(table, 'stream'));
  const properties = new parquet.WriterPropertiesBuilder().setCompression(parquet.Compression.ZSTD).build();
  return parquet.writeParquet(wasmTable, properties);
}
