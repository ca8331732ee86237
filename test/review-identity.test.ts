// Decisions only ever apply to the text that was reviewed: not to a candidate regenerated under
// the same id after its shard lost lines, not to an answer of a question edited since.
import { readFile, truncate } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import type { ProjectStats } from '../src/cli/commands/stats.js';
import type { Candidate } from '../src/core/types.js';
import { ProjectStore } from '../src/store/project-store.js';
import { runCli, tempDir } from './support/run-cli.js';
import { runJson, runMain } from './support/run-main.js';

const AUTO = ['--levels', '1', '--tags-per-level', '2', '--questions-per-tag', '2', '--candidates', '2'];

/**
 * The export of the accepted candidates. With workers, the real executable runs it: export workers
 * are threads of compiled code, reading the shards from disk themselves.
 */
async function exportedRecords(project: string, workers = 0): Promise<{ instruction: string; output: string }[]> {
  const out = join(project, 'out', `data-${workers}.jsonl`);
  const args = ['export', '--project', project, '--format', 'alpaca', '--out', out, '--reasoning', 'none', '--workers', String(workers)];
  const result = workers > 0 ? await runCli(args) : await runMain(args);
  if (result.code === 1 && /no accepted candidates to export/.test(result.stderr)) return [];
  expect(result.code, result.stderr).toBe(0);
  const text = await readFile(out, 'utf8');
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as { instruction: string; output: string });
}

describe('identity of what was reviewed', () => {
  let project: string;

  beforeEach(async () => {
    project = join(await tempDir('distill-identity-'), 'p');
    expect((await runMain(['init', project, '--topic', 'Sports science', '--base-url', 'offline'])).code).toBe(0);
    const auto = await runMain(['auto', '--project', project, ...AUTO]);
    expect(auto.code, auto.stderr).toBe(0);
  });

  async function lastCandidateOfFirstTag(): Promise<{ tagId: string; candidate: Candidate; shard: string }> {
    const store = await ProjectStore.open(project);
    const tagId = store.tags()[0]!.id;
    const candidate = (await store.candidates(tagId)).at(-1)!;
    await store.close();
    return { tagId, candidate, shard: join(project, 'data', 'candidates', `${tagId}.jsonl`) };
  }

  it('does not apply an old accept to the candidate auto regenerates after its shard lost lines', async () => {
    const { candidate, shard } = await lastCandidateOfFirstTag();
    expect((await runMain(['accept', candidate.id, '--project', project, '--reviewer', 'alice'])).code).toBe(0);
    expect((await runJson<ProjectStats>(['stats', '--project', project])).status.accepted).toBe(1);
    expect(await exportedRecords(project)).toHaveLength(1);

    // The shard loses its last line (restored from an older copy); auto fills the gap under the same id.
    const lines = (await readFile(shard, 'utf8')).split('\n').filter((line) => line !== '');
    await truncate(shard, Buffer.byteLength(lines.slice(0, -1).join('\n') + '\n'));
    expect((await runMain(['auto', '--project', project, ...AUTO])).code).toBe(0);
    const store = await ProjectStore.open(project);
    const regenerated = (await store.candidates(candidate.tagId)).find((item) => item.id === candidate.id)!;
    await store.close();
    expect(regenerated.gen).toBeDefined();
    expect(regenerated.gen).not.toBe(candidate.gen);

    const stats = await runJson<ProjectStats>(['stats', '--project', project]);
    expect(stats.status.accepted).toBe(0);
    expect(stats.review?.setAside).toMatchObject({ changed: 1 });
    expect((await runMain(['stats', '--project', project])).stdout).toMatch(
      /set aside +decisions not applied: 1 on candidates regenerated since/,
    );
    expect(await exportedRecords(project)).toHaveLength(0);
    // A new decision, on the new text, applies again.
    expect((await runMain(['accept', candidate.id, '--project', project, '--reviewer', 'alice'])).code).toBe(0);
    expect(await exportedRecords(project)).toHaveLength(1);
  });

  it('never exports an answer with a question edited after it was written, until regenerated or re-accepted', async () => {
    expect((await runMain(['check', '--project', project])).code).toBe(0);
    const accepted = await runJson<{ accepted: string[] }>(['accept', '--passing', '--project', project]);
    expect(accepted.accepted.length).toBeGreaterThan(1);
    const before = await exportedRecords(project);

    const store = await ProjectStore.open(project);
    const tagId = store.tags()[0]!.id;
    const [question] = await store.questions(tagId);
    const original = question!.text;
    await store.editQuestion(question!.id, 'How should a marathoner pace the first 10 km?');
    await store.close();

    // The checks flag the edited question's answers as stale.
    const checked = await runJson<{ flags: Record<string, number> }>(['check', '--project', project]);
    expect(checked.flags.stale).toBe(2);
    let records = await exportedRecords(project);
    expect(records).toHaveLength(before.length - 1);
    expect(await exportedRecords(project, 2)).toEqual(records);
    expect(records.map((record) => record.instruction)).not.toContain('How should a marathoner pace the first 10 km?');
    expect(records.map((record) => record.instruction)).not.toContain(original);
    // accept --passing takes none of the stale answers.
    expect((await runJson<{ accepted: string[] }>(['accept', '--passing', '--project', project])).accepted).toEqual([]);

    // Regenerated: the edited question gets fresh answers beside the stale ones, and those are exported.
    expect((await runMain(['auto', '--project', project, ...AUTO])).code).toBe(0);
    expect((await runMain(['check', '--project', project])).code).toBe(0);
    const fresh = await runJson<{ accepted: string[] }>(['accept', '--passing', '--project', project]);
    expect(fresh.accepted).toHaveLength(1);
    expect(fresh.accepted[0]).toMatch(new RegExp(`^${question!.id}-[23]$`));
    records = await exportedRecords(project);
    expect(records.filter((record) => record.instruction === 'How should a marathoner pace the first 10 km?')).toHaveLength(1);
    expect(records).toHaveLength(before.length);
  });
});
