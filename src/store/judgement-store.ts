// The judge's shard of a project: data/judgements/<tag>.jsonl, one line per judgement, appended
// through the store's LogAppender (one fsync'd write per line, a torn last line set aside to
// <file>.torn before the next append), so a kill -9 loses at most the judgements in flight.
// A candidate judged again (another teacher, a new text) gets a new line; the last one counts.
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { isStoredJudgement, type StoredJudgement } from '../core/judgement.js';
import { readLog } from './jsonl-log.js';
import { LogAppender } from './log-appender.js';
import { SerialQueue } from './serial-queue.js';

export function judgementsDir(projectDir: string): string {
  return join(projectDir, 'data', 'judgements');
}

export function judgementFile(projectDir: string, tagId: string): string {
  return join(judgementsDir(projectDir), `${tagId}.jsonl`);
}

/** The latest judgement of each candidate of a tag (an empty map when the tag was never judged). */
export async function readJudgements(projectDir: string, tagId: string): Promise<Map<string, StoredJudgement>> {
  const file = judgementFile(projectDir, tagId);
  const { records } = await readLog<StoredJudgement>(file, 0, isStoredJudgement, describeInvalid);
  const latest = new Map<string, StoredJudgement>();
  for (const record of records) latest.set(record.id, record);
  return latest;
}

/**
 * The tags that have a judge shard, from one listing of its directory (empty when nothing was
 * ever judged): a walk over 50,000 tags asks this once rather than stat'ing a file per tag.
 */
export async function judgedTagIds(projectDir: string): Promise<Set<string>> {
  try {
    const names = await readdir(judgementsDir(projectDir));
    return new Set(names.filter((name) => name.endsWith('.jsonl')).map((name) => name.slice(0, -'.jsonl'.length)));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return new Set();
    throw error;
  }
}

/** What the tag's judgements are as stored, without reading them: '' when there are none. */
export async function judgementStamp(projectDir: string, tagId: string): Promise<string> {
  try {
    const info = await stat(judgementFile(projectDir, tagId));
    return info.size === 0 ? '' : `${info.size}:${Math.round(info.mtimeMs)}`;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw error;
  }
}

/** Appends judgements as they arrive, one tag's lines after another's never interleaved. */
export class JudgementWriter {
  private readonly appenders = new Map<string, { appender: LogAppender; queue: SerialQueue }>();
  readonly warnings: string[] = [];

  constructor(private readonly projectDir: string) {}

  /** Resolves once the line is on disk. */
  append(tagId: string, judgement: StoredJudgement): Promise<void> {
    return this.appendAll(tagId, [judgement]);
  }

  /** Several judgements of one tag in one write (a batch import): resolves once they are on disk. */
  appendAll(tagId: string, judgements: readonly StoredJudgement[]): Promise<void> {
    let entry = this.appenders.get(tagId);
    if (!entry) {
      entry = { appender: new LogAppender(judgementFile(this.projectDir, tagId), true), queue: new SerialQueue() };
      this.appenders.set(tagId, entry);
    }
    const { appender, queue } = entry;
    return queue.run(async () => {
      // -1: never trust a size we did not read, so a torn tail left by a killed run is always looked for.
      const { warnings } = await appender.append([...judgements], -1);
      this.warnings.push(...warnings);
    });
  }

  async close(): Promise<void> {
    await Promise.all([...this.appenders.values()].map(({ appender, queue }) => queue.run(() => appender.close())));
    this.appenders.clear();
  }
}

function describeInvalid(value: unknown): string {
  return `expected a judgement {"id","gen","questionHash","score","verdict","rationale","teacher",…}, got ${JSON.stringify(value).slice(0, 80)}`;
}
