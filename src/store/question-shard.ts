import { stat } from 'node:fs/promises';
import { questionId } from '../core/ids.js';
import { questionIdentity, type QuestionIdentity } from '../core/tag-review.js';
import type { Question } from '../core/types.js';
import { readDocument, readDocumentSync, writeDocument } from './json-document.js';
import { isDocumentOf, isQuestion } from './record-guards.js';
import type { NewQuestion } from './store-api.js';

const isQuestionDocument = isDocumentOf('questions', isQuestion);
const QUESTIONS_EXPECTED = 'expected { "questions": [...] }';

/** A questions shard's records (deleted ones included), read blocking: for a cold count of many shards. */
export function readQuestionsSync(file: string): Question[] {
  return readDocumentSync(file, isQuestionDocument, QUESTIONS_EXPECTED)?.questions ?? [];
}

interface FileVersion {
  size: number;
  mtimeMs: number;
}

async function versionOf(file: string): Promise<FileVersion | null> {
  try {
    const info = await stat(file);
    return { size: info.size, mtimeMs: info.mtimeMs };
  } catch {
    return null;
  }
}

/** The questions of one tag: a small lowdb document, rewritten whole under the tag's lock. */
export class QuestionShard {
  list: Question[] = [];
  private version: FileVersion | null = null;
  private index: Map<string, Question> | null = null;
  private readonly identities = new Map<string, QuestionIdentity>();
  /** Bumped whenever the list is replaced (read or written): what a derived result was computed from. */
  revision = 0;

  constructor(readonly file: string) {}

  /** The file's size as last read or written (0: no file): what counts made from this shard are exact for. */
  get knownSize(): number {
    return this.version?.size ?? 0;
  }

  /** Its text's hash (and what older candidates answered), computed once per text. */
  identityOf(id: string): QuestionIdentity | undefined {
    let identity = this.identities.get(id);
    if (identity) return identity;
    const question = this.byId(id);
    if (!question) return undefined;
    identity = questionIdentity(question);
    this.identities.set(id, identity);
    return identity;
  }

  /** A question by id, deleted ones included. */
  byId(id: string): Question | undefined {
    this.index ??= new Map(this.list.map((question) => [question.id, question]));
    return this.index.get(id);
  }

  /** Rereads the file if it changed on disk; returns whether it did. */
  async reload(): Promise<boolean> {
    const version = await versionOf(this.file);
    if (version && this.version && version.size === this.version.size && version.mtimeMs === this.version.mtimeMs) return false;
    if (!version && !this.version) return false;
    const document = await readDocument(this.file, isQuestionDocument, QUESTIONS_EXPECTED);
    this.replaced(document?.questions ?? []);
    this.version = version;
    return true;
  }

  live(): Question[] {
    return this.list.filter((question) => !question.deleted);
  }

  /** Call holding the tag's lock, after reload(). */
  async add(tagId: string, items: readonly NewQuestion[], origin: Question['origin']): Promise<Question[]> {
    let seq = this.list.reduce((max, question) => Math.max(max, Number(question.id.split('-')[1] ?? 0)), 0);
    const now = new Date().toISOString();
    const created = items.map((item): Question => ({
      id: questionId(tagId, ++seq),
      tagId,
      text: item.text,
      ...(item.difficulty ? { difficulty: item.difficulty } : {}),
      ...(item.reference ? { reference: item.reference } : {}),
      origin,
      createdAt: now,
    }));
    await this.save([...this.list, ...created]);
    return created;
  }

  /** Call holding the tag's lock, after reload(). */
  async update(id: string, change: (question: Question) => Question): Promise<boolean> {
    const index = this.list.findIndex((question) => question.id === id);
    if (index < 0) return false;
    const next = [...this.list];
    next[index] = change(next[index]!);
    await this.save(next);
    return true;
  }

  private replaced(questions: Question[]): void {
    this.list = questions;
    this.index = null;
    this.identities.clear();
    this.revision++;
  }

  private async save(questions: Question[]): Promise<void> {
    await writeDocument(this.file, { questions });
    this.replaced(questions);
    this.version = await versionOf(this.file);
  }
}
