// The fast path (texts copied as bytes from the stored lines) must give exactly what the ordinary
// path (JSON.parse, formatRecord, JSON.stringify) gives: the same JSONL bytes, the same Parquet
// batches, the same hashes, counts and refusals, for every format and option, and for texts that
// exercise every escape, non-ASCII and white-space rule. The ordinary path reads the store's
// parsed candidates; the fast path reads the shard files (ShardReader, as export workers do).
import { appendFile, mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildCandidates } from '../../core/testing/candidate-builder.js';
import { newProjectConfig } from '../../core/project-config.js';
import { joinTagPath } from '../../core/tag-path.js';
import { ProjectLayout } from '../../store/project-layout.js';
import { ProjectStore } from '../../store/project-store.js';
import type { ExportFormat, ReasoningMode } from '../export-options.js';
import type { RecordShape } from '../format-record.js';
import { compileRecordValidator, type RecordValidator } from '../record-validator.js';
import { ShardReader } from '../shard-reader.js';
import { exportTagRecords, storeTagSource, type RecordPlan, type TagSource, type TagTask } from '../tag-records.js';
import type { RecordContainer } from '../chunk-builders.js';
import { planSplit } from '../train-split.js';
import { scanCandidateLine } from './candidate-line.js';

/** [reasoning, answer] pairs that a teacher could write, and some it should not. */
const TEXTS: [string, string][] = [
  ['Plain trace.', 'Plain answer.'],
  ['Quotes " and \\ backslashes, a / slash', 'Tabs\tand\r\nCRLF, \b backspace, \f feed'],
  ['Control \u0001 and \u001f and \u007f', 'DEL is raw: \u007f; NUL: \u0000'],
  ['马拉松运动员的乳酸阈值', '答案是 42。'],
  ['Emoji 😀 and a lone \ud800 surrogate', 'lone low \udc00 and U+2028 \u2028 and U+2029 \u2029'],
  ['', 'An answer without a trace.'],
  ['  \n  leading blanks', '\n\n  Answer after blank lines.'],
  ['trace', '\u00a0\u3000 answer after Unicode spaces'],
  ['trace', '\u3000\u00a0'],
  ['trace', '   '],
  ['trace', ''],
  ['The model wrote <think> inside its trace', 'fine answer'],
  ['fine trace', 'the answer closes </think> early'],
  ['thinking> is not a tag', 'nor is think>'],
  ['\u000b vertical tab first', '\ufeff BOM first'],
  ['x'.repeat(5000), '"' + 'é'.repeat(3000) + '"'],
];

async function trickyProject(): Promise<ProjectStore> {
  const dir = await mkdtemp(join(tmpdir(), 'distill-fast-path-'));
  const store = await ProjectStore.create(join(dir, 'p'), newProjectConfig({ topic: 'Escapes', baseUrl: 'offline' }));
  const [top] = await store.addTags(null, ['Area "quoted" \\ 路径'], 'generated');
  const [leaf] = await store.addTags(top!.id, ['Leaf'], 'generated');
  const questions = await store.addQuestions(
    leaf!.id,
    [{ text: 'What is "x"?\nSecond line\t和中文' }, { text: '  \u00a0 Why 😀?' }, { text: 'Plain question?' }],
    'generated',
  );
  const candidates = questions.flatMap((question, q) =>
    buildCandidates(question, TEXTS.length, (sample) => ({
      reasoning: TEXTS[sample]![0],
      answer: TEXTS[sample]![1],
      model: q === 1 ? 'model "ü"' : 'teacher-model',
      ...(q === 2 ? { teacher: 'pool-α', usage: { promptTokens: 5, completionTokens: 7, reasoningTokens: 3 } } : {}),
    })),
  );
  await store.appendCandidates(candidates);
  await store.decide(candidates.map((candidate) => ({ id: candidate.id, status: 'accepted' as const })));
  // Lines written by hand or by another tool: spaces, escapes JSON.stringify would not write.
  const layout = new ProjectLayout(store.dir);
  const question = questions[2]!;
  const hand = [
    `{"id": "${question.id}-90", "questionId": "${question.id}", "tagId": "${leaf!.id}", "sample": 90, "reasoning": "spaced", "answer": "out", "model": "m", "createdAt": "2025-01-01T00:00:00.000Z"}`,
    `{"id":"${question.id}-91","questionId":"${question.id}","tagId":"${leaf!.id}","sample":91,"reasoning":"\\/slash \\u0041","answer":"\\u00e9 \\ud83d\\ude00","model":"m","createdAt":"2025-01-01T00:00:00.000Z"}`,
    `{"id":"${question.id}-92","questionId":"${question.id}","tagId":"${leaf!.id}","sample":92,"reasoning":"upper \\u001F","answer":"a","model":"m","createdAt":"2025-01-01T00:00:00.000Z"}`,
  ];
  await appendFile(layout.candidates(leaf!.id), hand.join('\n') + '\n');
  await appendFile(
    layout.decisions(leaf!.id),
    [90, 91, 92]
      .map((sample) => JSON.stringify({ id: `${question.id}-${sample}`, status: 'accepted', at: '2025-01-01T00:00:00.000Z' }))
      .join('\n') + '\n',
  );
  await store.close();
  return ProjectStore.open(join(dir, 'p'));
}

