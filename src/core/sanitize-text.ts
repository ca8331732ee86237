// Model output is untrusted: before it reaches the terminal every control character is
// replaced by a visible stand-in. Neutralising the introducer byte (ESC, CSI, OSC, DCS, APC,
// BEL, ST, in their 7-bit and 8-bit forms) is enough to defuse any escape sequence,
// terminated or not, and keeps the evidence on screen: a reviewer should see that a
// candidate carries `␛]0;title␇` rather than have it silently vanish.

const TAB_WIDTH = 4;

/** Stand-in for C1 controls and bidi overrides, which have no Control Pictures glyph. */
const REPLACEMENT = '\uFFFD';

/**
 * Bidi embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069) reorder what a
 * bidi-capable terminal shows ("Trojan Source"), so text could read differently from what
 * it is. Plain marks (LRM, RLM, ALM) only nudge neutral characters and are kept.
 */
const BIDI_CONTROL = /[\u202A-\u202E\u2066-\u2069]/;

/**
 * Returns text that is safe to write to a terminal: no C0/C1 controls, no DEL, no bidi
 * overrides, no lone surrogates, tabs expanded to spaces, line breaks normalised to `\n`.
 * Every other character, including blessed tag syntax like `{bold}`, passes unchanged;
 * the TUI never parses model text as markup.
 */
export function sanitizeText(text: string): string {
  // Fast path: most model text has nothing to neutralise except perhaps tabs.
  if (!NEEDS_WORK.test(text)) return text;
  let out = '';
  let column = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x0a) {
      out += '\n';
      column = 0;
      continue;
    }
    if (code === 0x0d) {
      // \r\n is one break; a lone \r would move the cursor back over text, so it breaks too.
      if (text.charCodeAt(i + 1) === 0x0a) i++;
      out += '\n';
      column = 0;
      continue;
    }
    if (code === 0x09) {
      const spaces = TAB_WIDTH - (column % TAB_WIDTH);
      out += ' '.repeat(spaces);
      column += spaces;
      continue;
    }
    const replacement = replacementFor(text, i, code);
    if (replacement === null) {
      out += text[i];
      column++;
      continue;
    }
    if (replacement === KEEP_PAIR) {
      out += text.slice(i, i + 2);
      i++;
      column++;
      continue;
    }
    if (replacement === '\n') column = 0;
    else column += replacement.length;
    out += replacement;
  }
  return out;
}

/** One display line: sanitized, with line breaks shown as a visible `⏎` so a row stays one row. */
export function sanitizeLine(text: string): string {
  return sanitizeText(text).replace(/\n/g, ' \u23CE ');
}

// Any C0 but \n, DEL, C1, bidi controls, line/paragraph separators, BOM, surrogates.
// eslint-disable-next-line no-control-regex -- matching control characters is this module's job
const NEEDS_WORK = /[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069\u2028\u2029\uFEFF\uD800-\uDFFF]/;

const KEEP_PAIR: unique symbol = Symbol('keep the surrogate pair');

/**
 * What to write instead of the UTF-16 unit at `i`: null to keep it, KEEP_PAIR to keep a valid
 * surrogate pair, or the replacement text.
 */
function replacementFor(text: string, i: number, code: number): string | typeof KEEP_PAIR | null {
  if (code < 0x20) return String.fromCharCode(0x2400 + code); // Control Pictures: ␀ … ␛ …
  if (code === 0x7f) return '\u2421'; // ␡
  if (code >= 0x80 && code <= 0x9f) return REPLACEMENT; // 8-bit CSI, OSC, DCS, ST, …
  if (code === 0x2028 || code === 0x2029) return '\n';
  if (code === 0xfeff) return '';
  if (BIDI_CONTROL.test(text[i]!)) return REPLACEMENT;
  if (code >= 0xd800 && code <= 0xdbff) {
    const next = text.charCodeAt(i + 1);
    return next >= 0xdc00 && next <= 0xdfff ? KEEP_PAIR : REPLACEMENT;
  }
  if (code >= 0xdc00 && code <= 0xdfff) return REPLACEMENT; // a low surrogate without its high half
  return null;
}

// Every control a one-line text must not carry: C0 (line breaks and tabs too), DEL, C1, bidi
// embeddings/overrides/isolates/marks, line and paragraph separators, BOM.
// eslint-disable-next-line no-control-regex -- matching control characters is this module's job
const CONTROLS = /[\u0000-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069\u2028\u2029\uFEFF]/g;
// eslint-disable-next-line no-control-regex -- as above, with the whitespace runs they sit in
const CONTROLS_AND_SPACE = /[\s\u0000-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069\uFEFF]+/g;

/**
 * Text typed or pasted into a one-line field, with every control removed (nothing is shown in
 * its place: what is left is what the user meant to type).
 */
export function stripControls(text: string): string {
  return text.replace(CONTROLS, '');
}

/**
 * One line of prose from text that may span lines or carry controls (a model's words in a rule's
 * detail, a server's error message): every run of whitespace and controls is one space, and text
 * longer than `maxChars` ends in `…`.
 */
export function collapseToOneLine(text: string, maxChars = Infinity): string {
  const flat = text.replace(CONTROLS_AND_SPACE, ' ').trim();
  return flat.length <= maxChars ? flat : flat.slice(0, maxChars - 1) + '…';
}

// What JSON.stringify leaves raw that a terminal or a line-splitting reader would act on: C1
// controls (8-bit CSI, NEL, …), bidi marks, embeddings, overrides and isolates, and the Unicode
// line and paragraph separators. (It already escapes C0 controls, line breaks included.)
const RAW_IN_JSON = /[\u0080-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069\u2028\u2029]/g;

/**
 * JSON text of `value` on one line, with every character above written as a `\uXXXX` escape: the
 * same document to a parser, and nothing in it a terminal would interpret or a reader split on.
 */
export function stringifyJson(value: unknown): string {
  const text = JSON.stringify(value) ?? 'null';
  return text.replace(RAW_IN_JSON, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * Escapes blessed tag syntax for the few widgets that have tags enabled (help, status bar).
 * Model text never goes through those; names typed by the reviewer may.
 */
export function escapeBlessedTags(text: string): string {
  return text.replace(/[{}]/g, (brace) => (brace === '{' ? '{open}' : '{close}'));
}
