import { PassThrough, Writable } from 'node:stream';
import blessed from 'blessed';
import { afterEach, describe, expect, it } from 'vitest';
import { VirtualList } from './virtual-list.js';

class NullTerminal extends Writable {
  readonly columns = 60;
  readonly rows = 20;
  readonly isTTY = true;
  override _write(_chunk: unknown, _encoding: BufferEncoding, callback: () => void): void {
    callback();
  }
}

let screen: blessed.Widgets.Screen | null = null;

function testScreen(): blessed.Widgets.Screen {
  return blessed.screen({
    input: new PassThrough(),
    output: new NullTerminal(),
    fullUnicode: true,
    warnings: false,
  } as unknown as blessed.Widgets.IScreenOptions);
}

afterEach(() => {
  screen?.destroy();
  screen = null;
});

function screenText(s: blessed.Widgets.Screen): string[] {
  return (s as unknown as { lines: [number, string][][] }).lines.map((line) => line.map((cell) => cell[1]).join(''));
}

describe('VirtualList', () => {
  it('formats only the rows in view, however long the list', () => {
    screen = testScreen();
    const list = new VirtualList(screen, { top: 0, left: 0, width: 40, height: 12 });
    const asked: number[] = [];
    list.setSource({ count: 100_000, selected: 0, rowAt: (i) => (asked.push(i), [{ text: `row ${i}` }]) });
    screen.render();
    expect(asked).toEqual([...Array(10).keys()]);
  });

  it('scrolls so that the selected row is shown, and shows the last rows at the end', () => {
    screen = testScreen();
    const list = new VirtualList(screen, { top: 0, left: 0, width: 40, height: 12 });
    list.setSource({ count: 100_000, selected: 99_999, rowAt: (i) => [{ text: `row ${i}` }] });
    screen.render();
    const text = screenText(screen);
    expect(text[10]).toContain('row 99999');
    expect(text[1]).toContain('row 99990');
  });

  it('shows the empty text when there is nothing to list', () => {
    screen = testScreen();
    const list = new VirtualList(screen, { top: 0, left: 0, width: 40, height: 6 });
    list.setSource({ count: 0, selected: -1, rowAt: () => [], emptyText: 'no questions yet' });
    screen.render();
    expect(screenText(screen)[1]).toContain('no questions yet');
  });
});
