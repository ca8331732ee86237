import { describe, expect, it } from 'vitest';
import { emptyStageCounts, type RunSummary } from '../../pipeline/events.js';
import { formatEventLine, formatSummary } from '../../pipeline/format-event.js';
import { lineText } from './styled-text.js';
import { ProgressState } from './progress-state.js';

describe('ProgressState', () => {
  it('says what the CLI says about a failure, a cut-off answer and the end of the run', () => {
    const state = new ProgressState('Generating candidates');
    state.apply({ kind: 'planned', stage: 'answers', count: 4 });
    state.apply({ kind: 'started', stage: 'answers', target: 'tabc123-0-0', label: 'Why taper?\n#0' });
    expect(lineText(state.line())).toBe('answers: Why taper? ⏎ #0');

    const failed = {
      kind: 'failed',
      stage: 'answers',
      target: 'tabc123-0-1',
      label: 'Why taper? #1',
      reason: 'the teacher answered with 500',
    } as const;
    state.apply(failed);
    expect(lineText(state.line())).toContain(formatEventLine(failed)!);
    const cut = {
      kind: 'done',
      stage: 'answers',
      target: 'tabc123-0-2',
      label: 'x',
      items: 1,
      tokens: 9,
      latencyMs: 1,
      truncated: true,
    } as const;
    state.apply(cut);
    expect(lineText(state.line())).toContain(formatEventLine(cut)!);
    expect(state.stageLabel('answers')).toBe('answers 1/4, 1 failed');

    const stages = emptyStageCounts();
    stages.answers = { planned: 4, skipped: 0, done: 3, failed: 1 };
    const summary: RunSummary = { stages, tokens: 1234, elapsedMs: 2500, aborted: false, cost: null };
    state.apply({ kind: 'finished', summary });
    expect(lineText(state.line())).toBe(`${formatSummary(summary)} Press c to generate again and retry them.`);
  });
});
