// `distill export` and `distill batch` as commands: parsed by commander and run in-process with the
// exit-code classes main.ts maps (UsageError and commander errors → 2, DistillError → 1).
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { PassThrough } from 'node:stream';
import { Command, CommanderError } from 'commander';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCandidate } from '../src/core/testing/candidate-builder.js';
import type { BatchRequestLine } from '../src/batch/batch-lines.js';
import { newProjectConfig } from '../src/core/project-config.js';
import { ProjectStore } from '../src/store/project-store.js';
import { startOfflineTeacher, type OfflineTeacher } from '../src/offline-teacher/offline-teacher.js';
import { DistillError, UsageError } from '../src/core/distill-error.js';
import { registerBatch } from '../src/cli/commands/batch.js';
import { registerExport } from '../src/cli/commands/export.js';
import type { DatasetInfoEntry } from '../src/export/dataset-info.js';
import type { ExportManifest } from '../src/export/manifest.js';
import { parseJson, readJson, readJsonLines } from './support/json.js';
import { runCli as runBinary } from './support/run-cli.js';

/** What `export --json` prints: the manifest and where it and dataset_info.json went. */
type ExportSummary = ExportManifest & { manifestPath: string; datasetInfoPath: string };

interface CommandRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Exit codes as the README gives them (Commands); main.ts does this mapping for the real executable. */
async function runCli(args: string[], options: { cwd?: string } = {}): Promise<CommandRun> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const io = { stdout, stderr, env: process.env, cwd: options.cwd ?? process.cwd() };
  const program = new Command('distill')
    .exitOverride()
    .configureOutput({ writeOut: (text) => stdout.write(text), writeErr: (text) => stderr.write(text) });
  registerExport(program, io);
  registerBatch(program, io);
  let code = 0;
  try {
    await program.parseAsync(args, { from: 'user' });
  } catch (error) {
    if (error instanceof UsageError || error instanceof CommanderError) code = 2;
    else if (error instanceof DistillError) {
      code = 1;
      err += `distill: ${error.message}\n`;
    } else throw error;
  }
  await new Promise((resolve) => setImmediate(resolve));
  return { code, stdout: out, stderr: err };
}

async function project(acceptSome: boolean): Promise<string> {
  const dir = join(await mkdtemp(join(tmpdir(), 'distill-export-cli-')), 'project');
  const store = await ProjectStore.create(dir, newProjectConfig({ topic: 'Sports science', baseUrl: 'offline' }));
  const [tag] = await store.addTags(null, ['Endurance'], 'manual');
  const questions = await store.addQuestions(tag!.id, [{ text: 'What limits VO2max?' }, { text: 'Why taper before a race?' }], 'manual');
  const candidates = questions.map((question) =>
    buildCandidate({ question, reasoning: 'Think about oxygen delivery.', answer: `An answer to: ${question.text}` }),
  );
  await store.appendCandidates(candidates);
  if (acceptSome) await store.decide(candidates.map((candidate) => ({ id: candidate.id, status: 'accepted' as const })));
  await store.close();
  return dir;
}

