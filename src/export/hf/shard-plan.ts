// Splits a Hugging Face export into shards of consecutive tags, so that each export worker can
// format and encode whole Parquet files of its own (the encoding is half the work, and one file's
// encoding cannot be shared between threads). Shards follow tag order, so reading the files in
// name order gives the records in the same order as the JSONL export. The split depends only on
// the accepted counts, never on the number of workers: the same project gives the same files on
// any machine.

/** A shard closes once it holds this many accepted candidates (a file of roughly 50–150 MB). */
export const SHARD_RECORDS = 50_000;

export interface ShardJob {
  /** 0-based, in tag order; the files are named after it. */
  index: number;
  /** Indexes into the export's tag list, consecutive. */
  tags: number[];
}

/**
 * Consecutive tags grouped until each group holds SHARD_RECORDS accepted candidates. Every tag is
 * in a shard, also one counted as empty: the counts only place the cuts, the workers read the tags.
 */
export function planShards(acceptedPerTag: readonly number[], shardRecords = SHARD_RECORDS): ShardJob[] {
  const jobs: ShardJob[] = [];
  let current: number[] = [];
  let records = 0;
  for (const [tag, accepted] of acceptedPerTag.entries()) {
    current.push(tag);
    records += Math.max(0, accepted);
    if (records >= shardRecords) {
      jobs.push({ index: jobs.length, tags: current });
      current = [];
      records = 0;
    }
  }
  if (current.length > 0) jobs.push({ index: jobs.length, tags: current });
  return jobs;
}
