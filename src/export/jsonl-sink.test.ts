import { mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { JsonlSink } from './jsonl-sink.js';
import { LineChunker, type LineChunk } from './line-chunker.js';

describe('LineChunker and JsonlSink', () => {
  it('write every line, across many chunks and one line larger than a chunk, counting UTF-8 bytes', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'distill-sink-'));
    const path = join(dir, 'out.jsonl');
    const sink = new JsonlSink(path);
    const chunks: LineChunk[] = [];
    const chunker = new LineChunker((chunk) => chunks.push(chunk));
    const line = JSON.stringify({ text: '马拉松 pace’s'.repeat(200) });
    const huge = JSON.stringify({ text: 'x'.repeat(3 << 20) });
    for (let i = 0; i < 1000; i++) chunker.add(i === 500 ? huge : line);
    chunker.flush();
    expect(chunks.length).toBeGreaterThan(2);
    for (const chunk of chunks) await sink.write(chunk);
    await sink.commit();
    const text = await readFile(path, 'utf8');
    const lines = text.split('\n');
    expect(lines).toHaveLength(1001);
    expect(lines[500]).toBe(huge);
    expect(lines[999]).toBe(line);
    expect(sink.records).toBe(1000);
    expect(sink.bytes).toBe(Buffer.byteLength(text));
  });

  it('leave the previous file in place when an export is discarded', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'distill-sink-'));
    const path = join(dir, 'out.jsonl');
    await writeFile(path, 'previous\n');
    const sink = new JsonlSink(path);
    await sink.write({ bytes: Buffer.from('{}\n'), lines: 1 });
    await sink.discard();
    expect(await readFile(path, 'utf8')).toBe('previous\n');
    expect(await readdir(dir)).toEqual(['out.jsonl']);
  });
});
