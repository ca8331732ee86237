import type { ProjectStoreApi, TagVersions } from '../../store/store-api.js';
import type { ChecksCache } from './checks-cache.js';
import type { QuestionIndexHeader } from './question-index-file.js';
import { NO_FINDINGS_DIGEST, QuestionIndex, type DuplicateInfo, type QuestionIndexState } from './question-index.js';

/** A digest that matches no findings: the tag's findings are not known to be current (its questions changed since the index). */
const PROVISIONAL = 'provisional';
const STAT_CONCURRENCY = 16;

/** A tag's near-duplicate findings, and the digest to label what was computed from them. */
export interface TagFindings {
  digest: string;
  duplicates: Map<string, DuplicateInfo>;
}

/**
 * What the checks know of the project's questions during one check: the store's
 * version of each tag's data, and the near-duplicate findings from the question
 * index. `update` brings the index up to date first, reading only the tags whose
 * questions changed since it was written (none, after a threshold change), and
 * writes each tag's findings beside it. Without it (one tag checked as its
 * candidates arrive, or opened in the review screen) a tag's findings come from
 * its own small file, and findings the index does not know yet wait for the
 * next full check: what was computed from them is labelled provisional.
 */
export class ProjectQuestions {
  private readonly versions = new Map<string, Promise<TagVersions>>();
  private header: QuestionIndexHeader | null = null;
  private headerRead: Promise<void> | null = null;
  /** Every finding, after an update in this session. */
  private findings: Map<string, Map<string, DuplicateInfo>> | null = null;
  /** Questions compared by the near-duplicate check in this run. */
  compared = 0;

  constructor(
    private readonly store: ProjectStoreApi,
    private readonly cache: ChecksCache,
    private readonly fingerprint: string,
  ) {}

  versionsOf(tagId: string): Promise<TagVersions> {
    let versions = this.versions.get(tagId);
    if (!versions) this.versions.set(tagId, (versions = this.store.versions(tagId)));
    return versions;
  }

  /** Brings the question index up to date with every live tag, and saves what changed. */
  async update(): Promise<void> {
    const tags = this.store.tags().map((tag) => tag.id);
    await forEachBounded(tags, STAT_CONCURRENCY, (tagId) => this.versionsOf(tagId));
    await this.readHeader();
    const before = this.header;
    const known = before?.tagVersions ?? {};
    const live = new Set(tags);
    const changed: string[] = [];
    for (const tagId of tags) if ((await this.versionsOf(tagId)).questions !== (known[tagId] ?? '')) changed.push(tagId);
    const removed = Object.keys(known).filter((tagId) => !live.has(tagId));
    if (before && changed.length === 0 && removed.length === 0) return;
    const state = await this.readState();
    // A new index takes every tag's questions; an existing one, those that changed.
    const index = new QuestionIndex(state ?? undefined);
    const changes = new Map<string, { version: string; questions: Awaited<ReturnType<ProjectStoreApi['questions']>> }>();
    for (const tagId of state ? changed : tags) {
      const questions = (await this.store.questions(tagId)).filter((question) => !question.deleted);
      changes.set(tagId, { version: (await this.versionsOf(tagId)).questions, questions });
    }
    for (const tagId of removed) changes.set(tagId, { version: '', questions: [] });
    this.compared += index.update(changes);
    const digests = index.digests();
    this.findings = index.findingsByTag();
    await this.cache.writeIndex(index.state, this.fingerprint, digests);
    for (const [tagId, digest] of digests) {
      if (digest === NO_FINDINGS_DIGEST || (state && before?.digests[tagId] === digest)) continue;
      await this.cache.writeTagFindings(tagId, { digest, findings: Object.fromEntries(this.findings.get(tagId) ?? []) });
    }
    this.header = {
      fingerprint: this.fingerprint,
      count: index.state.entries.length,
      tagVersions: Object.fromEntries(index.tagVersions),
      digests: Object.fromEntries(digests),
      bodyBytes: -1,
      bodyChecksum: -1,
    };
  }

  /** The digest of the tag's findings when they are current, else a marker that they are not. Reads no findings. */
  async digestOf(tagId: string): Promise<string> {
    await this.readHeader();
    const questionsVersion = (await this.versionsOf(tagId)).questions;
    if (!this.header || (this.header.tagVersions[tagId] ?? '') !== questionsVersion) return PROVISIONAL;
    return this.header.digests[tagId] ?? NO_FINDINGS_DIGEST;
  }

  /** The tag's findings and the digest they answer to (provisional when they may not be current). */
  async findingsOf(tagId: string): Promise<TagFindings> {
    const digest = await this.digestOf(tagId);
    if (this.findings) return { digest, duplicates: this.findings.get(tagId) ?? new Map<string, DuplicateInfo>() };
    if (digest === NO_FINDINGS_DIGEST) return { digest, duplicates: new Map<string, DuplicateInfo>() };
    const stored = await this.cache.readTagFindings(tagId);
    const duplicates = new Map(Object.entries(stored?.findings ?? {}));
    if (stored?.digest === digest) return { digest, duplicates };
    // Findings of an older index still hold for the questions they name: used, but labelled provisional.
    if (digest === PROVISIONAL) return { digest, duplicates };
    // The index knows them but their file is lost or stale: read them from the index once, and write the file again.
    const state = await this.readState();
    if (!state) return { digest: PROVISIONAL, duplicates };
    this.findings = new QuestionIndex(state).findingsByTag();
    const current = this.findings.get(tagId) ?? new Map<string, DuplicateInfo>();
    await this.cache.writeTagFindings(tagId, { digest, findings: Object.fromEntries(current) });
    return { digest, duplicates: current };
  }

  private readHeader(): Promise<void> {
    this.headerRead ??= this.cache.readIndexHeader().then((header) => {
      this.header = header && header.fingerprint === this.fingerprint ? header : null;
    });
    return this.headerRead;
  }

  /** The stored index as the header describes it; null (and no header) when there is none or it is damaged. */
  private async readState(): Promise<QuestionIndexState | null> {
    await this.readHeader();
    if (!this.header) return null;
    const state = await this.cache.readIndex(this.header);
    if (!state) this.header = null; // damaged or replaced: the next update starts a new index
    return state;
  }
}

/** Runs `work` over `items` with at most `limit` in progress. */
async function forEachBounded<T>(items: readonly T[], limit: number, work: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
