// exportAccepted over a real project on disk: formats per the README (Exporting), counts, cap, split,
// dataset_info.json and the manifest.
import { mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildCandidates } from '../src/core/testing/candidate-builder.js';
import { newProjectConfig } from '../src/core/project-config.js';
import type { Candidate, Question } from '../src/core/types.js';
import { ProjectStore } from '../src/store/project-store.js';
import { exportAccepted } from '../src/export/export-accepted.js';
import type { ExportFormat, ReasoningMode } from '../src/export/export-options.js';
import type { DatasetInfoEntry } from '../src/export/dataset-info.js';
import type { ExportManifest } from '../src/export/manifest.js';
import { readJson, parseJsonLines } from './support/json.js';

/** Any exported record: the fields each format may carry (checked by readRecord and the tests). */
interface ExportedRecord {
  instruction?: string;
  input?: string;
  output?: string;
  reasoning?: string;
  tag?: string;
  conversations?: { from: string; value: string }[];
  messages?: { role: string; content: string; reasoning_content?: string }[];
  prompt?: { role: string; content: string }[];
  completion?: { role: string; content: string; reasoning_content?: string }[];
}

interface Sample {
  store: ProjectStore;
  /** question text → accepted answers, for the live questions of the project */
  accepted: Map<string, string[]>;
  acceptedCount: number;
  questionsWithAccepted: number;
}

async function sampleProject(): Promise<Sample> {
  const dir = await mkdtemp(join(tmpdir(), 'distill-export-'));
  const store = await ProjectStore.create(join(dir, 'project'), newProjectConfig({ topic: 'Sports science', baseUrl: 'offline' }));
  const [endurance, strength] = await store.addTags(null, ['Endurance', 'Strength'], 'generated');
  const leaves = [...(await store.addTags(endurance!.id, ['Marathon', 'Cycling'], 'generated')), strength!];
  const accepted = new Map<string, string[]>();
  let acceptedCount = 0;
  for (const [leafIndex, leaf] of leaves.entries()) {
    const questions = await store.addQuestions(
      leaf.id,
      Array.from({ length: 6 }, (_, i) => ({ text: `${leaf.name} question ${i}: why does it matter?` })),
      'generated',
    );
    const candidates = questions.flatMap((question) => candidatesOf(question, 3));
    await store.appendCandidates(candidates);
    // Accept samples 0 and 1 of every question but the last of each tag; reject the rest.
    const decisions = candidates.map((candidate) => {
      const isLastQuestion = candidate.questionId === questions.at(-1)!.id;
      const accept = candidate.sample < 2 && !isLastQuestion && !(leafIndex === 2 && candidate.sample === 1);
      return { id: candidate.id, status: accept ? ('accepted' as const) : ('rejected' as const) };
    });
    await store.decide(decisions);
    for (const decision of decisions) {
      if (decision.status !== 'accepted') continue;
      const candidate = candidates.find((c) => c.id === decision.id)!;
      const text = questions.find((q) => q.id === candidate.questionId)!.text;
      accepted.set(text, [...(accepted.get(text) ?? []), candidate.answer]);
      acceptedCount += 1;
    }
  }
  return { store, accepted, acceptedCount, questionsWithAccepted: accepted.size };
}

function candidatesOf(question: Question, count: number): Candidate[] {
  return buildCandidates(question, count, (sample) => ({
    reasoning: `Thinking about "${question.text}", take ${sample}.`,
    answer: `Answer ${sample} to ${question.text}`,
    usage: { promptTokens: 10, completionTokens: 20, reasoningTokens: 5 },
    model: sample === 0 ? 'teacher-a' : 'teacher-b',
  }));
}

async function readLines(path: string): Promise<ExportedRecord[]> {
  const text = await readFile(path, 'utf8');
  expect(text.endsWith('\n')).toBe(true);
  return parseJsonLines<ExportedRecord>(text);
}

/** The (question, assistant text) of a record of any format, checked against the shape the README gives. */
function readRecord(format: ExportFormat, record: ExportedRecord): { question: string; assistant: string; reasoning?: string } {
  switch (format) {
    case 'alpaca':
      expect(Object.keys(record).sort()).toEqual(expect.arrayContaining(['input', 'instruction', 'output']));
      expect(record.input).toBe('');
      return { question: record.instruction!, assistant: record.output!, reasoning: record.reasoning };
    case 'sharegpt': {
      const turns = record.conversations!;
      expect(turns.map((turn) => turn.from)).toEqual(['human', 'gpt']);
      return { question: turns[0]!.value, assistant: turns[1]!.value, reasoning: record.reasoning };
    }
    case 'messages': {
      const messages = record.messages!;
      expect(messages.map((message) => message.role).slice(-2)).toEqual(['user', 'assistant']);
      const assistant = messages.at(-1)!;
      return { question: messages.at(-2)!.content, assistant: assistant.content, reasoning: assistant.reasoning_content };
    }
    case 'prompt-completion': {
      expect(record.prompt!.at(-1)!.role).toBe('user');
      expect(record.completion!.map((message) => message.role)).toEqual(['assistant']);
      const assistant = record.completion![0]!;
      return { question: record.prompt!.at(-1)!.content, assistant: assistant.content, reasoning: assistant.reasoning_content };
    }
  }
}

