// The export workers' view of a project: each tag's shards read straight from disk (questions and
// decisions with the store's own shard readers, candidates with a reader that skips unwanted
// lines), nothing kept afterwards, so a worker's memory stays at one tag whatever the project's size.
import type { Decision, Question } from '../core/types.js';
import { readConfig } from '../store/config-file.js';
import { ProjectLayout } from '../store/project-layout.js';
import { QuestionShard } from '../store/question-shard.js';
import { readTagReview } from '../store/tag-review-reader.js';
import { readWantedCandidates, type CandidateRef } from './candidate-file-reader.js';
import type { TagSource } from './tag-records.js';

export class ShardReader implements TagSource {
  private readonly layout: ProjectLayout;
  private doubleShare: Promise<number> | null = null;

  constructor(projectDir: string) {
    this.layout = new ProjectLayout(projectDir);
  }

  async questions(tagId: string): Promise<Question[]> {
    const shard = new QuestionShard(this.layout.questions(tagId));
    await shard.reload();
    return shard.live();
  }

  candidatesWhere(tagId: string, wanted: (id: string) => boolean): Promise<CandidateRef[]> {
    return readWantedCandidates(this.layout.candidates(tagId), wanted);
  }

  /** The decisions in effect, as the store weighs them: none applies to a regenerated candidate or an edited question. */
  async decisions(tagId: string): Promise<ReadonlyMap<string, Decision>> {
    this.doubleShare ??= readConfig(this.layout.config).then((config) => config.review?.doubleShare ?? 0);
    return (await readTagReview(this.layout, tagId, await this.doubleShare)).decisions;
  }
}