describe('distill export', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await project(true);
  });

  it('writes the records, dataset_info.json and the manifest, and prints the summary as JSON', async () => {
    await writeFile(join(dir, 'system.txt'), 'You are a running coach.\n');
    const result = await runCli(
      [
        'export',
        '--project',
        dir,
        '--format',
        'messages',
        '--out',
        'out/train.jsonl',
        '--reasoning',
        'field',
        '--system-file',
        'system.txt',
        '--tag-field',
        '--json',
      ],
      { cwd: dir },
    );
    expect(result.code, result.stderr).toBe(0);
    const summary = parseJson<ExportSummary>(result.stdout);
    expect(summary).toMatchObject({
      records: 2,
      accepted: 2,
      options: { format: 'messages', reasoning: 'field', tagField: 'tag', system: 'You are a running coach.' },
    });
    const lines = await readJsonLines<Record<string, unknown>>(join(dir, 'out', 'train.jsonl'));
    expect(lines[0]).toEqual({
      messages: [
        { role: 'system', content: 'You are a running coach.' },
        { role: 'user', content: 'What limits VO2max?' },
        { role: 'assistant', content: 'An answer to: What limits VO2max?', reasoning_content: 'Think about oxygen delivery.' },
      ],
      tag: 'Endurance',
    });
    const info = await readJson<Record<string, DatasetInfoEntry>>(summary.datasetInfoPath);
    expect(info.train).toMatchObject({ file_name: 'train.jsonl', formatting: 'sharegpt', columns: { messages: 'messages' } });
    const manifest = await readJson<ExportManifest>(summary.manifestPath);
    expect(manifest.records).toBe(2);
    // The checks' verdicts and thresholds in effect: defaults, as the project sets none.
    expect(manifest.flags).toEqual(expect.any(Object));
    expect(manifest.rules.longParagraph).toEqual({ maxChars: 1500 });
  });

  it('leaves flag counts out with --no-flags', async () => {
    const result = await runCli(['export', '--format', 'sharegpt', '--out', 'noflags.jsonl', '--no-flags', '--json'], { cwd: dir });
    expect(result.code, result.stderr).toBe(0);
    expect(parseJson<ExportSummary>(result.stdout).flags).toBeNull();
  });

  it('says where the export went in text mode', async () => {
    const result = await runCli(['export', '--format', 'alpaca', '--out', 'plain.jsonl'], { cwd: dir });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(
      /^exported 2 records to plain\.jsonl\ndataset_info\.json: dataset_info\.json\nmanifest: plain\.jsonl\.manifest\.json\n$/,
    );
  });

  it('exits 2 on a usage error and 1 with one line when nothing is accepted', async () => {
    for (const args of [
      ['--format', 'xml', '--out', 'x.jsonl'],
      ['--format', 'alpaca'],
      ['--format', 'alpaca', '--out', 'x.jsonl', '--split', '1.5'],
      ['--format', 'messages', '--out', 'x.jsonl', '--tag-field', 'messages'],
      ['--format', 'alpaca', '--out', 'x.jsonl', '--system', 'a', '--system-file', 'b'],
    ]) {
      const result = await runCli(['export', '--project', dir, ...args]);
      expect(result.code, `${args.join(' ')}: ${result.stderr}`).toBe(2);
    }
    const empty = await project(false);
    const result = await runCli(['export', '--project', empty, '--format', 'alpaca', '--out', join(empty, 'x.jsonl')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^distill: no accepted candidates to export; accept some first .*\n$/);
  });
});

describe('distill batch', () => {
  let teacher: OfflineTeacher;
  beforeAll(async () => {
    teacher = await startOfflineTeacher();
  });
  afterAll(async () => {
    await teacher.close();
  });

  it('exports the missing answers and imports their results once', async () => {
    const dir = await project(false);
    const exported = await runCli(['batch', 'export', '--project', dir, '--candidates', '2', '--json']);
    expect(exported.code, exported.stderr).toBe(0);
    const { files, requests } = JSON.parse(exported.stdout) as { files: { path: string }[]; requests: number };
    expect(requests).toBe(2);
    const lines = (await readFile(files[0]!.path, 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as BatchRequestLine);
    const results = [];
    for (const line of lines.reverse()) {
      const response = await fetch(new URL(teacher.url).origin + line.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(line.body),
      });
      results.push({
        id: 'r',
        custom_id: line.custom_id,
        response: { status_code: response.status, body: await response.json() },
        error: null,
      });
    }
    const resultsFile = join(dir, 'results.jsonl');
    await writeFile(resultsFile, results.map((result) => JSON.stringify(result)).join('\n') + '\n');

    const first = await runCli(['batch', 'import', resultsFile, '--project', dir]);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(
      /^read 2 result lines: added 2 candidates\nchecked the project: 4 candidates, \d+ passing, \d+ flagged\n$/,
    );
    const again = await runCli(['batch', 'import', resultsFile, '--project', dir, '--json']);
    expect(JSON.parse(again.stdout)).toMatchObject({ imported: { answers: 0 }, alreadyPresent: 2 });
    const missing = await runCli(['batch', 'import', join(dir, 'nope.jsonl'), '--project', dir]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/nope\.jsonl: no such results file/);
  });
});

describe('the distill executable', () => {
  it('exports with exit 0, and exits 2 on a usage error and 1 with one line when nothing is accepted', async () => {
    const dir = await project(true);
    const ok = await runBinary(['export', '--project', dir, '--format', 'sharegpt', '--out', join(dir, 'x.jsonl')]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/^exported 2 records to /);
    expect((await runBinary(['export', '--project', dir, '--format', 'xml', '--out', 'x.jsonl'])).code).toBe(2);
    const empty = await project(false);
    const failed = await runBinary(['export', '--project', empty, '--format', 'alpaca', '--out', join(empty, 'x.jsonl')]);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/^distill: no accepted candidates to export; accept some first [^\n]*\n$/);
  });
});
