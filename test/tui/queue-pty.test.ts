// The review queue in a real terminal: `]` walks every flagged candidate of a 10,000-candidate
// project across the tree, each decided with one key; a filter leaves only the tags with
// matches, with their counts; compare shows two candidates side by side; a flag's span is
// drawn highlighted (read back from the cells' colours in the xterm buffer).
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { newProjectConfig } from '../../src/core/project-config.js';
import type { Candidate, DecisionEntry } from '../../src/core/types.js';
import { buildCandidate } from '../../src/core/testing/candidate-builder.js';
import { loadVerdicts } from '../../src/checks/project/check-project.js';
import { ProjectStore } from '../../src/store/project-store.js';
import { seedProject } from '../../src/tui/testing/seed-project.js';
import { KEYS, PtySession } from './harness.js';

const CLI = resolve(import.meta.dirname, '..', '..', 'bin', 'distill.js');
let session: PtySession | null = null;

afterEach(() => {
  session?.kill();
  session = null;
});

function openReview(projectDir: string, cols = 140, rows = 40): PtySession {
  session = PtySession.spawn(process.execPath, [CLI, 'review', '--project', projectDir], { cols, rows });
  return session;
}

const WORDS = (
  'pace stride lactate glycogen taper interval tempo recovery cadence altitude hydration sodium ' +
  'protein sleep fatigue threshold oxygen heart rate zone split negative hill track road trail ' +
  'marathon sprint relay hurdle vault javelin discus rowing cycling swim stroke kick turn start ' +
  'finish coach plan week season peak base volume load strain injury tendon knee ankle hip core'
).split(' ');

/** Varied question texts, so that no rule sees near-duplicates. */
function questionText(tag: number, index: number): string {
  let seed = tag * 7919 + index * 104729 + 1;
  const words: string[] = [];
  for (let i = 0; i < 10; i++) {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    words.push(WORDS[seed % WORDS.length]!);
  }
  return `How does ${words.join(' ')} relate to training block ${tag}-${index}?`;
}

const HOT = 10;
const COLD = 15;
const QUESTIONS = 100;
const SAMPLES = 4;

interface BigProject {
  dir: string;
  /** Flagged candidate ids in tree order, as the checks flag them. */
  flagged: string[];
  tagIds: Map<string, string>;
}

/** 25 tags × 100 questions × 4 candidates; three truncated candidates in each "Hot" tag. */
async function bigProject(): Promise<BigProject> {
  const dir = join(await mkdtemp(join(tmpdir(), 'distill-queue-')), 'project');
  const store = await ProjectStore.create(dir, newProjectConfig({ topic: 'Track', language: 'en', baseUrl: 'offline' }));
  // Hot and cold tags interleaved, so that matches are spread over the tree.
  const order: string[] = [];
  for (let i = 0; i < COLD; i++) {
    if (i < HOT) order.push(`Hot ${String(i).padStart(2, '0')}`);
    order.push(`Cold ${String(i).padStart(2, '0')}`);
  }
  const tagIds = new Map<string, string>();
  for (const [index, name] of order.entries()) {
    const [tag] = await store.addTags(null, [name], 'generated');
    tagIds.set(name, tag!.id);
    const questions = await store.addQuestions(
      tag!.id,
      Array.from({ length: QUESTIONS }, (_, q) => ({ text: questionText(index, q) })),
      'generated',
    );
    const candidates: Candidate[] = [];
    for (const [q, question] of questions.entries()) {
      for (let sample = 0; sample < SAMPLES; sample++) {
        const truncated = name.startsWith('Hot') && sample === 1 && [5, 50, 95].includes(q);
        candidates.push(
          buildCandidate({
            question,
            sample,
            reasoning: `Start from what the question asks about block ${index}-${q}. The usual evidence points one way, and a coach would plan the week around it with care.`,
            answer: truncated ? 'It depends on the athlete, and on the' : `The answer is \\boxed{${q % 7}}.`,
            finishReason: truncated ? 'length' : 'stop',
            usage: { promptTokens: 30, completionTokens: 60 },
          }),
        );
      }
    }
    await store.appendCandidates(candidates);
  }
  const flagged: string[] = [];
  for (const name of order) {
    const verdicts = await loadVerdicts(store, tagIds.get(name)!);
    const questions = await store.questions(tagIds.get(name)!);
    for (const question of questions) {
      for (let sample = 0; sample < SAMPLES; sample++) {
        const id = `${question.id}-${sample}`;
        if ((verdicts.get(id)?.flags.length ?? 0) > 0) flagged.push(id);
      }
    }
  }
  await store.close();
  return { dir, flagged, tagIds };
}

async function decisionsOf(dir: string, tagId: string): Promise<DecisionEntry[]> {
  const text = await readFile(join(dir, 'data', 'decisions', `${tagId}.jsonl`), 'utf8').catch(() => '');
  return text
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as DecisionEntry);
}

