// Each `--for` output read the way its trainer reads it (test/support/consumer-rules.ts encodes
// their code): LLaMA-Factory's dataset_info.json columns, converters and thought words, TRL's
// conversational shapes and maybe_convert_to_chatml, the OpenAI cookbook's format checks, and one
// schema across rows as `datasets` needs.
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildCandidate } from '../src/core/testing/candidate-builder.js';
import { newProjectConfig } from '../src/core/project-config.js';
import { ProjectStore } from '../src/store/project-store.js';
import { exportAccepted } from '../src/export/export-accepted.js';
import type { ExportOptions, ReasoningMode } from '../src/export/export-options.js';
import {
  inconsistentRows,
  llamaFactoryConvert,
  openAiFormatErrors,
  removeThought,
  THOUGHT_WORDS,
  trlIsConversational,
  trlMaybeConvertToChatml,
  trlProblems,
} from './support/consumer-rules.js';
import { parseJsonLines, readJson } from './support/json.js';
import { stringMatching } from './support/matchers.js';

type Json = Record<string, unknown>;

/** Traces and answers as real teachers write them: R1's long trace, an empty one, a Qwen3 answer with code, Chinese text. */
const ANSWERS = [
  {
    question: 'Why does heart rate drift upward during a long steady run?',
    reasoning:
      'Okay, so the pace is constant but HR climbs. Dehydration lowers plasma volume, so stroke volume drops…\n\nWait, also core temperature rises.',
    answer:
      'Cardiac drift: as plasma volume falls and core temperature rises, stroke volume drops and heart rate climbs to keep cardiac output.',
  },
  { question: 'Convert 42.195 km to miles.', reasoning: '', answer: '42.195 km ≈ 26.2 miles.' },
  {
    question: 'Write a Python function for the Cooper VO2max estimate.',
    reasoning: 'The Cooper formula: VO2max = (d - 504.9) / 44.73 with d in metres.',
    answer: '```python\ndef cooper_vo2max(metres: float) -> float:\n    return (metres - 504.9) / 44.73\n```',
  },
  {
    question: '马拉松前为什么要减量训练？',
    reasoning: '嗯，减量让身体从训练负荷中恢复……',
    answer: '减量训练能让糖原储备充足，肌肉修复，从而在比赛日表现更好。',
  },
];

async function project(): Promise<ProjectStore> {
  const dir = await mkdtemp(join(tmpdir(), 'distill-consumers-'));
  const store = await ProjectStore.create(join(dir, 'p'), newProjectConfig({ topic: 'Sports science', baseUrl: 'offline' }));
  const [tag] = await store.addTags(null, ['Endurance'], 'manual');
  const questions = await store.addQuestions(
    tag!.id,
    ANSWERS.map((answer) => ({ text: answer.question })),
    'manual',
  );
  const candidates = questions.map((question, index) =>
    buildCandidate({ question, reasoning: ANSWERS[index]!.reasoning, answer: ANSWERS[index]!.answer }),
  );
  await store.appendCandidates(candidates);
  await store.decide(candidates.map((candidate) => ({ id: candidate.id, status: 'accepted' as const })));
  return store;
}

async function exported(store: ProjectStore, options: Omit<ExportOptions, 'out'>): Promise<{ records: Json[]; dir: string; out: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'distill-consumers-out-'));
  const result = await exportAccepted(store, { ...options, out: join(dir, 'train') });
  return { records: parseJsonLines<Json>(await readFile(result.out, 'utf8')), dir, out: result.out };
}

