// The export workers' view of a project: each tag's shards read straight from disk with the
// store's own shard readers (same parsing, same torn-line and duplicate rules), but nothing kept
// afterwards, so a worker's memory stays at one tag whatever the project's size.
import type { Candidate, Decision, Question } from '../core/types.js';
import { CandidateShard } from '../store/candidate-shard.js';
import { DecisionShard } from '../store/decision-shard.js';
import { ProjectLayout } from '../store/project-layout.js';
import { QuestionShard } from '../store/question-shard.js';
import type { TagSource } from './tag-records.js';

export class ShardReader implements TagSource {
  private readonly layout: ProjectLayout;

  constructor(projectDir: string) {
    this.layout = new ProjectLayout(projectDir);
  }

  async questions(tagId: string): Promise<Question[]> {
    const shard = new QuestionShard(this.layout.questions(tagId));
    await shard.reload();
    return shard.live();
  }

  async candidates(tagId: string): Promise<Candidate[]> {
    const shard = new CandidateShard(this.layout.candidates(tagId));
    await shard.catchUp();
    return shard.list;
  }

  async decisions(tagId: string): Promise<ReadonlyMap<string, Decision>> {
    const shard = new DecisionShard(this.layout.decisions(tagId));
    await shard.catchUp();
    return shard.current;
  }
}
