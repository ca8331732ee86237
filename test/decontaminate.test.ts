// `distill decontaminate` on a demo project: a benchmark that repeats two of its questions (one
// verbatim, one reworded by a few words) flags exactly those two, with the benchmark item named
// in the flag and its text beside the question; the same against an earlier export.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { tableFromArrays, tableToIPC } from 'apache-arrow';
import * as parquet from 'parquet-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadVerdicts } from '../src/checks/project/check-project.js';
import { createDemoProject, DEMO_GENERATION } from '../src/cli/commands/demo.js';
import { runGenerationCommand } from '../src/cli/generation-command.js';
import type { Question } from '../src/core/types.js';
import { runAuto } from '../src/pipeline/run-generation.js';
import { ProjectStore } from '../src/store/project-store.js';
import { buildDetailLines } from '../src/tui/view-model/detail-content.js';
import { WrapCache } from '../src/tui/wrap-cache.js';
import { distinctQuestions as distinctOf, reword } from './support/benchmark-questions.js';
import { runMain } from './support/run-main.js';

let dir: string;
let questions: Question[];
const distinctQuestions = () => distinctOf(questions);

/** Question id → the contaminated flag's detail, for every candidate that has one. */
async function contaminatedFlags(): Promise<Map<string, string>> {
  const store = await ProjectStore.open(dir);
  const flagged = new Map<string, string>();
  try {
    for (const tag of store.tags()) {
      for (const [id, verdict] of await loadVerdicts(store, tag.id)) {
        const flag = verdict.flags.find((entry) => entry.rule === 'contaminated');
        if (flag) flagged.set(id.slice(0, id.lastIndexOf('-')), flag.detail);
      }
    }
  } finally {
    await store.close();
  }
  return flagged;
}

beforeAll(async () => {
  dir = join(await mkdtemp(join(tmpdir(), 'distill-decontaminate-')), 'project');
  const io = { stdout: new PassThrough(), stderr: new PassThrough(), env: process.env, cwd: dir };
  io.stdout.resume();
  io.stderr.resume();
  await (await createDemoProject(dir, 'en')).close();
  await runGenerationCommand('auto', { project: dir, json: true }, io, (ctx) => runAuto(ctx, DEMO_GENERATION));
  const store = await ProjectStore.open(dir);
  questions = [];
  for (const tag of store.tags()) questions.push(...(await store.questions(tag.id)));
  await store.close();
}, 60_000);

describe('distill decontaminate', () => {
  it('flags exactly the two questions a benchmark repeats, naming the benchmark and item', async () => {
    const [verbatim, reworded] = distinctQuestions();
    const benchmark = join(dir, '..', 'sports-bench.jsonl');
    const lines = [
      { id: 'sb-1', question: 'What is the capital of France?' },
      { id: 'sb-2', question: verbatim.text },
      { id: 'sb-3', question: 'Describe a periodized training plan for a beginner cyclist over twelve weeks.' },
      { id: 'sb-4', question: reword(reworded.text) },
    ];
    await writeFile(benchmark, lines.map((line) => JSON.stringify(line)).join('\n') + '\n');

    const result = await runMain(['decontaminate', '--project', dir, '--benchmark', benchmark, '--name', 'SportsBench']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('2 of');

    const flagged = await contaminatedFlags();
    expect([...flagged.keys()].sort()).toEqual([verbatim.id, reworded.id].sort());
    expect(flagged.get(verbatim.id)).toMatch(/^repeats SportsBench item sb-2: the same text/);
    expect(flagged.get(reworded.id)).toMatch(/^repeats SportsBench item sb-4: /);

    const stats = await runMain(['stats', '--project', dir, '--json']);
    const counts = JSON.parse(stats.stdout) as { flags: Record<string, number> };
    expect(counts.flags.contaminated).toBeGreaterThan(0);
  });

  it('shows the matched benchmark text beside the question in the review pane', async () => {
    const [, reworded] = distinctQuestions();
    const store = await ProjectStore.open(dir);
    try {
      const tagId = reworded.tagId;
      const verdicts = await loadVerdicts(store, tagId);
      const candidate = (await store.candidatesOf(reworded.id))[0]!;
      const snapshot = { checks: verdicts, decisions: new Map(), checkError: undefined } as never;
      const lines = buildDetailLines(
        { kind: 'candidate', candidate, question: reworded, snapshot },
        200,
        { reasoningFolded: true },
        new WrapCache(),
      );
      const text = lines.map((line) => line.map((segment) => segment.text).join(''));
      const heading = text.findIndex((line) => line.startsWith('── Benchmark match: repeats SportsBench item sb-4'));
      expect(heading).toBeGreaterThan(text.findIndex((line) => line.startsWith('── Question')));
      expect(text[heading + 1]).toBe(reword(reworded.text));
    } finally {
      await store.close();
    }
  });

  it('keeps other benchmarks’ findings, reads Parquet, and checks against an earlier export', async () => {
    const [verbatim, , third] = distinctQuestions();
    const table = parquet.Table.fromIPCStream(tableToIPC(tableFromArrays({ problem: [third.text], unique_id: ['p/7'] }), 'stream'));
    const file = join(dir, '..', 'other.parquet');
    await writeFile(file, parquet.writeParquet(table));
    const exported = join(dir, '..', 'old-release.jsonl');
    await writeFile(
      exported,
      JSON.stringify({
        messages: [
          { role: 'user', content: verbatim.text },
          { role: 'assistant', content: 'x' },
        ],
      }) + '\n',
    );

    expect((await runMain(['decontaminate', '--project', dir, '--benchmark', file, '--against', exported])).code).toBe(0);
    const flagged = await contaminatedFlags();
    expect(flagged.get(third.id)).toMatch(/^repeats other item p\/7/);
    expect(flagged.get(verbatim.id)).toMatch(/^repeats SportsBench item sb-2: the same text; repeats export old-release item #1/);
    expect(flagged.size).toBe(3);
  });

  it('says what is wrong with a benchmark file in one line, and changes nothing', async () => {
    const bad = join(dir, '..', 'bad.jsonl');
    await writeFile(bad, '{"question": "fine"}\n{"question": \n');
    const before = await contaminatedFlags();
    const broken = await runMain(['decontaminate', '--project', dir, '--benchmark', bad]);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/^distill: .*bad\.jsonl line 2 is not valid JSON \(give JSON Lines/);
    const missing = await runMain(['decontaminate', '--project', dir, '--benchmark', join(dir, 'nope.json')]);
    expect(missing.stderr).toMatch(/benchmark file .*nope\.json does not exist\n$/);
    expect((await runMain(['decontaminate', '--project', dir])).code).toBe(2);
    expect((await runMain(['decontaminate', '--project', dir, '--benchmark', bad, '--ratio', '2'])).code).toBe(2);
    expect(await contaminatedFlags()).toEqual(before);
  });
});
