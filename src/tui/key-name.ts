// One name per key press, as the keymap spells keys: printable characters as themselves
// ('a', 'A', '?', '/'), 'space', and blessed's names for the rest ('enter', 'S-tab', 'C-c').

export interface BlessedKey {
  full?: string;
  name?: string;
  ctrl?: boolean;
  meta?: boolean;
}

export function keyName(ch: string | undefined, key: BlessedKey | undefined): string | null {
  const full = key?.full;
  // blessed reports Enter twice ('return', then 'enter'); keep one.
  if (full === 'return') return null;
  if (full === 'linefeed') return 'enter';
  if (ch && ch.length === 1 && ch >= ' ' && ch !== '\x7f' && !key?.ctrl && !key?.meta) return ch === ' ' ? 'space' : ch;
  return full ?? null;
}

/** Text a key press types into an input field, or null for a non-printing key. */
export function typedText(ch: string | undefined, key: BlessedKey | undefined): string | null {
  if (!ch || key?.ctrl || key?.meta) return null;
  if (ch.length === 1 && (ch < ' ' || ch === '\x7f')) return null;
  return ch;
}