const validators = new Map<string, RecordValidator>();
/** Compiled once per shape (compiling costs more than exporting these few records). */
function validatorFor(shape: RecordShape): RecordValidator {
  const key = JSON.stringify([shape.format, shape.tagField, shape.ids]);
  let validate = validators.get(key);
  if (!validate) validators.set(key, (validate = compileRecordValidator(shape.format, shape.tagField, shape.ids)));
  return validate;
}

async function exportOne(source: TagSource, task: TagTask, plan: RecordPlan) {
  const validate = validatorFor(plan.shape);
  const chunks: Record<string, Buffer[]> = { train: [], validation: [] };
  const summary = await exportTagRecords(source, task, plan, validate, (role, chunk) => {
    chunks[role]!.push(Buffer.from(chunk.bytes));
  });
  return { summary, train: Buffer.concat(chunks.train!), validation: Buffer.concat(chunks.validation!) };
}

const SHAPES: RecordShape[] = [];
for (const format of ['alpaca', 'sharegpt', 'messages', 'prompt-completion'] as ExportFormat[]) {
  for (const reasoning of ['think', 'none', 'field'] as ReasoningMode[]) SHAPES.push({ format, reasoning });
  SHAPES.push({ format, reasoning: 'think', system: 'Be "brief".\n', tagField: 'tag', ids: true });
}

describe('the export fast path', () => {
  it('gives the same records, hashes, counts and refusals as the ordinary path', async () => {
    const store = await trickyProject();
    const [tag] = store.tags().filter((candidate) => candidate.parentId !== null);
    const task: TagTask = { tagId: tag!.id, tagPath: joinTagPath(store.tagPath(tag!.id)) };
    for (const container of ['jsonl', 'parquet'] as RecordContainer[]) {
      for (const shape of SHAPES) {
        const plan: RecordPlan = { shape, container, seed: 3, split: planSplit(Float64Array.from([0.1, 0.5, 0.9]), 0.5), keepIds: true };
        const ordinary = await exportOne(storeTagSource(store), task, plan);
        const fast = await exportOne(new ShardReader(store.dir), task, plan);
        const what = `${container} ${JSON.stringify(shape)}`;
        expect(ordinary.summary.train + ordinary.summary.validation, what).toBeGreaterThan(10);
        expect(fast.train.equals(ordinary.train), what).toBe(true);
        expect(fast.validation.equals(ordinary.validation), what).toBe(true);
        expect(fast.summary, what).toEqual(ordinary.summary);
      }
    }
    await store.close();
  }, 300_000);

  it('reads the lines the store wrote as bytes and leaves lines written any other way to JSON.parse', async () => {
    const store = await trickyProject();
    const [tag] = store.tags().filter((candidate) => candidate.parentId !== null);
    const bytes = await readFile(new ProjectLayout(store.dir).candidates(tag!.id));
    const scanned: boolean[] = [];
    for (let start = 0; start < bytes.length;) {
      const end = bytes.indexOf(0x0a, start);
      scanned.push(scanCandidateLine(bytes, start, end) !== null);
      start = end + 1;
    }
    // Lone surrogates are written as \udXXX escapes, which the fast path leaves to JSON.parse too.
    const storeLines = Array.from({ length: TEXTS.length * 3 }, (_, line) => !TEXTS[line % TEXTS.length]![0].includes('\ud800'));
    expect(scanned).toEqual([...storeLines, false, false, false]);
    await store.close();
  });

  it('refuses blank answers and think tags with the same reasons', async () => {
    const store = await trickyProject();
    const [tag] = store.tags().filter((candidate) => candidate.parentId !== null);
    const task: TagTask = { tagId: tag!.id, tagPath: joinTagPath(store.tagPath(tag!.id)) };
    const plan: RecordPlan = {
      shape: { format: 'messages', reasoning: 'think' },
      container: 'jsonl',
      seed: 1,
      split: null,
      keepIds: false,
    };
    const fast = await exportOne(new ShardReader(store.dir), task, plan);
    const reasons = fast.summary.invalid.map((invalid) => invalid.reason);
    expect(reasons).toContain('the reasoning trace itself contains a <think> or </think> tag');
    expect(reasons).toContain('the answer contains a <think> or </think> tag');
    const none = await exportOne(new ShardReader(store.dir), task, { ...plan, shape: { format: 'messages', reasoning: 'none' } });
    // '', '   ' and Unicode spaces alone are blank answers, for each of the three questions.
    expect(none.summary.invalid.filter((invalid) => invalid.reason.includes('must match pattern'))).toHaveLength(9);
    await store.close();
  });
});
