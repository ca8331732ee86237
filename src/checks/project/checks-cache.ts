import { open, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../../store/atomic-file.js';
import { NUMERIC_COLUMNS, type FeatureTable } from '../features/feature-table.js';
import {
  CorruptCacheError,
  decodeFeatureTable,
  encodeFeatureTable,
  readFeatureTableLazily,
  readFeatureTableNumbers,
} from './feature-cache-file.js';
import {
  decodeQuestionIndexBody,
  decodeQuestionIndexHeader,
  encodeQuestionIndex,
  headerLengthOf,
  PREFIX_BYTES,
  type QuestionIndexHeader,
} from './question-index-file.js';
import type { DuplicateInfo, QuestionIndexState } from './question-index.js';
import { decodeRuleMasks, encodeRuleMasks, type TagRuleMasks } from './rule-masks-file.js';
import type { FlagSummaryFile } from './table-summary.js';
import { RULE_IDS } from '../rules/rule-ids.js';

/** A tag's findings beside the index, so that checking one tag never reads the whole index. */
export interface TagFindingsFile {
  digest: string;
  findings: Record<string, DuplicateInfo>;
}

/** How much of a tag's table to read: the numbers (default), also the texts, or each column when first used. */
export interface TagTableRead {
  texts?: boolean;
  lazy?: boolean;
}

/**
 * The checker's files under `cache/checks/` (it is their one writer); all of
 * them derived and safe to delete. Caches are optional: a read that finds a
 * damaged file reports it and the caller rebuilds; a write that fails (a full
 * disk, a read-only project, no permission) costs a recompute next time and
 * never fails the command. Both leave a line in `warnings`.
 */
export class ChecksCache {
  readonly dir: string;
  readonly warnings: string[] = [];
  private readonly failedWrites = new Set<string>();

  constructor(cacheDir: string) {
    this.dir = join(cacheDir, 'checks');
  }

  featuresPath(tagId: string): string {
    return join(this.dir, `${tagId}.features`);
  }

  get indexPath(): string {
    return join(this.dir, 'questions.index');
  }

  findingsPath(tagId: string): string {
    return join(this.dir, `${tagId}.duplicates`);
  }

  get summaryPath(): string {
    return join(this.dir, 'summary.json');
  }

  get ruleMasksPath(): string {
    return join(this.dir, 'rule-masks');
  }

  /** A tag's cached features and what they were computed from; null when missing, stale in format, or damaged. */
  async readTagTable(tagId: string, options: TagTableRead = {}): Promise<{ table: FeatureTable; source: string } | null> {
    const path = this.featuresPath(tagId);
    // One rule run again reads a column or two: each column is read when first asked for.
    if (options.lazy && !options.texts)
      return this.decoding(path, () => this.optional(path, () => Promise.resolve().then(() => readFeatureTableLazily(path))));
    // Counting flags needs the numbers only: the texts (more than half the file) are read if a detail is asked for.
    if (!options.texts)
      return this.decoding(path, () => this.optional(path, () => Promise.resolve().then(() => readFeatureTableNumbers(path))));
    const file = await this.readOptional(path);
    if (!file) return null;
    return this.decoding(path, () => {
      const decoded = decodeFeatureTable(file, path);
      if (decoded && options.texts) decoded.table.textColumn('id'); // verifies the texts now, while a rebuild is cheap
      return decoded;
    });
  }

  /** The table if its columns (texts, and numbers not read yet) read back intact (else null, reported): before its rows are reused. */
  async withTexts(tagId: string, table: FeatureTable): Promise<FeatureTable | null> {
    return this.decoding(this.featuresPath(tagId), () => {
      table.textColumn('id');
      for (const column of NUMERIC_COLUMNS) void table.numbers[column];
      return table;
    });
  }

  writeTagTable(tagId: string, table: FeatureTable, source: string): Promise<void> {
    return this.writeOptional(this.featuresPath(tagId), () => encodeFeatureTable(table, source));
  }

  /** The question index's header alone (what a check needs while no question changed). */
  async readIndexHeader(): Promise<QuestionIndexHeader | null> {
    const path = this.indexPath;
    let handle;
    try {
      handle = await open(path, 'r');
    } catch {
      return null;
    }
    try {
      const prefix = Buffer.alloc(PREFIX_BYTES);
      await handle.read(prefix, 0, PREFIX_BYTES, 0);
      return await this.decoding(path, async () => {
        const length = headerLengthOf(prefix, path);
        if (length === null) return null;
        const bytes = Buffer.alloc(length);
        const { bytesRead } = await handle.read(bytes, 0, length, PREFIX_BYTES);
        if (bytesRead !== length) throw new CorruptCacheError(`${path}: truncated header`);
        return decodeQuestionIndexHeader(prefix, bytes, path);
      });
    } finally {
      await handle.close();
    }
  }

  /** The whole question index, or null (missing, of another version, damaged, or not the one `header` described). */
  async readIndex(header: QuestionIndexHeader): Promise<QuestionIndexState | null> {
    const path = this.indexPath;
    const file = await this.readOptional(path);
    if (!file) return null;
    return this.decoding(path, () => {
      const length = headerLengthOf(file, path);
      if (length === null) return null;
      const stored = decodeQuestionIndexHeader(file, file.subarray(PREFIX_BYTES, PREFIX_BYTES + length), path);
      // Another process may have replaced the file since its header was read: use it only if it is the same one.
      if (stored.bodyChecksum !== header.bodyChecksum || stored.count !== header.count) return null;
      return decodeQuestionIndexBody(stored, file.subarray(PREFIX_BYTES + length), path);
    });
  }

  writeIndex(state: QuestionIndexState, fingerprint: string, digests: ReadonlyMap<string, string>): Promise<void> {
    return this.writeOptional(this.indexPath, () => encodeQuestionIndex(state, fingerprint, digests));
  }

  /** One tag's near-duplicate findings as the index last wrote them, and the digest they had; null when missing or damaged. */
  async readTagFindings(tagId: string): Promise<TagFindingsFile | null> {
    const file = await this.readOptional(this.findingsPath(tagId));
    if (!file) return null;
    try {
      const parsed = JSON.parse(file.toString('utf8')) as TagFindingsFile;
      return typeof parsed.digest === 'string' && typeof parsed.findings === 'object' ? parsed : null;
    } catch {
      return null;
    }
  }

  writeTagFindings(tagId: string, findings: TagFindingsFile): Promise<void> {
    return this.writeOptional(this.findingsPath(tagId), () => JSON.stringify(findings));
  }

  async readSummary(): Promise<FlagSummaryFile | null> {
    const file = await this.readOptional(this.summaryPath);
    if (!file) return null;
    try {
      return JSON.parse(file.toString('utf8')) as FlagSummaryFile;
    } catch {
      return null; // damaged: recomputed by the next check
    }
  }

  writeSummary(summary: FlagSummaryFile): Promise<void> {
    return this.writeOptional(this.summaryPath, () => JSON.stringify(summary));
  }

  /** Each tag's rule masks from the last check; empty when there are none, they are damaged, or the rules are others. */
  async readRuleMasks(): Promise<Map<string, TagRuleMasks>> {
    const path = this.ruleMasksPath;
    const file = await this.readOptional(path);
    if (!file) return new Map();
    const decoded = await this.decoding(path, () => decodeRuleMasks(file, path));
    // Bits stand for rules by position: a build with other rules evaluates them all again.
    const sameRules = decoded && decoded.ruleIds.length === RULE_IDS.length && decoded.ruleIds.every((id, bit) => id === RULE_IDS[bit]);
    return sameRules ? decoded.tags : new Map();
  }

  writeRuleMasks(tags: Map<string, TagRuleMasks>): Promise<void> {
    return this.writeOptional(this.ruleMasksPath, () => encodeRuleMasks({ ruleIds: RULE_IDS, tags }));
  }

  private readOptional(path: string): Promise<Buffer | null> {
    return this.optional(path, () => readFile(path));
  }

  /** `read`'s result, or null when the file is missing (or unreadable: reported). */
  private async optional<T>(path: string, read: () => Promise<T>): Promise<T | null> {
    try {
      return await read();
    } catch (error) {
      if (error instanceof CorruptCacheError) throw error;
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR')
        this.warn(`cannot read ${path} (${code ?? String(error)}); the checks recompute what it held`);
      return null;
    }
  }

  private async decoding<T>(path: string, decode: () => T | Promise<T>): Promise<T | null> {
    try {
      return await decode();
    } catch (error) {
      if (!(error instanceof CorruptCacheError)) throw error;
      this.warn(`${error.message}; rebuilt it`);
      return null;
    }
  }

  private async writeOptional(path: string, encode: () => string | Uint8Array): Promise<void> {
    const data = encode();
    try {
      await writeFileAtomic(path, data);
    } catch (error) {
      const code = errorCode(error);
      if (this.failedWrites.has(code)) return;
      this.failedWrites.add(code);
      this.warn(`could not save the checks cache in ${this.dir} (${code}); the next check recomputes what it would have held`);
    }
  }

  private warn(message: string): void {
    if (!this.warnings.includes(message)) this.warnings.push(message);
  }
}

/** ENOSPC, EROFS, EACCES …: the system's code, also when the store wrapped it (a DiskFullError). */
function errorCode(error: unknown): string {
  const own = (error as NodeJS.ErrnoException | null)?.code;
  const cause = (error as { cause?: NodeJS.ErrnoException } | null)?.cause?.code;
  return own ?? cause ?? (error instanceof Error ? error.name : 'error');
}
