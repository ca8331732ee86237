// `distill import questions FILE`: questions a user has (an exam, a benchmark's prompts, their
// own), each under a tag path; missing tags are made. Every record is checked before anything
// is written; a question its tag has already (or the file gave before) is skipped.
import { normalizeQuestionText } from '../core/question-text.js';
import type { Difficulty } from '../core/types.js';
import type { NewQuestion, ProjectStoreApi } from '../store/store-api.js';
import {
  csvRecords,
  ImportFileError,
  importFormat,
  jsonDocument,
  jsonLinesRecords,
  readImportText,
  type ImportRecord,
} from './import-records.js';
import { addTagPaths, planTagImport, tagPathOf } from './import-tags.js';

const TEXT_FIELDS = ['question', 'text', 'instruction', 'prompt'] as const;
const TAG_FIELDS = ['tag', 'tag_path', 'path'] as const;
const REFERENCE_FIELDS = ['reference', 'reference_answer', 'final_answer'] as const;
const DIFFICULTIES: readonly Difficulty[] = ['easy', 'medium', 'hard'];
const MAX_QUESTION_CHARS = 20_000;

export interface QuestionRecord {
  line: number;
  tag: string[];
  question: NewQuestion;
}

function firstField(record: Record<string, unknown>, fields: readonly string[]): [string, unknown] | undefined {
  const field = fields.find((name) => record[name] !== undefined && record[name] !== '');
  return field === undefined ? undefined : [field, record[field]];
}

function questionOfRecord(file: string, { line, value }: ImportRecord, defaultTag: string[] | undefined): QuestionRecord {
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw new ImportFileError(file, line, `expected an object with "question" (and "tag" unless --tag is given)`);
  }
  const record = value as Record<string, unknown>;
  const text = firstField(record, TEXT_FIELDS);
  if (!text) throw new ImportFileError(file, line, `no question: give it as "${TEXT_FIELDS.join('", "')}"`);
  if (typeof text[1] !== 'string' || text[1].trim() === '') throw new ImportFileError(file, line, `"${text[0]}" must be non-empty text`);
  if (text[1].length > MAX_QUESTION_CHARS)
    throw new ImportFileError(file, line, `the question is longer than ${MAX_QUESTION_CHARS} characters`);
  const tagField = firstField(record, TAG_FIELDS);
  const tag = tagField ? tagPathOf(file, line, tagField[1], `"${tagField[0]}"`) : defaultTag;
  if (!tag) throw new ImportFileError(file, line, 'no tag: give "tag" (a path like "A > B") or --tag PATH for the whole file');
  const reference = firstField(record, REFERENCE_FIELDS);
  if (reference && typeof reference[1] !== 'string' && typeof reference[1] !== 'number') {
    throw new ImportFileError(file, line, `"${reference[0]}" must be text or a number`);
  }
  const difficulty = record.difficulty;
  if (difficulty !== undefined && difficulty !== '' && !DIFFICULTIES.includes(difficulty as Difficulty)) {
    throw new ImportFileError(file, line, `"difficulty" must be one of ${DIFFICULTIES.join(', ')}, not ${JSON.stringify(difficulty)}`);
  }
  return {
    line,
    tag,
    question: {
      text: text[1].trim(),
      ...(reference ? { reference: String(reference[1]).trim() } : {}),
      ...(difficulty ? { difficulty: difficulty as Difficulty } : {}),
    },
  };
}

export async function readQuestionRecords(file: string, defaultTag?: string[]): Promise<QuestionRecord[]> {
  const text = await readImportText(file);
  const format = importFormat(file, text);
  let records: ImportRecord[];
  if (format === 'jsonl') records = jsonLinesRecords(file, text);
  else if (format === 'csv') records = csvRecords(file, text);
  else {
    const document = jsonDocument(file, text);
    if (document.kind !== 'array') {
      throw new ImportFileError(
        file,
        document.kind === 'other' ? document.line : 1,
        'expected a list of question records ([{"question": …, "tag": …}, …])',
      );
    }
    records = document.items;
  }
  if (records.length === 0) throw new ImportFileError(file, null, 'no questions in the file');
  return records.map((record) => questionOfRecord(file, record, defaultTag));
}

export interface QuestionImport {
  added: number;
  /** Questions their tag had already, or the file gave twice under the same tag. */
  duplicates: number;
  /** Tags made for questions whose path the project did not have. */
  newTags: number;
  tags: number;
}

/** Adds the questions, after making their missing tags: one write per tag. */
export async function importQuestions(store: ProjectStoreApi, records: readonly QuestionRecord[]): Promise<QuestionImport> {
  const plan = planTagImport(
    store,
    records.map((record) => ({ line: record.line, names: record.tag })),
  );
  await addTagPaths(store, plan.added);
  const byTag = new Map<string, NewQuestion[]>();
  for (const record of records) {
    const tagId = store.findTag(record.tag)!.id;
    byTag.set(tagId, [...(byTag.get(tagId) ?? []), record.question]);
  }
  let added = 0;
  let duplicates = 0;
  for (const [tagId, questions] of byTag) {
    const seen = new Set((await store.questions(tagId)).map((question) => normalizeQuestionText(question.text)));
    const fresh = questions.filter((question) => {
      const key = normalizeQuestionText(question.text);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    duplicates += questions.length - fresh.length;
    if (fresh.length > 0) added += (await store.addQuestions(tagId, fresh, 'manual')).length;
  }
  return { added, duplicates, newTags: plan.added.length, tags: byTag.size };
}
