import { countLogLines, countLogLinesSync } from './jsonl-log.js';
import type { ProjectLayout } from './project-layout.js';
import { QuestionShard, readQuestionsSync } from './question-shard.js';
import type { ShardKind } from './shard-counts.js';
import { readTagReview, readTagReviewSync } from './tag-review-reader.js';

export type ShardKinds = Record<ShardKind['name'], ShardKind>;

/** The per-tag shards of a project and how each is counted when the counters cache cannot vouch for it. */
export function projectShardKinds(layout: ProjectLayout, doubleShare: () => number): ShardKinds {
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
      countSync: (file) => ({ questions: readQuestionsSync(file).filter((question) => !question.deleted).length }),
    },
    candidates: {
      name: 'candidates',
      dir: layout.candidatesDir,
      extension: '.jsonl',
      // Lines, not parsed records: a stale cache at a million candidates must not mean parsing them all.
      count: async (file) => ({ candidates: await countLogLines(file) }),
      countSync: (file) => ({ candidates: countLogLinesSync(file) }),
    },
    decisions: {
      name: 'decisions',
      dir: layout.decisionsDir,
      extension: '.jsonl',
      // Whether a decision applies depends on the candidate it names (its generation) and on the question's text.
      dependsOn: ['candidates', 'questions'],
      basis: () => `double:${doubleShare()}`,
      count: async (_file, tagId) => {
        const { summary } = await readTagReview(layout, tagId, doubleShare());
        return { accepted: summary.accepted, rejected: summary.rejected, review: summary };
      },
      countSync: (_file, tagId) => {
        const { summary } = readTagReviewSync(layout, tagId, doubleShare());
        return { accepted: summary.accepted, rejected: summary.rejected, review: summary };
      },
    },
  };
}
