import { describe, expect, it } from 'vitest';
import { SYMBOL_HELP } from '../help-symbols.js';
import { KEYMAP, helpLines } from '../keymap.js';
import { stringWidth } from '../text-width.js';
import { helpModalLines } from './help-lines.js';

const text = (lines: ReturnType<typeof helpModalLines>) => lines.map((line) => line.map((segment) => segment.text).join(''));

describe('the help view', () => {
  it.each([40, 78, 98])('fits a box %i columns wide and shows every explanation whole', (width) => {
    const shown = text(helpModalLines(width));
    for (const line of shown) expect(stringWidth(line), line).toBeLessThanOrEqual(width);
    const words = shown.join(' ').split(/\s+/u).join(' ');
    for (const entry of [...helpLines(KEYMAP).map((line) => line.help), ...SYMBOL_HELP.map((symbol) => symbol.meaning)])
      expect(words).toContain(entry.split(/\s+/u).join(' '));
  });
});
