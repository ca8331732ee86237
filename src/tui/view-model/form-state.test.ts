import { describe, expect, it } from 'vitest';
import { FormState } from './form-state.js';
import { MenuState } from './menu-state.js';
import { lineText } from './styled-text.js';

function countsForm() {
  return new FormState('Generate questions', [
    { kind: 'number', key: 'count', label: 'Questions', value: '10', min: 1, max: 500, integer: true },
    { kind: 'choice', key: 'reasoning', label: 'Reasoning', value: 'think', choices: ['think', 'field', 'none'] },
    { kind: 'text', key: 'out', label: 'File', value: '' },
  ]);
}

describe('FormState', () => {
  it('edits a number, refuses an out-of-range value with a message, and submits a valid one', () => {
    const form = countsForm();
    form.handleKey('backspace', null);
    form.handleKey('backspace', null);
    form.handleKey(null, '0');
    expect(form.handleKey('enter', null)).toBeNull();
    expect(form.error).toContain('from 1 to 500');
    form.handleKey('backspace', null);
    form.handleKey(null, '25');
    expect(form.handleKey('enter', null)).toBe('submit');
    expect(form.values().count).toBe(25);
  });

  it('cycles a choice with arrows and moves between fields with tab', () => {
    const form = countsForm();
    form.handleKey('tab', null);
    form.handleKey('right', null);
    expect(form.values().reasoning).toBe('field');
    form.handleKey('left', null);
    form.handleKey('left', null);
    expect(form.values().reasoning).toBe('none');
  });

  it('types Chinese text, drops pasted control characters, and cancels on escape', () => {
    const form = countsForm();
    form.focus = 2;
    form.cursor = 0;
    form.handleKey(null, '马拉松\x1b]0;x\x07');
    expect(form.values().out).toBe('马拉松]0;x');
    form.handleKey('backspace', null);
    expect(form.values().out).toBe('马拉松]0;');
    expect(form.handleKey('escape', null)).toBe('cancel');
  });

  it('renders each field with its label and the focused value', () => {
    const text = countsForm().render(50).map(lineText).join('\n');
    expect(text).toContain('Questions');
    expect(text).toContain('10');
    expect(text).toContain('[think]');
  });
});

describe('MenuState', () => {
  it('picks by hotkey or by moving and pressing enter, and skips disabled items', () => {
    const menu = new MenuState('Generate', [
      { label: 'sub-tags', value: 'tags', hotkey: 't' },
      { label: 'questions', value: 'questions', hotkey: 'q', disabledReason: 'select a leaf tag' },
      { label: 'auto run', value: 'auto', hotkey: 'a' },
    ]);
    expect(menu.handleKey('q')).toEqual({ done: false });
    menu.handleKey('down');
    expect(menu.handleKey('enter')).toEqual({ done: true, value: 'auto' });
    expect(menu.handleKey('t')).toEqual({ done: true, value: 'tags' });
    expect(menu.handleKey('escape')).toEqual({ done: true, value: null });
  });
});
