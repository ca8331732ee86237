// One shard of a Hugging Face export: its tags formatted in order and their batches encoded into
// the shard's own Parquet files. Runs in an export worker (hf/shard-pool.ts) or, for a small
// export, on the main thread; the files are the same either way.
import type { RecordValidator } from '../record-validator.js';
import { exportTagRecords, type RecordPlan, type TagSource, type TagSummary, type TagTask } from '../tag-records.js';
import { ShardFiles, type ShardFile } from './shard-files.js';

export async function exportShard(
  source: TagSource,
  tasks: readonly TagTask[],
  index: number,
  dataDir: string,
  plan: RecordPlan,
  validate: RecordValidator,
  /** Each tag's summary, in order, once its records are handed to the encoder. */
  onTag: (summary: TagSummary, offset: number) => void | Promise<void>,
): Promise<ShardFile[]> {
  const files = new ShardFiles(dataDir, index);
  try {
    for (const [offset, task] of tasks.entries()) {
      await onTag(await exportTagRecords(source, task, plan, validate, (role, chunk) => files.write(role, chunk)), offset);
    }
    return await files.close();
  } catch (error) {
    await files.abort();
    throw error;
  }
}
