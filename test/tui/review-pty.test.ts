// The review TUI end to end: the compiled `distill review` in a pseudo-terminal, keys in,
// screen lines out, decisions read back from data/decisions/*.jsonl.
import { readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { DecisionEntry } from '../../src/core/types.js';
import { buildCandidate } from '../../src/core/testing/candidate-builder.js';
import { loadVerdicts } from '../../src/checks/project/check-project.js';
import { RULE_IDS } from '../../src/checks/rules/rule-ids.js';
import { ProjectStore } from '../../src/store/project-store.js';
import { seedProject } from '../../src/tui/testing/seed-project.js';
import { copyOfDemoProject } from '../support/demo-project.js';
import { KEYS, PtySession } from './harness.js';

const CLI = resolve(import.meta.dirname, '..', '..', 'bin', 'distill.js');
let session: PtySession | null = null;

afterEach(() => {
  session?.kill();
  session = null;
});

function openReview(projectDir: string, cols = 100, rows = 30): PtySession {
  session = PtySession.spawn(process.execPath, [CLI, 'review', '--project', projectDir], { cols, rows });
  return session;
}

function demoProject(): Promise<string> {
  return copyOfDemoProject('distill-tui-demo-');
}

async function decisionsOnDisk(projectDir: string, tagId: string): Promise<DecisionEntry[]> {
  const text = await readFile(join(projectDir, 'data', 'decisions', `${tagId}.jsonl`), 'utf8').catch(() => '');
  return text
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as DecisionEntry);
}

