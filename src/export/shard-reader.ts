// The export workers' view of a project: each tag's shards read straight from disk (questions and
// decisions with the store's own shard readers, candidates with a reader that skips unwanted
// lines), each file read once per tag, nothing kept past the tag, so a worker's memory stays at one
// tag whatever the project's size.
import type { Decision, Question } from '../core/types.js';
import { readConfig } from '../store/config-file.js';
import { ProjectLayout } from '../store/project-layout.js';
import { QuestionShard } from '../store/question-shard.js';
import { readTagReview } from '../store/tag-review-reader.js';
import { readShardBytes, wantedCandidatesOf, type CandidateRef } from './candidate-file-reader.js';
import type { TagSource } from './tag-records.js';

export class ShardReader implements TagSource {
  private readonly layout: ProjectLayout;
  private doubleShare: Promise<number> | null = null;
  /** The last tag's files, read once for its decisions, its questions and its candidates (the three reads of a tag's export). */
  private loaded: { tagId: string; files: Promise<LoadedTag> } | null = null;

  constructor(projectDir: string) {
    this.layout = new ProjectLayout(projectDir);
  }

  async questions(tagId: string): Promise<Question[]> {
    return (await this.tag(tagId)).questions.live();
  }

  async candidatesWhere(tagId: string, wanted: (id: string) => boolean): Promise<CandidateRef[]> {
    return wantedCandidatesOf(this.layout.candidates(tagId), (await this.tag(tagId)).candidates, wanted);
  }

  /** The decisions in effect, as the store weighs them: none applies to a regenerated candidate or an edited question. */
  async decisions(tagId: string): Promise<ReadonlyMap<string, Decision>> {
    this.doubleShare ??= readConfig(this.layout.config).then((config) => config.review?.doubleShare ?? 0);
    const loaded = await this.tag(tagId);
    return (await readTagReview(this.layout, tagId, await this.doubleShare, loaded)).decisions;
  }

  private tag(tagId: string): Promise<LoadedTag> {
    if (this.loaded?.tagId !== tagId) this.loaded = { tagId, files: this.load(tagId) };
    return this.loaded.files;
  }

  private async load(tagId: string): Promise<LoadedTag> {
    const questions = new QuestionShard(this.layout.questions(tagId));
    const [candidates] = await Promise.all([readShardBytes(this.layout.candidates(tagId)), questions.reload()]);
    return { candidates, questions };
  }
}

interface LoadedTag {
  candidates: Buffer;
  questions: QuestionShard;
}
