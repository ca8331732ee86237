// What the selection commands found about a project's questions, as the checks read it: the
// benchmark items each question repeats (decontaminate), and the judge's judgements of the
// candidates (judge). Read once per check session and
// grouped by tag, with a digest per tag so that a tag's cached feature table is rebuilt when its
// findings change.
import { createHash } from 'node:crypto';
import { parseItemId } from '../core/ids.js';
import type { StoredJudgement } from '../core/judgement.js';
import { judgementStamp, readJudgements } from '../store/judgement-store.js';
import { readContaminationFile, type StoredMatch } from './contamination-file.js';

export interface TagQuestionFindings {
  /** '' when the tag has no findings (so a project that never ran decontaminate keeps its caches). */
  digest: string;
  contamination: ReadonlyMap<string, readonly StoredMatch[]>;
  /** The judge's latest judgement per candidate (distill judge), read only when a table is rebuilt. */
  judgements(): Promise<ReadonlyMap<string, StoredJudgement>>;
}

const NO_JUDGEMENTS = () => Promise.resolve(new Map<string, StoredJudgement>());

export class QuestionFindings {
  private byTag: Promise<Map<string, Omit<TagQuestionFindings, 'judgements'>>> | null = null;

  constructor(private readonly projectDir: string) {}

  async ofTag(tagId: string): Promise<TagQuestionFindings> {
    this.byTag ??= this.load();
    const found = (await this.byTag).get(tagId) ?? { digest: '', contamination: new Map() };
    // The judge's shard is stamped by its size and time, not read: a check of an unchanged tag stays cheap.
    const stamp = await judgementStamp(this.projectDir, tagId);
    if (stamp === '') return { ...found, judgements: NO_JUDGEMENTS };
    return {
      digest: found.digest ? `${found.digest}+j${stamp}` : `j${stamp}`,
      contamination: found.contamination,
      judgements: () => readJudgements(this.projectDir, tagId),
    };
  }

  private async load(): Promise<Map<string, Omit<TagQuestionFindings, 'judgements'>>> {
    const file = await readContaminationFile(this.projectDir);
    const grouped = new Map<string, Map<string, StoredMatch[]>>();
    for (const [questionId, matches] of Object.entries(file?.matches ?? {})) {
      const tagId = parseItemId(questionId)?.tagId;
      if (!tagId || matches.length === 0) continue;
      let tag = grouped.get(tagId);
      if (!tag) grouped.set(tagId, (tag = new Map<string, StoredMatch[]>()));
      tag.set(questionId, matches);
    }
    const byTag = new Map<string, Omit<TagQuestionFindings, 'judgements'>>();
    for (const [tagId, contamination] of grouped) {
      const digest = createHash('sha1')
        .update(JSON.stringify([...contamination].sort(([a], [b]) => (a < b ? -1 : 1))))
        .digest('base64url')
        .slice(0, 16);
      byTag.set(tagId, { digest, contamination });
    }
    return byTag;
  }
}
