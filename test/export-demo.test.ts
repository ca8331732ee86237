// The end of `distill demo --auto`: a demo project generated on the offline teacher, checked, the
// preferred passing candidates accepted, and exported in every format.
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createDemoProject, DEMO_GENERATION } from '../src/cli/commands/demo.js';
import { curateAndExport } from '../src/cli/demo-curation.js';
import { runGenerationCommand } from '../src/cli/generation-command.js';
import { runAuto } from '../src/pipeline/run-generation.js';
import { ProjectStore } from '../src/store/project-store.js';

describe('demo export', () => {
  it('leaves one valid record per question with a passing answer, in every format, with dataset_info.json', async () => {
    const dir = join(await mkdtemp(join(tmpdir(), 'distill-demo-export-')), 'project');
    const io = { stdout: new PassThrough(), stderr: new PassThrough(), env: process.env, cwd: dir };
    io.stdout.resume();
    io.stderr.resume();
    await (await createDemoProject(dir, 'en')).close();
    await runGenerationCommand('auto', { project: dir, json: true }, io, (ctx) => runAuto(ctx, DEMO_GENERATION));

    const folder = await curateAndExport(dir, io);
    expect(folder).toBe(join(dir, 'export'));
    const store = await ProjectStore.open(dir);
    let accepted = 0;
    for (const tag of store.tags()) accepted += store.counts(tag.id).accepted;
    await store.close();
    expect(accepted).toBeGreaterThan(0);

    const info = JSON.parse(await readFile(join(folder, 'dataset_info.json'), 'utf8'));
    expect(Object.keys(info).sort()).toEqual(['alpaca', 'messages', 'sharegpt']);
    for (const format of ['alpaca', 'sharegpt', 'messages']) {
      const lines = (await readFile(join(folder, `${format}.jsonl`), 'utf8'))
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line));
      expect(lines, format).toHaveLength(accepted);
      const manifest = JSON.parse(await readFile(join(folder, `${format}.jsonl.manifest.json`), 'utf8'));
      expect(manifest).toMatchObject({ records: accepted, accepted, droppedByCap: 0, invalid: { count: 0 } });
      expect(manifest.models).toEqual({ 'offline-teacher': accepted });
    }
    // Each question contributes at most its preferred answer.
    const questions = (await readFile(join(folder, 'alpaca.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line).instruction);
    expect(new Set(questions).size).toBe(questions.length);
  });
});