describe('--for llama-factory', () => {
  let store: ProjectStore;
  beforeAll(async () => {
    store = await project();
  });

  for (const format of ['sharegpt', 'alpaca', 'messages'] as const) {
    for (const reasoning of ['think', 'none'] as ReasoningMode[]) {
      it(`${format} with ${reasoning}: every record converts, with the trace inside the thought words`, async () => {
        const { records, dir } = await exported(store, { target: 'llama-factory', format, reasoning, system: 'You are a coach.' });
        const info = await readJson<Record<string, Parameters<typeof llamaFactoryConvert>[0]>>(join(dir, 'dataset_info.json'));
        const entry = info.train!;
        expect(entry.file_name).toBe('train.jsonl');
        expect(records).toHaveLength(ANSWERS.length);
        for (const [index, record] of records.entries()) {
          const converted = llamaFactoryConvert(entry, record);
          if ('dropped' in converted) throw new Error(`${format}: record ${index} dropped: ${converted.dropped}`);
          expect(converted.system).toBe('You are a coach.');
          expect(converted.prompt).toEqual([{ role: 'user', content: ANSWERS[index]!.question }]);
          if (reasoning === 'think') {
            // ReasoningTemplate finds both thought words and keeps the trace; removing it leaves the answer.
            expect(converted.response.startsWith(THOUGHT_WORDS[0])).toBe(true);
            expect(converted.response).toContain(THOUGHT_WORDS[1]);
            expect(removeThought(converted.response)).toBe(ANSWERS[index]!.answer);
            if (ANSWERS[index]!.reasoning === '') expect(converted.response).toBe(`<think>\n\n</think>\n\n${ANSWERS[index]!.answer}`);
          } else {
            expect(converted.response).toBe(ANSWERS[index]!.answer);
          }
        }
        expect(inconsistentRows(records)).toEqual([]);
      });
    }
  }

  it('refuses --reasoning field, whose column LLaMA-Factory never reads, and prompt-completion', async () => {
    for (const format of ['alpaca', 'sharegpt', 'messages'] as const) {
      await expect(exported(store, { target: 'llama-factory', format, reasoning: 'field' })).rejects.toThrow(/dropped at training time/);
    }
    await expect(exported(store, { target: 'llama-factory', format: 'prompt-completion' })).rejects.toThrow(/no prompt-completion layout/);
  });

  it('without --for, field mode still writes the CONTRACT layout and warns that LLaMA-Factory drops the trace', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'distill-consumers-out-'));
    const result = await exportAccepted(store, { format: 'sharegpt', reasoning: 'field', out: join(dir, 'x.jsonl') });
    expect(result.warnings.join('\n')).toMatch(/reads no "reasoning" column .* dropped at training time/);
    const [record] = parseJsonLines<Json>(await readFile(result.out, 'utf8'));
    expect(record).toHaveProperty('reasoning');
  });
});

describe('--for trl', () => {
  let store: ProjectStore;
  beforeAll(async () => {
    store = await project();
  });

  it('defaults to conversational prompt-completion, so completion-only loss applies', async () => {
    const { records } = await exported(store, { target: 'trl', format: 'prompt-completion', system: 'You are a coach.' });
    for (const [index, record] of records.entries()) {
      expect(trlProblems(record)).toEqual([]);
      expect(Object.keys(record).sort()).toEqual(['completion', 'prompt']);
      expect(record.prompt).toEqual([
        { role: 'system', content: 'You are a coach.' },
        { role: 'user', content: ANSWERS[index]!.question },
      ]);
      const [assistant] = record.completion as { role: string; content: string }[];
      expect(assistant!.role).toBe('assistant');
      expect(removeThought(assistant!.content)).toBe(ANSWERS[index]!.answer);
    }
    expect(inconsistentRows(records)).toEqual([]);
  });

  it('messages pass as a language-modelling dataset, reasoning_content kept with a warning', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'distill-consumers-out-'));
    const result = await exportAccepted(store, { target: 'trl', format: 'messages', reasoning: 'field', out: join(dir, 'm') });
    expect(result.warnings.join('\n')).toMatch(/reasoning_content, which only chat templates that read it/);
    expect(result.datasetInfoPath).toBeNull();
    const records = parseJsonLines<Json>(await readFile(result.out, 'utf8'));
    for (const record of records) expect(trlProblems(record)).toEqual([]);
    expect(inconsistentRows(records)).toEqual([]);
  });

  it('refuses sharegpt (roles human/gpt survive maybe_convert_to_chatml and render to nothing) and alpaca', async () => {
    // The reason, shown on what TRL does to our sharegpt record:
    const sharegpt = {
      conversations: [
        { from: 'human', value: 'q' },
        { from: 'gpt', value: 'a' },
      ],
    };
    expect(trlIsConversational(trlMaybeConvertToChatml(sharegpt))).toBe(true);
    expect(trlProblems(sharegpt)).toEqual(['role human renders to nothing', 'role gpt renders to nothing']);
    await expect(exported(store, { target: 'trl', format: 'sharegpt' })).rejects.toThrow(/render those turns to nothing/);
    await expect(exported(store, { target: 'trl', format: 'alpaca' })).rejects.toThrow(/not alpaca's instruction and output/);
  });

  it('refuses a tag field that TRL reads itself', async () => {
    for (const name of ['tools', 'images', 'prompt', 'completion', 'messages', 'text']) {
      await expect(exported(store, { target: 'trl', format: 'messages', tagField: name })).rejects.toThrow(/--tag-field/);
    }
    const { records } = await exported(store, { target: 'trl', format: 'prompt-completion', tagField: 'tag', ids: true });
    for (const record of records) expect(trlProblems(record)).toEqual([]);
    expect(records[0]).toMatchObject({ tag: 'Endurance', id: stringMatching(/^t[0-9a-z]{6}-\d+-0$/) });
  });
});

