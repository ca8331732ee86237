// A server that refuses the way OpenAI does (message.refusal with content null, or
// delta.refusal when streaming) or stops on its content filter: through the real SDK,
// the store and `distill check`, each such candidate is flagged refusal, saying which.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startOfflineTeacher, type OfflineTeacher } from '../src/offline-teacher/offline-teacher.js';
import { parseJsonLines, readJson } from './support/json.js';
import { runMain } from './support/run-main.js';

interface Row {
  id: string;
  flags: string[];
}

let teacher: OfflineTeacher | undefined;
afterEach(async () => {
  await teacher?.close();
  teacher = undefined;
});

describe.each([false, true])('a served refusal (stream: %s)', (stream) => {
  it('flags the refused and the filtered candidates refusal, and only those', async () => {
    teacher = await startOfflineTeacher({
      faults: [
        { type: 'refuse', kind: 'answer', match: '#0', message: "I'm sorry, but I can't help with that." },
        { type: 'content-filter', kind: 'answer', match: '#1' },
      ],
    });
    const project = join(await mkdtemp(join(tmpdir(), 'distill-refusals-')), 'p');
    expect((await runMain(['init', project, '--topic', 'Sports science', '--base-url', teacher.url])).code).toBe(0);
    const config = await readJson<Record<string, unknown>>(join(project, 'distill.json'));
    await writeFile(join(project, 'distill.json'), JSON.stringify({ ...config, stream }));
    const auto = await runMain([
      'auto',
      '--project',
      project,
      '--levels',
      '1',
      '--tags-per-level',
      '1',
      '--questions-per-tag',
      '2',
      '--candidates',
      '3',
    ]);
    expect(auto.code, auto.stderr).toBe(0);
    expect((await runMain(['check', '--project', project])).code).toBe(0);

    const rows = parseJsonLines<Row>((await runMain(['list', '--json', '--project', project])).stdout);
    expect(rows).toHaveLength(6);
    const refused = (row: Row) => row.flags.includes('refusal');
    expect(rows.filter((row) => row.id.endsWith('-0')).every(refused)).toBe(true);
    expect(rows.filter((row) => row.id.endsWith('-1')).every(refused)).toBe(true);
    expect(rows.filter((row) => row.id.endsWith('-2')).some(refused)).toBe(false);

    const refusedShow = await runMain(['show', rows.find((row) => row.id.endsWith('-0'))!.id, '--project', project]);
    expect(refusedShow.stdout).toContain(`the server refused: "I'm sorry, but I can't help with that."`);
    const filteredShow = await runMain(['show', rows.find((row) => row.id.endsWith('-1'))!.id, '--project', project]);
    expect(filteredShow.stdout).toContain('finish_reason is "content_filter"');
  });
});
