// The end of `distill demo --auto`: a demo project generated on the offline teacher, checked, the
// preferred passing candidates accepted, and exported in every format.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createDemoProject, DEMO_GENERATION } from '../src/cli/commands/demo.js';
import { curateAndExport } from '../src/cli/demo-curation.js';
import { runGenerationCommand } from '../src/cli/generation-command.js';
import { runAuto } from '../src/pipeline/run-generation.js';
import { ProjectStore } from '../src/store/project-store.js';
import type { DatasetInfoEntry } from '../src/export/dataset-info.js';
import type { ExportManifest } from '../src/export/manifest.js';
import { readJson, readJsonLines } from './support/json.js';

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

    const info = await readJson<Record<string, DatasetInfoEntry>>(join(folder, 'dataset_info.json'));
    expect(Object.keys(info).sort()).toEqual(['alpaca', 'messages', 'sharegpt']);
    for (const format of ['alpaca', 'sharegpt', 'messages']) {
      const lines = await readJsonLines<Record<string, unknown>>(join(folder, `${format}.jsonl`));
      expect(lines, format).toHaveLength(accepted);
      const manifest = await readJson<ExportManifest>(join(folder, `${format}.jsonl.manifest.json`));
      expect(manifest).toMatchObject({ records: accepted, accepted, droppedByCap: 0, invalid: { count: 0 } });
      // The demo's pool: answers from the offline teacher playing its default and r1 teachers (mini's never pass).
      expect(Object.keys(manifest.models).sort()).toEqual(['offline-r1', 'offline-teacher']);
      expect(Object.values(manifest.models).reduce((sum, count) => sum + count, 0)).toBe(accepted);
    }
    // Each question contributes at most its preferred answer.
    const questions = (await readJsonLines<{ instruction: string }>(join(folder, 'alpaca.jsonl'))).map((record) => record.instruction);
    expect(new Set(questions).size).toBe(questions.length);
  });
});
