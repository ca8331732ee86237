// What `npm publish` would ship: everything the CLI loads, and none of the tests, bench, test
// support, source maps or build caches. Reads npm's own file list (`npm pack --dry-run`).
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parseJson } from './support/json.js';
import { readImportGraph, reachableFrom } from './support/import-graph.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

async function packedFiles(): Promise<string[]> {
  const { stdout } = await promisify(execFile)('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT });
  const [pack] = parseJson<{ files: { path: string }[] }[]>(stdout);
  return pack!.files.map((file) => file.path);
}

describe('the published package', () => {
  it('holds every module the CLI loads, its prompts, schemas and demo fixtures, and nothing only tests use', async () => {
    const files = await packedFiles();
    const graph = readImportGraph(fileURLToPath(new URL('../src', import.meta.url)));
    const needed = [...reachableFrom(graph, ['cli/run.ts'])].map((file) => `dist/${file.replace(/\.ts$/, '.js')}`);
    expect(needed.length).toBeGreaterThan(100);
    expect(needed.filter((file) => !files.includes(file))).toEqual([]);
    for (const file of ['bin/distill.js', 'prompts/en/answer.user.md', 'schemas/rules.schema.json', 'fixtures/demo-en.json']) {
      expect(files).toContain(file);
    }
    const unwanted = /(^|\/)(bench|testing|test-support)\/|\.map$|\.test\.|tsbuildinfo|^fixtures\/(checks|test)\/|^src\/|^test\//;
    expect(files.filter((file) => unwanted.test(file))).toEqual([]);
  });
});