describe('--for openai', () => {
  let store: ProjectStore;
  beforeAll(async () => {
    store = await project();
  });

  it('writes messages that pass the cookbook checks, the answer alone by default', async () => {
    const { records, dir } = await exported(store, { target: 'openai', format: 'messages', system: 'You are a coach.' });
    for (const [index, record] of records.entries()) {
      expect(openAiFormatErrors(record)).toEqual([]);
      expect(Object.keys(record)).toEqual(['messages']);
      expect((record.messages as { content: string }[]).at(-1)!.content).toBe(ANSWERS[index]!.answer);
    }
    const { readdir } = await import('node:fs/promises');
    expect((await readdir(dir)).sort()).toEqual(['train.jsonl', 'train.jsonl.manifest.json']);
  });

  it('refuses reasoning_content, which the fine-tuning format rejects, and extra fields', async () => {
    await expect(exported(store, { target: 'openai', format: 'messages', reasoning: 'field' })).rejects.toThrow(
      /rejects the reasoning_content key/,
    );
    await expect(exported(store, { target: 'openai', format: 'messages', tagField: 'tag' })).rejects.toThrow(/take "messages" only/);
    await expect(exported(store, { target: 'openai', format: 'messages', ids: true })).rejects.toThrow(/take "messages" only/);
    // What the refusal protects against: the cookbook flags the key.
    expect(
      openAiFormatErrors({
        messages: [
          { role: 'user', content: 'q' },
          { role: 'assistant', content: 'a', reasoning_content: 't' },
        ],
      }),
    ).toEqual(['message_unrecognized_key']);
  });
});

describe('think blocks a consumer would split in the wrong place', () => {
  it('leaves out a candidate whose trace holds </think>, and says why', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'distill-consumers-'));
    const store = await ProjectStore.create(join(dir, 'p'), newProjectConfig({ topic: 'Tags', baseUrl: 'offline' }));
    const [tag] = await store.addTags(null, ['Templates'], 'manual');
    const questions = await store.addQuestions(tag!.id, [{ text: 'What closes a think block?' }, { text: 'Is 2 prime?' }], 'manual');
    const candidates = [
      buildCandidate({ question: questions[0]!, reasoning: 'The tag </think> closes it.', answer: 'The closing tag.' }),
      buildCandidate({ question: questions[1]!, reasoning: 'Only divisors 1 and 2.', answer: 'Yes.' }),
    ];
    await store.appendCandidates(candidates);
    await store.decide(candidates.map((candidate) => ({ id: candidate.id, status: 'accepted' as const })));
    const result = await exportAccepted(store, { target: 'llama-factory', format: 'alpaca', out: join(dir, 'out.jsonl') });
    expect(result.records).toBe(1);
    expect(result.manifest.invalid.examples).toEqual([{ candidateId: candidates[0]!.id, reason: stringMatching(/<\/think>/) }]);
  });
});
