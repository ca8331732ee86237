// The benchmark match in a real terminal: after `distill decontaminate`, a reviewer filters the tree
// by the contaminated flag, goes to each match with `]`, and reads the flag (benchmark and item
// named) and the benchmark's text under the question in the candidate's pane.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Question } from '../../src/core/types.js';
import { ProjectStore } from '../../src/store/project-store.js';
import { distinctQuestions, reword } from '../support/benchmark-questions.js';
import { runMain } from '../support/run-main.js';
import { KEYS, type PtySession } from './harness.js';
import { demoProject, openReview } from './safety-fixtures.js';

let tui: PtySession | null = null;
afterEach(() => {
  tui?.kill();
  tui = null;
});

async function questionsOf(dir: string): Promise<Question[]> {
  const store = await ProjectStore.open(dir);
  try {
    const questions: Question[] = [];
    for (const tag of store.tags()) questions.push(...(await store.questions(tag.id)));
    return questions;
  } finally {
    await store.close();
  }
}

/** The filter menu's ▶ on the contaminated flag (a hotkey column may sit between them). */
const ON_CONTAMINATED = /▶ +flag: contaminated/;

describe('the review shows what a benchmark question matched', () => {
  it('filters by the contaminated flag and shows each match’s benchmark text under the question', async () => {
    const dir = await demoProject();
    const [verbatim, reworded] = distinctQuestions(await questionsOf(dir));
    const benchmark = join(dir, '..', 'bench.jsonl');
    const items = [
      { id: 'b-1', question: 'What is the capital of France?' },
      { id: 'b-2', question: verbatim.text },
      { id: 'b-3', question: reword(reworded.text) },
    ];
    await writeFile(benchmark, items.map((item) => JSON.stringify(item)).join('\n') + '\n');
    const run = await runMain(['decontaminate', '--project', dir, '--benchmark', benchmark, '--name', 'DEMO-BENCH']);
    expect(run.code, run.stderr).toBe(0);

    tui = openReview(dir, { cols: 120, rows: 40 });
    await tui.waitForText('Sports science');
    tui.press('f');
    await tui.waitForText('Filter (the whole tree');
    await tui.waitForText('flag: contaminated');
    // Walk the menu down to the contaminated flag (the ▶ marks the current choice), as a user would with j.
    for (let step = 0; step < 60 && !ON_CONTAMINATED.test(tui.screenText()); step++) {
      const before = tui.screenText();
      tui.press('j');
      await tui.waitFor((screen) => screen !== before, 'the menu moves on j');
    }
    expect(tui.screenText()).toMatch(ON_CONTAMINATED);
    tui.press(KEYS.enter);
    await tui.waitForText(/filter: .*contaminated/);

    // `]` walks the matching candidates (four per question) until both benchmark items were shown.
    const seen = new Map<string, string>();
    for (let press = 0; press < 12 && seen.size < 2; press++) {
      const before = candidateOn(tui.screenText());
      tui.press(']');
      await tui.waitFor(
        (screen) => candidateOn(screen) !== before && screen.includes('Benchmark match: repeats DEMO-BENCH item'),
        `] to the next match after ${before}`,
      );
      const screen = tui.screenText();
      seen.set(matchOn(screen), screen);
    }
    const verbatimScreen = seen.get('b-2');
    const rewordedScreen = seen.get('b-3');
    expect(verbatimScreen, [...seen.keys()].join(', ')).toBeDefined();
    expect(verbatimScreen).toContain('⚑ contaminated: repeats DEMO-BENCH item b-2: the same text');
    expect(rewordedScreen).toMatch(/⚑ contaminated: repeats DEMO-BENCH item b-3: /);
    // The benchmark's own wording is shown under its heading (it ends in the added word), not the question's.
    const section = paneSection(rewordedScreen!, 'Benchmark match: repeats DEMO-BENCH item b-3');
    expect(section).toContain('Briefly.');
    const question = paneSection(rewordedScreen!, 'Question');
    expect(question).toContain(reworded.text.split(' ').slice(0, 4).join(' '));
    expect(question).not.toContain('Briefly.');
    tui.press('q');
    expect(await tui.waitForExit()).toBe(0);
  }, 240_000);
});

/** The candidate pane's text under the heading that starts with `title`, up to the next heading. */
function paneSection(screen: string, title: string): string {
  const lines = screen.split('\n');
  // The pane's left border is where its box starts on the top line ("┌─ Candidate ").
  const left = lines[0]!.indexOf('┌─ Candidate');
  const pane = lines.map((line) => line.slice(left + 1, line.lastIndexOf('│')).trimEnd());
  const start = pane.findIndex((line) => line.startsWith(`── ${title}`));
  if (start < 0) return '';
  const end = pane.findIndex((line, index) => index > start && line.startsWith('── '));
  return pane.slice(start + 1, end < 0 ? undefined : end).join(' ');
}

/** The candidate id in the candidate pane's heading. */
function candidateOn(screen: string): string {
  return /Candidate (\S+) +sample/.exec(screen)?.[1] ?? '';
}

/** The benchmark item named in the pane's match heading. */
function matchOn(screen: string): string {
  return /Benchmark match: repeats DEMO-BENCH item (\S+?)[:\s]/.exec(screen)?.[1] ?? '';
}
