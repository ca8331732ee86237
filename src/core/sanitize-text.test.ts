import { describe, expect, it } from 'vitest';
import { collapseToOneLine, escapeBlessedTags, sanitizeLine, sanitizeText, stringifyJson, stripControls } from './sanitize-text.js';

/** True when the text holds anything a terminal would interpret rather than print. */
function hasTerminalControl(text: string): boolean {
  // eslint-disable-next-line no-control-regex -- the test looks for exactly the controls the sanitizer must remove
  return /[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/.test(text);
}

describe('sanitizeText', () => {
  it('leaves ordinary English and Chinese text untouched', () => {
    const text = 'The answer is \\boxed{42}.\n答案是 42。';
    expect(sanitizeText(text)).toBe(text);
  });

  it('keeps blessed tag syntax as literal text', () => {
    expect(sanitizeText('{bold}loud{/bold} {red-fg}x{/}')).toBe('{bold}loud{/bold} {red-fg}x{/}');
  });

  it('defuses an OSC title sequence and shows it visibly', () => {
    const out = sanitizeText('before\x1b]0;pwned\x07after');
    expect(hasTerminalControl(out)).toBe(false);
    expect(out).toBe('before␛]0;pwned␇after');
  });

  it('defuses OSC 52 clipboard writes terminated by ST', () => {
    const out = sanitizeText('\x1b]52;c;ZXZpbA==\x1b\\');
    expect(hasTerminalControl(out)).toBe(false);
    expect(out).toContain('52;c;ZXZpbA==');
  });

  it('defuses CSI colour, cursor movement and screen clearing', () => {
    const out = sanitizeText('\x1b[31mred\x1b[0m\x1b[2J\x1b[H\x1b[10;10Hx');
    expect(hasTerminalControl(out)).toBe(false);
    expect(out).toBe('␛[31mred␛[0m␛[2J␛[H␛[10;10Hx');
  });

  it('defuses 8-bit C1 introducers (CSI, OSC, DCS, APC, ST)', () => {
    const out = sanitizeText('a\u009b31mb\u009d0;t\u009cc\u0090qd\u009fe');
    expect(hasTerminalControl(out)).toBe(false);
    expect(out).toBe('a\uFFFD31mb\uFFFD0;t\uFFFDc\uFFFDqd\uFFFDe');
  });

  it('defuses unterminated sequences without swallowing the rest of the text', () => {
    const out = sanitizeText('x\x1b]8;;http://evil\x1bPdcs and more text');
    expect(hasTerminalControl(out)).toBe(false);
    expect(out.endsWith('dcs and more text')).toBe(true);
  });

  it('replaces other C0 controls and DEL with control pictures', () => {
    expect(sanitizeText('a\x00b\x08c\x7fd')).toBe('a␀b␈c␡d');
  });

  it('normalises CRLF and lone CR to newlines so text cannot be overwritten in place', () => {
    expect(sanitizeText('one\r\ntwo\rthree')).toBe('one\ntwo\nthree');
  });

  it('expands tabs to spaces at 4-column stops', () => {
    expect(sanitizeText('a\tb\n\tc')).toBe('a   b\n    c');
  });

  it('neutralises bidi overrides and isolates but keeps plain text around them', () => {
    const out = sanitizeText('access\u202E\u2066 level');
    expect(hasTerminalControl(out)).toBe(false);
    expect(out).toBe('access\uFFFD\uFFFD level');
  });

  it('keeps valid surrogate pairs and replaces lone surrogates', () => {
    expect(sanitizeText('ok 😀')).toBe('ok 😀');
    expect(sanitizeText('bad \uD800 x \uDC00')).toBe('bad \uFFFD x \uFFFD');
  });

  it('turns Unicode line and paragraph separators into newlines and drops BOMs', () => {
    expect(sanitizeText('\uFEFFa\u2028b\u2029c')).toBe('a\nb\nc');
  });
});

describe('sanitizeLine', () => {
  it('keeps a multi-line text on one row with a visible break mark', () => {
    expect(sanitizeLine('first\nsecond')).toBe('first ⏎ second');
  });
});

describe('collapseToOneLine', () => {
  it('makes every run of whitespace and controls one space, and clips with an ellipsis', () => {
    expect(collapseToOneLine('  refused:\n\n\x1b[31m I \u009bcannot\u202E help\t ')).toBe('refused: [31m I cannot help');
    expect(collapseToOneLine('abcdefghij', 5)).toBe('abcd…');
    expect(collapseToOneLine('abcde', 5)).toBe('abcde');
  });
});

describe('stripControls', () => {
  it('removes line breaks, escapes and bidi controls from pasted text and keeps the rest', () => {
    expect(stripControls('Sports\r\n sci\x1b[2Jence\u2066 答案')).toBe('Sports sci[2Jence 答案');
  });
});

describe('stringifyJson', () => {
  it('escapes C1 controls, bidi controls and line separators, and parses back to the same value', () => {
    const value = { text: 'a\u009b2Jb\u202Ec\u2066d\u200Fe\u061Cf\u2028g\u0085h', n: 1 };
    const json = stringifyJson(value);
    expect(json).toBe('{"text":"a\\u009b2Jb\\u202ec\\u2066d\\u200fe\\u061cf\\u2028g\\u0085h","n":1}');
    expect(JSON.parse(json)).toEqual(value);
    expect(stringifyJson({ plain: '答案 ✓ é' })).toBe(JSON.stringify({ plain: '答案 ✓ é' }));
  });
});

describe('escapeBlessedTags', () => {
  it('escapes braces so blessed shows them literally', () => {
    expect(escapeBlessedTags('{bold}x{/bold}')).toBe('{open}bold{close}x{open}/bold{close}');
  });
});
