import { DecisionShard } from './decision-shard.js';
import { countLogLines } from './jsonl-log.js';
import type { ProjectLayout } from './project-layout.js';
import { QuestionShard } from './question-shard.js';
import type { ShardKind } from './shard-counts.js';

export type ShardKinds = Record<ShardKind['name'], ShardKind>;

/** The per-tag shards of a project and how each is counted when the counters cache cannot vouch for it. */
export function projectShardKinds(layout: ProjectLayout): ShardKinds {
  return {
    questions: {
      name: 'questions',
      dir: layout.questionsDir,
      extension: '.json',
      count: async (file) => {
        const shard = new QuestionShard(file);
        await shard.reload();
        return { questions: shard.live().length };
      },
    },
    candidates: {
      name: 'candidates',
      dir: layout.candidatesDir,
      extension: '.jsonl',
      // Lines, not parsed records: a stale cache at a million candidates must not mean parsing them all.
      count: async (file) => ({ candidates: await countLogLines(file) }),
    },
    decisions: {
      name: 'decisions',
      dir: layout.decisionsDir,
      extension: '.jsonl',
      count: async (file) => {
        const shard = new DecisionShard(file);
        await shard.catchUp();
        return shard.counts();
      },
    },
  };
}