/** The latest status of every decided candidate of the project, once `done` holds (writes land just after the screen). */
async function waitForStatuses(project: BigProject, done: (statuses: Map<string, DecisionEntry>) => boolean) {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const statuses = new Map<string, DecisionEntry>();
    for (const tagId of project.tagIds.values()) for (const entry of await decisionsOf(project.dir, tagId)) statuses.set(entry.id, entry);
    if (done(statuses)) return statuses;
    if (Date.now() > deadline) throw new Error(`decisions never settled: ${statuses.size} decided`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('the review queue in a terminal', () => {
  let project: BigProject;

  beforeAll(async () => {
    project = await bigProject();
    // Every truncated candidate is flagged, and nothing else is.
    expect(project.flagged).toHaveLength(HOT * 3);
  }, 120_000);

  it('goes from the first to the last flagged item of 10,000 candidates with ] alone, then decides each with one key', async () => {
    const tui = openReview(project.dir);
    await tui.waitForText('Hot 00');
    tui.press('f');
    await tui.waitForText('Filter (the whole tree');
    tui.press('f');
    await tui.waitForText('filter: flagged');

    // ] alone visits every flagged candidate in tree order, across tags.
    for (const id of project.flagged) {
      tui.press(']');
      await tui.waitForText(`Candidate ${id}`);
    }
    // Past the last one, it comes round to the first.
    tui.press(']');
    await tui.waitForText(`Candidate ${project.flagged[0]}`);
    await tui.waitForText('came round to the top');

    // Now decide each with one key: after `a` the cursor is on the next pending flagged item.
    // Every fifth is rejected instead, with the number key of its flag as reason.
    for (const [index, id] of project.flagged.entries()) {
      await tui.waitForText(`Candidate ${id}`);
      if (index % 5 === 4) {
        tui.press('r');
        await tui.waitForText('a number picks a reason');
        tui.press('1');
      } else {
        tui.press('a');
      }
      const next = project.flagged[index + 1];
      if (next) await tui.waitForText(`Candidate ${next}`);
    }
    const statuses = await waitForStatuses(project, (s) => project.flagged.every((id) => s.has(id)));
    for (const [index, id] of project.flagged.entries()) {
      expect(statuses.get(id)!.status).toBe(index % 5 === 4 ? 'rejected' : 'accepted');
      if (index % 5 === 4) expect(statuses.get(id)!.reason).toBe('truncated');
    }
    // Nothing but the flagged items was decided.
    expect(statuses.size).toBe(project.flagged.length);
    tui.press('q');
    expect(await tui.waitForExit()).toBe(0);
  }, 180_000);

  it('a filter across the tree shows only the tags with matches, with their counts', async () => {
    const tui = openReview(project.dir);
    await tui.waitForText('Cold 00');
    tui.press('f');
    await tui.waitForText('Filter (the whole tree');
    tui.press('f');
    await tui.waitForText('filter: flagged');
    // Every tag is read in the background; then the counts are exact.
    await tui.waitForText(`Tags ≡${HOT * 3} `, 60_000);
    await tui.waitForNoText('(reading');
    const screen = tui.screenText();
    expect(screen).not.toContain('Cold ');
    // The tree pane shows as many tag rows as fit; each says its three matches.
    const hotRows = tui.screenLines().filter((line) => /│ {2}Hot \d\d/.test(line));
    expect(hotRows.length).toBeGreaterThanOrEqual(8);
    for (const row of hotRows) expect(row).toMatch(/≡3 /);
    tui.press('f');
    await tui.waitForText('Filter (the whole tree');
    tui.press('a');
    await tui.waitForText('Cold 00');
    tui.press('q');
    expect(await tui.waitForExit()).toBe(0);
  }, 120_000);
});

describe('compare and flag spans in a terminal', () => {
  it("highlights each flag's span and the final answer, and compares two candidates side by side", async () => {
    const repeated = 'First I add the numbers. ' + 'Wait, let me check that again. '.repeat(40) + 'So the total is 5.';
    const mixed = 'I add two and three, which is still真 real simple, so the total is five and I am sure of it.';
    const steady = 'Two plus three is five: counting up from two by three steps gives five, and that is the sum asked for here.';
    const { dir, store } = await seedProject('Math', [
      {
        name: 'Sums',
        questions: [
          {
            text: 'What is 2+3?',
            candidates: [
              { reasoning: repeated, answer: 'The answer is \\boxed{5}.' },
              { reasoning: mixed, answer: 'The answer is \\boxed{6}.' },
              { reasoning: steady, answer: 'The answer is \\boxed{5}.' },
            ],
          },
        ],
      },
    ]);
    await store.close();
    const tui = openReview(dir);
    await tui.waitForText('What is 2+3?');
    tui.press(KEYS.tab, KEYS.tab);
    await tui.waitForText('⚑ repetition');
    // The repeated sentence is drawn on yellow, in the flag's excerpt and in the reasoning.
    const YELLOW = 3;
    const CYAN = 6;
    await tui.waitFor(
      () => tui.textOnBackground(YELLOW).some((text) => text.includes('Wait, let me check that again.')),
      'the repeated run highlighted',
    );
    // The extracted final answer on cyan, beside nothing else (no reference).
    await tui.waitFor(() => tui.textOnBackground(CYAN).some((text) => text.includes('5')), 'the final answer highlighted');
    expect(tui.screenText()).toContain('final answer');

    tui.press('j');
    await tui.waitForText('⚑ mixed_language');
    await tui.waitFor(() => tui.textOnBackground(YELLOW).some((text) => text.includes('真')), 'the leaked word highlighted');

    // Compare: C pins #1 and moves to #2, both side by side.
    tui.press('C');
    await tui.waitForText('Compare #1 and #2');
    await tui.waitForText('the final answers differ');
    expect(tui.screenText()).toContain('#1 (pinned)');
    const gutterRows = tui.screenLines().filter((line) => line.includes(' │ '));
    expect(gutterRows.some((line) => line.includes('still') && line.includes('Two plus three'))).toBe(true);
    // Esc ends it; the help lists the new keys.
    tui.press(KEYS.escape);
    await tui.waitForNoText('Compare #1 and #2');
    tui.press('?');
    await tui.waitForText('next item of the filter anywhere in the tree');
    await tui.waitForText('compare: pin this candidate');
    await tui.waitForText('scroll the detail down (from any pane)');
    tui.press(KEYS.escape);
    await tui.waitForNoText('Keys (esc closes)');
    tui.press('q');
    expect(await tui.waitForExit()).toBe(0);
  }, 60_000);
});
