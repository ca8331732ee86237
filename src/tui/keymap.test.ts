import { describe, expect, it } from 'vitest';
import { type Action, type KeyContext, KEYMAP, activeHints, bindingFor, helpLines, keymapMarkdown } from './keymap.js';
import { keyName } from './key-name.js';
import { PANES } from './view-model/review-model.js';

const context = (overrides: Partial<KeyContext> = {}): KeyContext => ({
  focus: 'candidates',
  hasMarks: false,
  hasChecks: true,
  hasGenerator: true,
  hasExporter: true,
  ...overrides,
});

describe('the keymap', () => {
  it('never binds one key to two actions in the same context', () => {
    for (const focus of PANES) {
      for (const hasMarks of [false, true]) {
        const seen = new Map<string, Action>();
        for (const binding of KEYMAP) {
          if (!(binding.when?.(context({ focus, hasMarks })) ?? true)) continue;
          for (const key of binding.keys) {
            expect(seen.get(key), `${key} in ${focus}`).toBeUndefined();
            seen.set(key, binding.action);
          }
        }
      }
    }
  });

  it('has the keys the issue asks for', () => {
    const expected: [string, Action][] = [
      ['j', 'down'],
      ['k', 'up'],
      ['down', 'down'],
      ['up', 'up'],
      ['g', 'top'],
      ['G', 'bottom'],
      ['pagedown', 'pageDown'],
      ['pageup', 'pageUp'],
      ['tab', 'nextPane'],
      ['S-tab', 'prevPane'],
      ['enter', 'open'],
      ['a', 'accept'],
      ['r', 'reject'],
      ['space', 'mark'],
      ['u', 'undo'],
      ['/', 'search'],
      ['n', 'searchNext'],
      ['N', 'searchPrev'],
      ['f', 'filter'],
      ['R', 'rerun'],
      ['T', 'thresholds'],
      ['?', 'help'],
      ['q', 'quit'],
      ['C-c', 'quit'],
      ['s', 'stats'],
      ['e', 'export'],
      ['c', 'generate'],
    ];
    for (const [key, action] of expected) expect(bindingFor(key, context())?.action, key).toBe(action);
    expect(bindingFor('A', context({ focus: 'tree' }))?.action).toBe('acceptPassing');
  });

  it('disables keys whose service is missing or whose pane is wrong', () => {
    expect(bindingFor('c', context({ hasGenerator: false }))).toBeUndefined();
    expect(bindingFor('R', context({ hasChecks: false }))).toBeUndefined();
    expect(bindingFor('d', context({ focus: 'questions' }))).toBeUndefined();
    expect(bindingFor('a', context({ focus: 'tree' }))).toBeUndefined();
    expect(bindingFor('a', context({ focus: 'tree', hasMarks: true }))?.action).toBe('accept');
  });

  it('generates the help and the hint bar from the same table', () => {
    const help = helpLines();
    expect(help).toHaveLength(KEYMAP.length);
    expect(help.find((line) => line.keys.includes('shift-tab'))?.help).toBe('previous pane');
    expect(activeHints(context())).toContain('a accept');
    expect(activeHints(context({ focus: 'tree' }))).toContain('A accept passing');
  });

  it('keeps help, stop, quit and the deciding keys on a bar of 80 or 100 columns, while generating', () => {
    const generating = context({ generating: true, hasGenerator: true, hasExporter: true, hasChecks: true });
    for (const width of [80, 100]) {
      const hints = activeHints(generating, width);
      expect((' ' + hints.join('  ')).length).toBeLessThanOrEqual(width);
      for (const essential of ['? help', 'S stop', 'q quit', 'a accept', 'r reject', '] next', 'u undo'])
        expect(hints).toContain(essential);
    }
    // With room, every hint is there.
    expect(activeHints(generating).length).toBeGreaterThan(activeHints(generating, 80).length);
    expect(keymapMarkdown()).toContain('| Review | `u` | undo the last action (several levels) |');
  });
});

describe('keyName', () => {
  it('names printable keys by their character and others by blessed name', () => {
    expect(keyName('A', { full: 'S-a', name: 'a' })).toBe('A');
    expect(keyName('?', { full: '?' })).toBe('?');
    expect(keyName(' ', { full: 'space', name: 'space' })).toBe('space');
    expect(keyName('\x03', { full: 'C-c', name: 'c', ctrl: true })).toBe('C-c');
    expect(keyName(undefined, { full: 'S-tab', name: 'tab' })).toBe('S-tab');
    expect(keyName('\r', { full: 'return', name: 'return' })).toBeNull();
    expect(keyName('\r', { full: 'enter', name: 'enter' })).toBe('enter');
  });
});

describe("the README's keys section", () => {
  it('lists exactly the keys of the keymap', async () => {
    const { readFile } = await import('node:fs/promises');
    const readme = await readFile(new URL('../../README.md', import.meta.url), 'utf8');
    expect(readme).toContain(keymapMarkdown());
  });
});
