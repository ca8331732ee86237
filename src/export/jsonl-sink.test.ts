import { mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { JsonlSink } from './jsonl-sink.js';

describe('JsonlSink', () => {
  it('writes every line, across many chunks, and counts UTF-8 bytes', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'distill-sink-'));
    const path = join(dir, 'out.jsonl');
    const sink = new JsonlSink(path);
    const line = JSON.stringify({ text: '马拉松'.repeat(2000) });
    for (let i = 0; i < 1000; i++) await sink.writeLine(line);
    await sink.commit();
    const text = await readFile(path, 'utf8');
    expect(text.split('\n')).toHaveLength(1001);
    expect(sink.records).toBe(1000);
    expect(sink.bytes).toBe(Buffer.byteLength(text));
  });

  it('leaves the previous file in place when an export is discarded', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'distill-sink-'));
    const path = join(dir, 'out.jsonl');
    await writeFile(path, 'previous\n');
    const sink = new JsonlSink(path);
    await sink.writeLine('{}');
    await sink.discard();
    expect(await readFile(path, 'utf8')).toBe('previous\n');
    expect(await readdir(dir)).toEqual(['out.jsonl']);
  });
});
