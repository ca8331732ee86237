// The stats view's judge rows at 80×24: what the LLM judge said (judged, mean score, verdicts) and
// how often it agrees with the reviewers (rate and Cohen's κ), the numbers `stats --json` gives,
// above the four charts, which keep their whole titles; and the filter menu, judge rules and all,
// in view at 24 rows.
import { afterEach, describe, expect, it } from 'vitest';
import { judgeAgreement } from '../../src/app/judge-agreement.js';
import { readJudgements } from '../../src/store/judgement-store.js';
import { ProjectStore } from '../../src/store/project-store.js';
import { runMain } from '../support/run-main.js';
import type { PtySession } from './harness.js';
import { demoProject, openReview } from './safety-fixtures.js';

let tui: PtySession | null = null;
afterEach(() => {
  tui?.kill();
  tui = null;
});

describe('the stats view shows the judge', () => {
  it('prints the judge figures and its agreement with the reviewers, readable at 80×24', async () => {
    const dir = await demoProject();
    const judged = await runMain(['judge', '--project', dir]);
    expect(judged.code, judged.stderr).toBe(0);
    // The reviewers accept what the judge scores well and reject the rest, except for two of each.
    const store = await ProjectStore.open(dir);
    let expected;
    try {
      const decisions: { id: string; status: 'accepted' | 'rejected' }[] = [];
      let flipped = 0;
      for (const tag of store.tags()) {
        for (const judgement of (await readJudgements(dir, tag.id)).values()) {
          const keeps = judgement.score >= 6 && judgement.verdict !== 'incorrect';
          const flip = flipped++ < 2;
          decisions.push({ id: judgement.id, status: keeps !== flip ? 'accepted' : 'rejected' });
        }
      }
      await store.decide(decisions);
      expected = (await judgeAgreement(store))!;
    } finally {
      await store.close();
    }
    expect(expected.decided).toBeGreaterThan(4);

    tui = openReview(dir, { cols: 80, rows: 24 });
    await tui.waitForText('Sports science');
    tui.press('s');
    await tui.waitForText(' Judge ', 30_000);
    const lines = tui.screenLines().map((line) => line.trimEnd());
    const screen = lines.join('\n');
    const { verdicts } = expected;
    const judgeRow = lines.find((line) => line.startsWith(' Judge '))!;
    expect(judgeRow).toBe(
      ` Judge ${expected.judged} judged · mean score ${expected.meanScore!.toFixed(1)} · ${verdicts.correct} correct · ` +
        `${verdicts.incorrect} incorrect · ${verdicts.cannot_tell} cannot tell`,
    );
    const agreed = expected.table.keptAccepted + expected.table.droppedRejected;
    const kappa = expected.kappa === null ? 'κ n/a' : `κ ${expected.kappa.toFixed(2)}`;
    const reviewRow = lines.find((line) => line.startsWith(' Reviewers '))!;
    expect(reviewRow).toContain(`agree ${agreed}/${expected.decided} (${Math.round(expected.rate! * 100)}%, ${kappa})`);
    expect(reviewRow.length).toBeLessThanOrEqual(80);
    // The charts are still all there with whole titles, below the judge rows.
    for (const title of ['Decisions per tag', 'Flags', 'Reasoning length (chars)', 'Languages']) expect(screen).toContain(`─ ${title} ─`);
    expect(lines.findIndex((line) => line.startsWith('┌'))).toBeGreaterThan(lines.indexOf(reviewRow));
    tui.press('s');
    await tui.waitForNoText(' Judge ');
    // At 24 rows the filter menu (every rule, the judge's two included) is in columns, all in view.
    tui.press('f');
    await tui.waitForText('Filter (the whole tree');
    for (const entry of ['a  all', 'flag: format', 'flag: judge_incorrect', 'teacher: default', 'difficulty: hard']) {
      await tui.waitForText(entry);
    }
    await tui.waitForText('h/l across');
    tui.press('q');
    await tui.waitForNoText('Filter (the whole tree');
    tui.press('q');
    expect(await tui.waitForExit()).toBe(0);
  }, 240_000);
});
