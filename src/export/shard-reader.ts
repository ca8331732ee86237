// The export workers' view of a project: each tag's shards read straight from disk, each file
// read once per tag and blocking (a worker has nothing else to do while it waits, and a blocking
// read skips the thread pool's round trips: four per file, thousands of files), nothing kept past
// the tag, so a worker's memory stays at one tag whatever the project's size. The candidate file
// is scanned once for its ids; only the lines of decided and wanted candidates are looked at.
import { questionIdentity, type QuestionIdentity } from '../core/tag-review.js';
import type { Decision, Question } from '../core/types.js';
import { readConfig } from '../store/config-file.js';
import { ProjectLayout } from '../store/project-layout.js';
import { readQuestionsSync } from '../store/question-shard.js';
import { readFileOrEmpty, readTagDecisionsSync } from '../store/tag-review-reader.js';
import { ShardLines, type CandidateRef } from './candidate-file-reader.js';
import type { DecisionsWanted, TagSource } from './tag-records.js';

export class ShardReader implements TagSource {
  private readonly layout: ProjectLayout;
  private doubleShare: Promise<number> | null = null;
  /** The last tag's files, read once for its decisions, its questions and its candidates (the three reads of a tag's export). */
  private loaded: LoadedTag | null = null;

  constructor(projectDir: string) {
    this.layout = new ProjectLayout(projectDir);
  }

  questions(tagId: string): Promise<Question[]> {
    return Promise.resolve(this.tag(tagId).live);
  }

  candidatesWhere(tagId: string, wanted: (id: string) => boolean): Promise<CandidateRef[]> {
    return Promise.resolve(this.tag(tagId).lines.where(wanted));
  }

  /** The decisions in effect, as the store weighs them: none applies to a regenerated candidate or an edited question. */
  async decisions(tagId: string, wanted: DecisionsWanted = 'accepting'): Promise<ReadonlyMap<string, Decision>> {
    this.doubleShare ??= readConfig(this.layout.config).then((config) => config.review?.doubleShare ?? 0);
    const doubleShare = await this.doubleShare;
    const { lines, question } = this.tag(tagId);
    return readTagDecisionsSync(this.layout, tagId, doubleShare, wanted, (id) => lines.identity(id), question);
  }

  private tag(tagId: string): LoadedTag {
    if (this.loaded?.tagId !== tagId) this.loaded = this.load(tagId);
    return this.loaded;
  }

  private load(tagId: string): LoadedTag {
    const file = this.layout.candidates(tagId);
    const lines = new ShardLines(file, readFileOrEmpty(file));
    const all = readQuestionsSync(this.layout.questions(tagId));
    const byId = new Map(all.map((question) => [question.id, question]));
    const identities = new Map<string, QuestionIdentity>();
    // Deleted questions included, as the store's question shard answers (their candidates' decisions are weighed too).
    const question = (id: string): QuestionIdentity | undefined => {
      let identity = identities.get(id);
      if (identity) return identity;
      const found = byId.get(id);
      if (!found) return undefined;
      identity = questionIdentity(found);
      identities.set(id, identity);
      return identity;
    };
    return { tagId, lines, live: all.filter((item) => !item.deleted), question };
  }
}

interface LoadedTag {
  tagId: string;
  lines: ShardLines;
  live: Question[];
  question: (id: string) => QuestionIdentity | undefined;
}
