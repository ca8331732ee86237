import { join } from 'node:path';

/** Where each kind of project data lives; see the README's "Project files" section. */
export class ProjectLayout {
  constructor(readonly dir: string) {}

  get config(): string {
    return join(this.dir, 'distill.json');
  }
  get tags(): string {
    return join(this.dir, 'data', 'tags.json');
  }
  get failures(): string {
    return join(this.dir, 'data', 'failures.json');
  }
  get questionsDir(): string {
    return join(this.dir, 'data', 'questions');
  }
  get candidatesDir(): string {
    return join(this.dir, 'data', 'candidates');
  }
  get decisionsDir(): string {
    return join(this.dir, 'data', 'decisions');
  }
  questions(tagId: string): string {
    return join(this.questionsDir, `${tagId}.json`);
  }
  candidates(tagId: string): string {
    return join(this.candidatesDir, `${tagId}.jsonl`);
  }
  decisions(tagId: string): string {
    return join(this.decisionsDir, `${tagId}.jsonl`);
  }
  get cacheDir(): string {
    return join(this.dir, 'cache');
  }
  /** Derived per-shard counts, checked against file sizes before use. */
  get countsCache(): string {
    return join(this.dir, 'cache', 'counts.json');
  }
  /** Notes of which shards each writer changed, read by the others (see change-log.ts). */
  get changeLog(): string {
    return join(this.dir, 'cache', 'changes.log');
  }
  lock(name: string): string {
    return join(this.dir, 'locks', `${name}.lock`);
  }
}
