import { appendFile, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { ChangeLog } from './change-log.js';

describe('ChangeLog', () => {
  let file: string;
  beforeEach(async () => {
    file = join(await mkdtemp(join(tmpdir(), 'distill-changes-')), 'cache', 'changes.log');
  });

  it("hands a reader the other writers' notes since its position, never its own", async () => {
    const reader = new ChangeLog(file);
    const start = await reader.position(true);
    const writer = new ChangeLog(file);
    await Promise.all([writer.note('candidates', 'tabc123'), writer.note('decisions', 'tabc123'), reader.note('questions', 'tzzz999')]);
    const since = await reader.readSince(start);
    expect(since?.changes).toEqual([
      { kind: 'candidates', tagId: 'tabc123' },
      { kind: 'decisions', tagId: 'tabc123' },
    ]);
    // Nothing new: the same position back, found with one stat.
    expect(await reader.readSince(since!.position)).toEqual({ changes: [], position: since!.position });
  });

  it('reads past a note torn by a killed writer', async () => {
    const reader = new ChangeLog(file);
    const start = await reader.position(true);
    await appendFile(file, 'c tabc1');
    await new ChangeLog(file).note('questions', 'tdef456');
    expect((await reader.readSince(start))?.changes).toEqual([{ kind: 'questions', tagId: 'tdef456' }]);
  });

  it('says it cannot tell when the log was deleted or replaced, so the reader rescans', async () => {
    const reader = new ChangeLog(file);
    const start = await reader.position(true);
    await rm(join(file, '..'), { recursive: true });
    expect(await reader.readSince(start)).toBeNull();
    // The next writer starts a new log (with a new id), which an old position cannot be matched against.
    await new ChangeLog(file).note('candidates', 'tabc123');
    expect((await readFile(file, 'utf8')).startsWith('# distill change log ')).toBe(true);
    expect(await reader.readSince(start)).toBeNull();
    const fresh = await reader.position();
    expect(fresh.id).not.toBe(start.id);
  });

  it('starts a new log once it is large, and a reader of the old one rescans', async () => {
    const reader = new ChangeLog(file);
    const start = await reader.position(true);
    await appendFile(file, 'x'.repeat(9 << 20) + '\n');
    await new ChangeLog(file).note('candidates', 'tabc123');
    expect((await stat(file)).size).toBeLessThan(1024);
    expect(await reader.readSince(start)).toBeNull();
  });

  it('repairs a log that lost its header (created by a bare append)', async () => {
    const reader = new ChangeLog(file);
    await reader.position(true);
    await writeFile(file, '');
    await new ChangeLog(file).note('candidates', 'tabc123');
    const text = await readFile(file, 'utf8');
    expect(text).toMatch(/^# distill change log \S+\nc tabc123 [0-9a-z]{8}\n$/);
  });
});
