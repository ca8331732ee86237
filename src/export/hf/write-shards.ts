// The Parquet files of a Hugging Face export: the tags cut into shards (hf/shard-plan.ts), each
// shard formatted and encoded by an export worker, or on the main thread for a small export, and
// the finished files handed to the folder in shard order.
import { compileRecordValidator } from '../record-validator.js';
import type { RecordPlan, TagSource, TagSummary, TagTask } from '../tag-records.js';
import { exportShard } from './export-shard.js';
import type { HfOutput } from './hf-output.js';
import { exportShardsInWorkers } from './shard-pool.js';
import { planShards } from './shard-plan.js';

export interface ShardWork {
  tasks: readonly TagTask[];
  /** Accepted candidates per task, as the store counts them (they place the cuts between shards). */
  accepted: readonly number[];
  /** 0: the main thread. */
  workers: number;
  /** The tags' source on the main thread (workers read the shard files themselves). */
  source: TagSource;
  projectDir: string;
  plan: RecordPlan;
  shardRecords?: number;
}

/** Writes every shard into the folder; `done` gets each tag's summary, in tag order. */
export async function writeShards(output: HfOutput, work: ShardWork, done: (summary: TagSummary) => Promise<void>): Promise<void> {
  const jobs = planShards(work.accepted, work.shardRecords);
  const counted = (summary: TagSummary): Promise<void> => {
    output.countBytes(summary.jsonBytes);
    return done(summary);
  };
  if (work.workers > 0) {
    const setup = { projectDir: work.projectDir, plan: work.plan };
    output.adopt(await exportShardsInWorkers(work.tasks, jobs, work.workers, setup, output.dataDir, counted));
    return;
  }
  const validate = compileRecordValidator(work.plan.shape.format, work.plan.shape.tagField, work.plan.shape.ids);
  for (const job of jobs) {
    const tasks = job.tags.map((tag) => work.tasks[tag]!);
    output.adopt([await exportShard(work.source, tasks, job.index, output.dataDir, work.plan, validate, counted)]);
  }
}
