// A split export killed with SIGKILL among its renames (the real executable, paused there by
// DISTILL_EXPORT_PAUSE_COMMIT) and the export after it: the interrupted commit is finished, so
// train, validation and manifest are all from one run and share no question, and every
// temporary file the killed export left is gone.
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildCandidates } from '../src/core/testing/candidate-builder.js';
import { newProjectConfig } from '../src/core/project-config.js';
import { recordHash } from '../src/export/content-hash.js';
import type { ManifestFile } from '../src/export/manifest.js';
import { ProjectStore } from '../src/store/project-store.js';
import { cliEnv, startCli } from './support/run-cli.js';
import { readJson } from './support/json.js';
import { runMain } from './support/run-main.js';

async function project(): Promise<string> {
  const dir = join(await mkdtemp(join(tmpdir(), 'distill-export-kill-')), 'project');
  const store = await ProjectStore.create(dir, newProjectConfig({ topic: 'Sports science', baseUrl: 'offline' }));
  const [tag] = await store.addTags(null, ['Endurance'], 'manual');
  const questions = await store.addQuestions(
    tag!.id,
    Array.from({ length: 40 }, (_, i) => ({ text: `Question ${i}: how should pacing change with heat?` })),
    'manual',
  );
  const candidates = questions.flatMap((question) => buildCandidates(question, 2));
  await store.appendCandidates(candidates);
  await store.decide(candidates.map((candidate) => ({ id: candidate.id, status: 'accepted' as const })));
  await store.close();
  return dir;
}

/** The files of an export, checked against its manifest: the same records, hash for hash, and no question on both sides. */
async function checkConsistent(out: string): Promise<ManifestFile> {
  const manifest = await readJson<ManifestFile>(`${out}.manifest.json`);
  const lines = {
    t: (await readFile(out, 'utf8')).trimEnd().split('\n'),
    v: (await readFile(out.replace(/\.jsonl$/, '.val.jsonl'), 'utf8')).trimEnd().split('\n'),
  };
  for (const role of ['t', 'v'] as const) {
    expect(lines[role].map(recordHash)).toEqual(manifest.entries.filter((entry) => entry[2] === role).map((entry) => entry[1]));
  }
  const questionOf = (id: string) => id.slice(0, id.lastIndexOf('-'));
  const trainQuestions = new Set(manifest.entries.filter((entry) => entry[2] === 't').map((entry) => questionOf(entry[0])));
  expect(manifest.entries.filter((entry) => entry[2] === 'v').some((entry) => trainQuestions.has(questionOf(entry[0])))).toBe(false);
  return manifest;
}

describe('an export killed among its renames', () => {
  it('is finished by the next export in that folder, and leaves no temporary file behind', async () => {
    const dir = await project();
    const folder = join(dir, 'export');
    const out = join(folder, 'sft.jsonl');
    const args = ['export', '--project', dir, '--format', 'alpaca', '--split', '0.75', '--out', out];
    const first = await runMain([...args, '--seed', '1']);
    expect(first.code, first.stderr).toBe(0);
    const runA = await checkConsistent(out);

    const killed = startCli([...args, '--seed', '2'], { env: { ...cliEnv(), DISTILL_EXPORT_PAUSE_COMMIT: '600000' } });
    await new Promise<void>((resolve, reject) => {
      killed.child.stderr!.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('paused before rename 2')) resolve();
      });
      void killed.result.then((result) => reject(new Error(`the export ended before its pause: ${result.stderr}`)));
    });
    killed.child.kill('SIGKILL');
    expect((await killed.result).signal).toBe('SIGKILL');
    // What it left: its journal and the temporary files of the renames it never made.
    const left = (await readdir(folder)).filter((name) => name.startsWith('.'));
    expect(left.some((name) => name.endsWith('.distill-commit.json'))).toBe(true);
    expect(left.some((name) => name.endsWith('.distill-tmp'))).toBe(true);

    // The next export in the folder, of another file, finishes the killed one's commit first.
    const next = await runMain(['export', '--project', dir, '--format', 'sharegpt', '--out', join(folder, 'other.jsonl')]);
    expect(next.code, next.stderr).toBe(0);
    const runB = await checkConsistent(out);
    expect(runB.options.seed).toBe(2);
    expect(runB.entries).not.toEqual(runA.entries);
    expect((await readdir(folder)).sort()).toEqual([
      'dataset_info.json',
      'other.jsonl',
      'other.jsonl.manifest.json',
      'sft.jsonl',
      'sft.jsonl.manifest.json',
      'sft.val.jsonl',
    ]);
  });

  it('a dataset folder (--for hf) is never half replaced, and the next export finishes the swap', async () => {
    const dir = await project();
    const parent = join(dir, 'hub');
    const out = join(parent, 'sports');
    const args = ['export', '--project', dir, '--for', 'hf', '--split', '0.75', '--out', out];
    const first = await runMain([...args, '--seed', '1']);
    expect(first.code, first.stderr).toBe(0);
    const runA = await readJson<ManifestFile>(join(out, 'distill-manifest.json'));

    // Paused after the old folder was moved aside, before the new one took its name.
    const killed = startCli([...args, '--seed', '2'], { env: { ...cliEnv(), DISTILL_EXPORT_PAUSE_COMMIT: '600000' } });
    await new Promise<void>((resolve, reject) => {
      killed.child.stderr!.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('paused before rename 2')) resolve();
      });
      void killed.result.then((result) => reject(new Error(`the export ended before its pause: ${result.stderr}`)));
    });
    killed.child.kill('SIGKILL');
    expect((await killed.result).signal).toBe('SIGKILL');
    expect(await readdir(parent)).not.toContain('sports');

    const next = await runMain(['export', '--project', dir, '--for', 'hf', '--out', join(parent, 'other')]);
    expect(next.code, next.stderr).toBe(0);
    const runB = await readJson<ManifestFile>(join(out, 'distill-manifest.json'));
    expect(runB.options.seed).toBe(2);
    expect(runB.entries).not.toEqual(runA.entries);
    expect((await readdir(join(out, 'data'))).sort()).toEqual(['train-00000-of-00001.parquet', 'validation-00000-of-00001.parquet']);
    expect((await readdir(parent)).sort()).toEqual(['other', 'sports']);
  });
});
