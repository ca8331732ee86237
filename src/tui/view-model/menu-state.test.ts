import { describe, expect, it } from 'vitest';
import { MenuState } from './menu-state.js';
import { lineText } from './styled-text.js';

const items = (n: number) => Array.from({ length: n }, (_, i) => ({ label: `entry number ${i}`, value: i }));
const texts = (menu: MenuState<number>, width?: number, rows?: number) => menu.render(width, rows).map(lineText);

describe('a menu taller than the screen', () => {
  it('stays one column when it fits', () => {
    const menu = new MenuState('Pick', items(5));
    expect(menu.columnsFor(22)).toBe(1);
    expect(texts(menu, 70, 22)).toHaveLength(7);
    expect(texts(menu, 70, 22).at(-1)).toBe('enter pick · esc cancel');
  });

  it('lays 38 entries out in two columns at 21 rows, every entry in view', () => {
    const menu = new MenuState('Pick', items(38));
    expect(menu.columnsFor(21)).toBe(2);
    const lines = texts(menu, 76, 21);
    expect(lines.length).toBeLessThanOrEqual(21);
    const screen = lines.join('\n');
    for (let i = 0; i < 38; i++) expect(screen).toContain(`entry number ${i} `.trimEnd());
    // Filled top to bottom: the second column starts with entry 19.
    expect(lines[0]).toMatch(/entry number 0 +entry number 19/);
    expect(lines.at(-1)).toContain('h/l across');
  });

  it('walks in order with j/k and across columns with h/l', () => {
    const menu = new MenuState('Pick', items(38));
    menu.render(76, 21);
    menu.handleKey('l');
    expect(menu.index).toBe(19);
    expect(menu.cursorLine()).toBe(0);
    menu.handleKey('l');
    expect(menu.index).toBe(37);
    menu.handleKey('h');
    expect(menu.index).toBe(18);
    menu.handleKey('j');
    expect(menu.index).toBe(19);
    expect(menu.handleKey('enter')).toEqual({ done: true, value: 19 });
  });

  it('never makes more columns than the width holds (the rest scrolls to the cursor)', () => {
    const menu = new MenuState('Pick', items(40));
    const lines = texts(menu, 50, 12);
    expect(lines[0]).toMatch(/entry number 0 +entry number 20/);
    menu.handleKey('G');
    menu.render(50, 12);
    expect(menu.cursorLine()).toBe(19);
  });

  it('cuts long labels to the column with an ellipsis', () => {
    const menu = new MenuState('Pick', [
      ...items(30),
      { label: 'flag: minority_answer (disagrees with the majority of its siblings)', value: 99 },
    ]);
    const lines = texts(menu, 60, 12);
    expect(lines.some((line) => line.includes('…'))).toBe(true);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(60);
  });
});