describe('exportAccepted', () => {
  let sample: Sample;
  beforeAll(async () => {
    sample = await sampleProject();
  });

  const cases: [ExportFormat, ReasoningMode][] = [
    ['alpaca', 'think'],
    ['alpaca', 'field'],
    ['sharegpt', 'none'],
    ['sharegpt', 'field'],
    ['messages', 'think'],
    ['messages', 'field'],
  ];
  for (const [format, reasoning] of cases) {
    it(`writes every accepted candidate and nothing else as ${format} with reasoning ${reasoning}`, async () => {
      const out = join(await mkdtemp(join(tmpdir(), 'distill-out-')), 'train.jsonl');
      const result = await exportAccepted(sample.store, { format, out, reasoning });
      const records = await readLines(out);
      expect(records).toHaveLength(sample.acceptedCount);
      expect(result.records).toBe(sample.acceptedCount);
      const seen = new Map<string, string[]>();
      for (const record of records) {
        const { question, assistant, reasoning: trace } = readRecord(format, record);
        const answer = reasoning === 'think' ? assistant.replace(/^<think>\n[\s\S]*?\n<\/think>\n\n/, '') : assistant;
        if (reasoning === 'think') expect(assistant).toMatch(/^<think>\nThinking about ".*", take \d\.\n<\/think>\n\nAnswer \d/);
        if (reasoning === 'field') expect(trace).toMatch(/^Thinking about/);
        if (reasoning === 'none') expect(trace).toBeUndefined();
        seen.set(question, [...(seen.get(question) ?? []), answer]);
      }
      expect(seen).toEqual(sample.accepted);
    });
  }

  it('puts a system prompt and the tag path in every record, and registers the system column', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'distill-out-'));
    const out = join(dir, 'sys.jsonl');
    await exportAccepted(sample.store, { format: 'messages', out, system: 'You are a coach.', tagField: 'tag' });
    const records = await readLines(out);
    expect(records.every((record) => record.messages?.[0]?.role === 'system' && record.messages[0].content === 'You are a coach.')).toBe(
      true,
    );
    const tags = new Set(records.map((record) => record.tag));
    expect(tags).toEqual(new Set(['Endurance > Marathon', 'Endurance > Cycling', 'Strength']));
    const info = await readJson<Record<string, DatasetInfoEntry>>(join(dir, 'dataset_info.json'));
    expect(info.sys).toEqual({
      file_name: 'sys.jsonl',
      formatting: 'sharegpt',
      columns: { messages: 'messages' },
      tags: { role_tag: 'role', content_tag: 'content', user_tag: 'user', assistant_tag: 'assistant', system_tag: 'system' },
    });
  });

  it('caps each tag, splits by question, registers both files and explains the counts in the manifest', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'distill-out-'));
    await writeFile(join(dir, 'dataset_info.json'), JSON.stringify({ other: { file_name: 'other.json' } }));
    const out = join(dir, 'sft.jsonl');
    const options = { format: 'alpaca' as const, out, maxPerTag: 4, split: 0.75, seed: 3, tagField: 'tag' };
    const result = await exportAccepted(sample.store, options);
    const train = await readLines(out);
    const validation = await readLines(join(dir, 'sft.val.jsonl'));
    // Three tags, each with more than four accepted candidates.
    expect(train.length + validation.length).toBe(12);
    expect(result.droppedByCap).toBe(sample.acceptedCount - 12);
    for (const tag of ['Endurance > Marathon', 'Endurance > Cycling', 'Strength']) {
      const kept = [...train, ...validation].filter((record) => record.tag === tag);
      expect(kept).toHaveLength(4);
      // The cap takes distinct questions before second answers.
      expect(new Set(kept.map((record) => record.instruction)).size).toBe(4);
    }
    const trainQuestions = new Set(train.map((record) => record.instruction));
    expect(validation.some((record) => trainQuestions.has(record.instruction))).toBe(false);
    expect(validation.length).toBe(3);

    const info = await readJson<Record<string, DatasetInfoEntry>>(join(dir, 'dataset_info.json'));
    expect(Object.keys(info).sort()).toEqual(['other', 'sft', 'sft.val']);
    expect(info['sft.val']?.file_name).toBe('sft.val.jsonl');

    const manifest = await readJson<ExportManifest>(`${out}.manifest.json`);
    expect(manifest.records).toBe(12);
    expect(manifest.accepted).toBe(sample.acceptedCount);
    expect(manifest.droppedByCap).toBe(sample.acceptedCount - 12);
    expect(manifest.options).toMatchObject({ format: 'alpaca', reasoning: 'think', maxPerTag: 4, split: { train: 0.75, seed: 3 } });
    expect(manifest.tags['Strength']).toMatchObject({ accepted: 5, exported: 4 });
    expect(manifest.files.map((file) => [file.role, file.records])).toEqual([
      ['train', train.length],
      ['validation', validation.length],
    ]);
    // The cap kept first answers only, all from sample 0.
    expect(manifest.models).toEqual({ 'teacher-a': 12 });
    expect(manifest.tokens).toEqual({ prompt: 120, completion: 240, reasoning: 60 });

    // Same options, same seed: the same files.
    const again = join(await mkdtemp(join(tmpdir(), 'distill-out-')), 'sft.jsonl');
    await exportAccepted(sample.store, { ...options, out: again });
    expect(await readFile(again, 'utf8')).toBe(await readFile(out, 'utf8'));
  });

  it('counts flags of the exported records when given a flag source', async () => {
    const out = join(await mkdtemp(join(tmpdir(), 'distill-out-')), 'flags.jsonl');
    const result = await exportAccepted(sample.store, {
      format: 'sharegpt',
      out,
      flags: async (tagId) => {
        const candidates = await sample.store.candidates(tagId);
        return new Map(candidates.map((candidate) => [candidate.id, candidate.sample === 1 ? ['long_paragraph'] : []]));
      },
    });
    const acceptedSecondSamples = [...sample.accepted.values()].filter((answers) => answers.length === 2).length;
    expect(result.manifest.flags).toEqual({ long_paragraph: acceptedSecondSamples });
  });

  it('leaves out candidates of deleted questions and tags', async () => {
    const local = await sampleProject();
    const strength = local.store.findTag(['Strength'])!;
    await local.store.deleteTag(strength.id);
    const out = join(await mkdtemp(join(tmpdir(), 'distill-out-')), 'rest.jsonl');
    const result = await exportAccepted(local.store, { format: 'alpaca', out, tagField: 'tag' });
    const records = await readLines(out);
    expect(records.some((record) => record.tag === 'Strength')).toBe(false);
    expect(result.records).toBe(local.acceptedCount - 5);
  });

  it('refuses to write an empty dataset and says how to accept candidates', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'distill-export-'));
    const store = await ProjectStore.create(join(dir, 'p'), newProjectConfig({ topic: 'Empty', baseUrl: 'offline' }));
    const out = join(dir, 'out.jsonl');
    await expect(exportAccepted(store, { format: 'alpaca', out })).rejects.toThrow(/no accepted candidates.*accept --passing/);
    expect((await readdir(dir)).sort()).toEqual(['p']);
  });

  it('writes no validation file when there are too few questions to set one aside', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'distill-export-'));
    const store = await ProjectStore.create(join(dir, 'p'), newProjectConfig({ topic: 'One', baseUrl: 'offline' }));
    const [tag] = await store.addTags(null, ['Only'], 'manual');
    const [question] = await store.addQuestions(tag!.id, [{ text: 'The only question?' }], 'manual');
    const candidates = candidatesOf(question!, 2);
    await store.appendCandidates(candidates);
    await store.decide(candidates.map((candidate) => ({ id: candidate.id, status: 'accepted' as const })));
    const result = await exportAccepted(store, { format: 'alpaca', out: join(dir, 'out', 'one.jsonl'), split: 0.9 });
    expect(result.files.map((file) => [file.role, file.records])).toEqual([['train', 2]]);
    expect((await readdir(join(dir, 'out'))).sort()).toEqual(['dataset_info.json', 'one.jsonl', 'one.jsonl.manifest.json']);
    expect(Object.keys(await readJson<Record<string, DatasetInfoEntry>>(join(dir, 'out', 'dataset_info.json')))).toEqual(['one']);
  });

  it('says so when --out names a folder', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'distill-out-'));
    await expect(exportAccepted(sample.store, { format: 'alpaca', out: dir })).rejects.toThrow(/is a folder; give a file name/);
  });
});