/** The decisions file as it is now, once `predicate` holds (the write lands just after the screen updates). */
async function waitForDecisions(
  projectDir: string,
  tagId: string,
  predicate: (entries: DecisionEntry[]) => boolean,
): Promise<DecisionEntry[]> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const entries = await decisionsOnDisk(projectDir, tagId);
    if (predicate(entries)) return entries;
    if (Date.now() > deadline) throw new Error(`decisions of ${tagId} never matched; they are ${JSON.stringify(entries)}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

function latest(entries: DecisionEntry[]): Map<string, DecisionEntry> {
  return new Map(entries.map((entry) => [entry.id, entry]));
}

describe('distill review in a terminal', () => {
  it('reviews the demo project from the keyboard: move, accept, reject, undo, mark, search, filter, help, generate, quit', async () => {
    const dir = await demoProject();
    const store = await ProjectStore.open(dir);
    const leaf = store.tags().find((tag) => store.isLeaf(tag.id))!;
    await store.close();
    const tui = openReview(dir);
    await tui.waitForText('Sports science');
    await tui.waitForText(leaf.name);

    // A small tree opens expanded, on its first leaf, with its questions.
    await tui.waitFor(() => tui.highlighted().some((line) => line.startsWith(leaf.name)), 'the first leaf selected');
    await tui.waitForText('Questions 3');

    // Into the candidates of the first question; accept the first one.
    tui.press(KEYS.tab, KEYS.tab);
    await tui.waitForText('Candidate ');
    tui.press('a');
    await tui.waitForText('1 accepted');
    let onDisk = await waitForDecisions(dir, leaf.id, (e) => e.length === 1);
    const firstId = onDisk[0]!.id;
    expect(onDisk[0]!.status).toBe('accepted');

    // Reject the second with a typed reason.
    tui.press('j', 'r');
    await tui.waitForText('Reason');
    tui.press(KEYS.ctrlU);
    tui.type('too vague');
    await tui.waitForText('too vague');
    tui.press(KEYS.enter);
    await tui.waitForText('1 rejected');
    onDisk = await waitForDecisions(dir, leaf.id, (e) => e.length === 2);
    expect(onDisk[1]).toMatchObject({ status: 'rejected', reason: 'too vague' });

    // Undo the reject: back to pending, on disk too.
    tui.press('u');
    await tui.waitForText('0 rejected');
    onDisk = await waitForDecisions(dir, leaf.id, (e) => e.length === 3);
    expect(latest(onDisk).get(onDisk[1]!.id)!.status).toBe('pending');

    // Mark the last two candidates and accept them in one go.
    tui.press('G', 'k', ' ', ' ');
    await tui.waitForText('2 marked');
    tui.press('a');
    await tui.waitForText('3 accepted');
    await tui.waitForText('(marked)');
    onDisk = await waitForDecisions(dir, leaf.id, (e) => [...latest(e).values()].filter((d) => d.status === 'accepted').length === 3);
    expect(latest(onDisk).get(firstId)!.status).toBe('accepted');

    // Search the questions pane.
    tui.press(KEYS.shiftTab, '/');
    await tui.waitForText('Find');
    const store2 = await ProjectStore.open(dir);
    const lastQuestion = (await store2.questions(leaf.id))[2]!;
    await store2.close();
    const word = lastQuestion.text.split(/[^\p{L}]+/u).find((w) => w.length > 6)!;
    tui.type(word);
    tui.press(KEYS.enter);
    await tui.waitFor(
      () => tui.highlighted().some((line) => line.includes(lastQuestion.text.slice(0, 12))),
      `the question with "${word}" selected`,
    );

    // Filter to pending candidates.
    tui.press('f');
    await tui.waitForText('Filter (the whole tree');
    tui.press('u');
    await tui.waitForText('filter: pending');

    // Help lists the keys, escape closes it.
    tui.press('?');
    await tui.waitForText('Keys (esc closes)');
    await tui.waitForText('accept every passing preferred candidate');
    tui.press(KEYS.escape);
    await tui.waitForNoText('Keys (esc closes)');

    // Back to all; generate a fifth candidate for the selected question.
    tui.press('f');
    await tui.waitForText('Filter');
    tui.press('a');
    await tui.waitForText('filter: all');
    tui.press('c');
    await tui.waitForText('candidates of the selected question');
    tui.press('c');
    await tui.waitForText('Candidates per question');
    tui.press(KEYS.ctrlU);
    tui.type('5');
    tui.press(KEYS.enter);
    await tui.waitForText('Generating candidates');
    await tui.waitForText('Candidates 5', 20_000);

    // The stats view, then an export of the three accepted candidates.
    tui.press('s');
    await tui.waitForText('Decisions per tag');
    await tui.waitForText('109 candidates');
    tui.press(KEYS.escape);
    await tui.waitForNoText('Decisions per tag');
    tui.press('e');
    await tui.waitForText('Export accepted candidates');
    tui.press(KEYS.enter);
    await tui.waitForText('exported 3 records to export/sharegpt.jsonl');
    const exported = (await readFile(join(dir, 'export', 'sharegpt.jsonl'), 'utf8')).trim().split('\n');
    expect(exported).toHaveLength(3);

    tui.press('q');
    expect(await tui.waitForExit()).toBe(0);
    const finalDecisions = latest(await decisionsOnDisk(dir, leaf.id));
    expect([...finalDecisions.values()].filter((d) => d.status === 'accepted')).toHaveLength(3);
  });

  it('shows the checks: flags, filter by flag, accept every passing candidate under a tag, re-run, thresholds', async () => {
    const dir = await demoProject();
    const store = await ProjectStore.open(dir);
    const leaf = store.tags().find((tag) => store.isLeaf(tag.id))!;
    const verdicts = await loadVerdicts(store, leaf.id);
    await store.close();
    const preferred = [...verdicts].filter(([, v]) => v.preferred && v.verdict === 'pass').map(([id]) => id);
    const [flaggedId, flagged] = [...verdicts].find(([, v]) => v.flags.length > 0)!;
    const rule = flagged.flags[0]!.rule;
    expect(preferred.length).toBeGreaterThan(0);

    const tui = openReview(dir);
    await tui.waitForText(leaf.name);
    await tui.waitFor(
      () => tui.highlighted().some((line) => line.startsWith(leaf.name) && line.includes('⚑')),
      'the leaf with its flag count',
    );

    tui.press('A');
    await tui.waitForText(`accepted ${preferred.length} passing candidates under ${leaf.name}`);
    let onDisk = latest(await waitForDecisions(dir, leaf.id, (e) => e.length === preferred.length));
    expect([...onDisk.keys()].sort()).toEqual([...preferred].sort());
    tui.press('u');
    await tui.waitForText('undone: accepted');
    onDisk = latest(await waitForDecisions(dir, leaf.id, (e) => e.length === preferred.length * 2));
    expect([...onDisk.values()].every((d) => d.status === 'pending')).toBe(true);

    // Filter by the flag of a flagged candidate: its question and that candidate are listed.
    tui.press('f');
    await tui.waitForText(`flag: ${rule}`);
    tui.press(...Array.from({ length: 6 + RULE_IDS.indexOf(rule) }, () => 'j'), KEYS.enter);
    await tui.waitForText(`filter: flag: ${rule}`);
    const flaggedQuestion = flaggedId.slice(0, flaggedId.lastIndexOf('-'));
    tui.press(KEYS.tab);
    const questionsOnScreen = await (async () => {
      const reopened = await ProjectStore.open(dir);
      const qs = await reopened.questions(leaf.id);
      await reopened.close();
      return qs;
    })();
    const text = questionsOnScreen.find((q) => q.id === flaggedQuestion)!.text;
    // Several questions may carry the flag (which ones depends on the order the demo's answers came
    // back in): walk down to the flagged candidate's question as a user would.
    await tui.waitFor(() => tui.highlighted().some((line) => line.startsWith('· ')), 'the questions pane focused');
    const onFlaggedQuestion = () => tui.highlighted().some((line) => line.includes(text.slice(0, 10)));
    for (let step = 0; step < 10 && !onFlaggedQuestion(); step++) {
      const before = tui.highlighted().join('\n');
      tui.press('j');
      await tui.waitFor(() => tui.highlighted().join('\n') !== before || onFlaggedQuestion(), 'the questions cursor moves on j');
    }
    await tui.waitFor(onFlaggedQuestion, 'the flagged question');
    tui.press(KEYS.tab);
    await tui.waitForText(`⚑ ${rule}:`);

    tui.press('R');
    await tui.waitForText('rules re-run:');
    tui.press('T');
    await tui.waitForText('Rule thresholds');
    tui.press(KEYS.escape);
    await tui.waitForNoText('Rule thresholds');
    tui.press('q');
    expect(await tui.waitForExit()).toBe(0);
  });

  it('adds, renames and deletes tags by hand, undoes the delete, and shows an unreachable teacher as a message', async () => {
    const project = await seedProject('Sports science', [{ name: 'Strength' }], 'en', { baseUrl: 'http://127.0.0.1:9/v1' });
    await project.store.close();
    // No retries, so the unreachable teacher is reported at once.
    const configFile = join(project.dir, 'distill.json');
    await writeFile(configFile, JSON.stringify({ ...JSON.parse(await readFile(configFile, 'utf8')), maxRetries: 0 }, null, 2));
    const tui = openReview(project.dir);
    await tui.waitForText('Strength');
    tui.press('i');
    await tui.waitForText('Add a tag');
    tui.type('Squat 深蹲');
    tui.press(KEYS.enter);
    await tui.waitFor(() => tui.highlighted().some((line) => line.startsWith('Squat 深蹲')), 'the new tag selected');
    tui.press('E');
    await tui.waitForText('Rename tag');
    tui.press(KEYS.ctrlU);
    tui.type('Back squat');
    tui.press(KEYS.enter);
    await tui.waitFor(() => tui.highlighted().some((line) => line.startsWith('Back squat')), 'the renamed tag');
    tui.press('d');
    await tui.waitForText('Delete "Back squat"');
    tui.press('y');
    await tui.waitForNoText('Back squat');
    tui.press('u');
    await tui.waitForText('undone: deleted tag Back squat');
    const reopened = await ProjectStore.open(project.dir);
    expect(reopened.tags().map((tag) => tag.name)).toEqual(['Strength', 'Back squat']);
    await reopened.close();

    // Generating against a teacher that cannot be reached: a one-line message, and the screen goes on working.
    tui.press('c');
    await tui.waitForText('Generate');
    tui.press('t');
    await tui.waitForText('How many');
    tui.press(KEYS.enter);
    await tui.waitForText('cannot reach the teacher at http://127.0.0.1:9/v1');
    tui.press('j');
    await tui.waitFor(() => tui.highlighted().some((line) => line.startsWith('Back squat')), 'the screen still responding');
    tui.press('q');
    expect(await tui.waitForExit()).toBe(0);
  });

  it('shows Chinese text in the right columns and escape sequences and {tags} literally, and survives resizes', async () => {
    const evil = 'Title \x1b]0;pwned\x07 then {bold}not bold{/bold} and \x1b[31mred\x1b[0m \x1b]52;c;ZXZpbA==\x07 end';
    const project = await seedProject(
      '中医药学',
      [
        {
          name: '阴阳五行',
          questions: [
            {
              text: '什么是气血？请简要说明气与血的关系。',
              candidates: [
                {
                  reasoning: '气为血之帅，血为气之母。气能生血、行血、摄血。',
                  answer: '气血是中医理论中的基本概念：气推动血的运行，血濡养全身并承载气。',
                },
              ],
            },
            { text: 'Evil escapes', candidates: [{ answer: evil, reasoning: '{red-fg}x{/red-fg}' }] },
          ],
        },
      ],
      'zh',
    );
    await project.store.close();
    const tui = openReview(project.dir, 100, 30);
    await tui.waitForText('阴阳五行');
    await tui.waitForText('什么是气血');
    tui.press(KEYS.tab, KEYS.tab);
    await tui.waitForText('气血是中医理论');

    // Every line with wide characters keeps its right border in the last column.
    const lines = tui.screenLines();
    const row = lines.findIndex((line) => line.includes('气血是中医理论'));
    expect(tui.cell(row, 0).chars).toBe('│');
    expect(tui.cell(row, 99).chars).toBe('│');
    const col = [...Array(100).keys()].find((x) => tui.cell(row, x).chars === '气')!;
    expect(tui.cell(row, col).width).toBe(2);
    expect(tui.cell(row, col + 1).width).toBe(0);

    // The candidate with escape sequences: shown, neutralised, no title change, no markup.
    tui.press(KEYS.shiftTab, 'j', KEYS.tab);
    await tui.waitForText('{bold}not bold{/bold}');
    await tui.waitForText('␛]0;pwned␇');
    expect(tui.titles.filter((title) => title.includes('pwned'))).toEqual([]);
    expect(tui.rawOutput).not.toContain('\x1b]0;pwned');
    expect(tui.rawOutput).not.toContain('\x1b]52;');
    expect(tui.screenText()).toContain('{red-fg}x{/red-fg}');

    // Resize smaller and larger: the layout follows the terminal.
    tui.resize(80, 24);
    await tui.waitFor(() => tui.screenLines()[22]!.includes('distill') && tui.cell(0, 79).chars === '┐', 'the 80×24 layout');
    tui.resize(120, 40);
    await tui.waitFor(() => tui.screenLines()[38]!.includes('distill') && tui.cell(0, 119).chars === '┐', 'the 120×40 layout');

    tui.press(KEYS.ctrlC);
    expect(await tui.waitForExit()).toBe(0);
    // The terminal is given back: normal screen buffer and a visible cursor.
    const tail = tui.rawOutput.slice(-200);
    expect(tail).toContain('\x1b[?1049l');
    expect(tail).toContain('\x1b[?25h');
  });

  it('shows candidates and decisions written by another process without restarting', async () => {
    const project = await seedProject('Sports science', [
      { name: 'Marathon', questions: [{ text: 'Why taper?', candidates: [{ answer: 'To arrive rested.' }] }] },
    ]);
    const tagId = project.tags.get('Marathon')!;
    const tui = openReview(project.dir);
    await tui.waitForText('Why taper?');
    tui.press(KEYS.tab, KEYS.tab);
    await tui.waitForText('Candidates 1');

    const question = (await project.store.questions(tagId))[0]!;
    await project.store.appendCandidates([
      buildCandidate({ question, sample: 1, reasoning: '', answer: 'Glycogen and freshness.', model: 'other-process' }),
    ]);
    await tui.waitForText('Candidates 2');
    await project.store.decide([{ id: `${question.id}-1`, status: 'accepted' }]);
    await tui.waitForText('1 accepted');
    await project.store.close();

    // A SIGTERM (a closed SSH session, a kill) quits cleanly and gives the terminal back.
    tui.signal('SIGTERM');
    expect(await tui.waitForExit()).toBe(0);
    expect(tui.rawOutput.slice(-200)).toContain('\x1b[?1049l');
  });

  it('reports a corrupt data file by name as a message instead of crashing', async () => {
    const project = await seedProject('Sports science', [
      { name: 'Marathon', questions: [{ text: 'Why taper?', candidates: [{ answer: 'To arrive rested.' }, { answer: 'Glycogen.' }] }] },
      { name: 'Cycling', questions: [{ text: 'What is FTP?', candidates: [{ answer: 'Functional threshold power.' }] }] },
    ]);
    await project.store.close();
    const shard = join(project.dir, 'data', 'candidates', `${project.tags.get('Cycling')}.jsonl`);
    const lines = (await readFile(shard, 'utf8')).split('\n');
    await writeFile(shard, ['{"id": broken', ...lines].join('\n'));
    const tui = openReview(project.dir);
    await tui.waitForText('Why taper?');
    tui.press('j');
    await tui.waitForText(`${project.tags.get('Cycling')}.jsonl`);
    tui.press('k');
    await tui.waitForText('Why taper?');
    tui.press('q');
    expect(await tui.waitForExit()).toBe(0);
  });
});
