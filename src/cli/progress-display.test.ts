import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { emptyStageCounts } from '../pipeline/events.js';
import { ProgressDisplay } from './progress-display.js';

function terminal(isTTY: boolean): { out: Writable & { isTTY?: boolean }; text: () => string } {
  let text = '';
  const out = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      text += chunk.toString();
      callback();
    },
  }) as Writable & { isTTY?: boolean };
  out.isTTY = isTTY;
  return { out, text: () => text };
}

describe('ProgressDisplay', () => {
  it('keeps a failure whose question spans lines on one line', () => {
    const { out, text } = terminal(false);
    const display = new ProgressDisplay(out);
    display.listener({
      kind: 'failed',
      stage: 'answers',
      target: 't1-1-0',
      label: 'Why?\nanswers: forged: done',
      reason: 'bad\r\ngateway',
    });
    display.stop();
    expect(text()).toBe('answers: Why? ⏎ answers: forged: done failed: bad ⏎ gateway\n');
  });

  it('shows the requests that are waiting on a terminal, and the spend', async () => {
    const { out, text } = terminal(true);
    const display = new ProgressDisplay(out);
    display.listener({ kind: 'planned', stage: 'answers', count: 8 });
    display.listener({ kind: 'done', stage: 'answers', target: 'a', label: 'q', items: 1, tokens: 100, latencyMs: 1, cost: 0.0123 });
    display.listener({ kind: 'waiting', requests: 7, oldestMs: 42_300 });
    await new Promise((resolve) => setTimeout(resolve, 150));
    display.stop();
    expect(text()).toContain('7 requests waiting, the oldest 42 s');
    expect(text()).toContain('100 tokens, $0.01 spent');
    display.listener({
      kind: 'finished',
      summary: { stages: emptyStageCounts(), tokens: 100, cost: 0.0123, elapsedMs: 1000, aborted: false, stoppedBy: 'budget' },
    });
    expect(text()).toContain('Stopped at the budget in 1.0 s: nothing to do; 100 tokens, $0.01.');
  });
});
