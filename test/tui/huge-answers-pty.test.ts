// Issue 15: a tag whose teacher looped for 20 MB per answer stays usable in the review screen.
// The real program in a pty opens the tag, moves between its 20 MB candidates, pages through one
// and searches it, with its peak resident memory (VmHWM) bounded: the store keeps the huge texts
// in their shard and the detail pane reads only what it shows. Timings are in `npm run bench -- huge`.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeHugeProject } from '../../src/bench/huge-project.js';
import { tempDir } from '../support/run-cli.js';
import { KEYS, PtySession } from './harness.js';

const CLI = resolve(import.meta.dirname, '..', '..', 'bin', 'distill.js');
/** Four candidates of 20 MB each (80 MB of shard); eight held whole took 1.9 GB. */
const SHAPE = { questions: 2, chars: 20_000_000 };
/** Well above what the program needs (about 200 MB), far below what holding the texts took. */
const MAX_PEAK_MB = 400;
/** A key must be answered within this even on a loaded machine (the bench measures the real figure). */
const KEY_MS = 10_000;

let session: PtySession | null = null;

afterEach(() => {
  session?.kill();
  session = null;
});

function peakRssMb(pid: number): number {
  return Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;
}

describe('a tag of 20 MB answers in the review screen', () => {
  it('opens, moves between them, pages and searches in one, with memory bounded', { timeout: 300_000 }, async () => {
    const dir = join(await tempDir(), 'p');
    const { candidateIds } = await writeHugeProject(dir, SHAPE);
    // Checked first, as after `auto`: a tag never checked has its checks run in a worker when
    // opened, which holds each whole text while its features are taken (about 460 MB peak for the
    // process); that path is huge-tag-checked-in-background-pty.test.ts's, not this bound's.
    const check = spawnSync(process.execPath, [CLI, 'check', '--project', dir], { encoding: 'utf8' });
    expect(check.status, check.stderr).toBeLessThanOrEqual(1);
    session = PtySession.spawn(process.execPath, [CLI, 'review', '--project', dir], { cols: 140, rows: 40 });
    const s = session;
    const selected = () => s.highlighted().join('\n');
    // The first tag is selected at start; its rows show each huge text's length without reading it.
    await s.waitFor(
      (screen) => /Runaway answers +\d+\/\d+ ⚑/.test(screen) && screen.includes('20000k'),
      'the tag with its verdicts',
      240_000,
    );
    s.press(KEYS.tab);
    await s.waitFor(() => selected().includes('Variant 1:'), 'the questions pane');
    s.press(KEYS.tab);
    await s.waitFor((screen) => selected().includes('#0 ') && screen.includes(`Candidate ${candidateIds[0]}`), 'the first candidate');
    expect(s.screenText()).toContain('Reasoning (20000000 chars)');

    for (const [key, id, row] of [
      ['j', candidateIds[1]!, '#1 '],
      ['k', candidateIds[0]!, '#0 '],
      ['j', candidateIds[1]!, '#1 '],
    ] as const) {
      s.press(key);
      await s.waitFor((screen) => selected().includes(row) && screen.includes(`Candidate ${id}`), `candidate ${id}`, KEY_MS);
    }
    expect(s.screenText()).toContain('Answer (20000000 chars)');

    // Into the detail: pages read further into the 20 MB answer (its lines are numbered rounds).
    s.press(KEYS.tab);
    await s.waitFor((screen) => selected().length === 0 || screen.includes('Detail'), 'the detail pane');
    const roundsShown = (screen: string) => [...screen.matchAll(/\(round (\d+)\)/g)].map((m) => Number(m[1]));
    const before = Math.max(0, ...roundsShown(s.screenText()));
    for (let i = 0; i < 5; i++) s.press(KEYS.pageDown);
    await s.waitFor((screen) => Math.max(0, ...roundsShown(screen)) > before + 20, 'the answer paged down', KEY_MS);

    // A search in the detail finds a line far into the text without reading all of it.
    s.press('/');
    s.press('(round 4321)');
    s.press(KEYS.enter);
    await s.waitFor((screen) => screen.includes('(round 4321)'), 'the search hit', KEY_MS * 3);

    expect(peakRssMb(s.pid)).toBeLessThan(MAX_PEAK_MB);
    s.press('q');
    expect(await s.waitForExit()).toBe(0);
  });
});
