// Blessed cell attributes for each tone: (flags << 18) | (fg << 9) | bg, as blessed packs them.
import blessed from 'blessed';
import type { Tone } from '../view-model/styled-text.js';

interface BlessedColors {
  convert(color: string | number): number;
}
const colors = (blessed as unknown as { colors: BlessedColors }).colors;

const BOLD = 1;
const UNDERLINE = 2;
const INVERSE = 8;

function attr(flags: number, fg: string, bg = 'default'): number {
  return (flags << 18) | (colors.convert(fg) << 9) | colors.convert(bg);
}

const TONES: Record<Tone, number> = {
  normal: attr(0, 'default'),
  dim: attr(0, 'gray'),
  heading: attr(BOLD, 'cyan'),
  accepted: attr(BOLD, 'green'),
  rejected: attr(BOLD, 'red'),
  pending: attr(0, 'default'),
  flag: attr(0, 'yellow'),
  pass: attr(0, 'green'),
  preferred: attr(BOLD, 'yellow'),
  mark: attr(BOLD, 'magenta'),
  match: attr(UNDERLINE | BOLD, 'default'),
  error: attr(BOLD, 'red'),
  cursor: attr(INVERSE, 'default'),
  span: attr(BOLD | UNDERLINE, 'black', 'yellow'),
  final: attr(BOLD | UNDERLINE, 'black', 'cyan'),
};

const SELECTED_FOCUSED = attr(INVERSE, 'default');
const SELECTED_BLURRED = attr(BOLD, 'default', 'gray');

export function toneAttr(tone: Tone | undefined): number {
  return TONES[tone ?? 'normal'];
}

/** The row under the cursor: inverse in the focused pane, a quieter highlight elsewhere. */
export function selectedAttr(focused: boolean): number {
  return focused ? SELECTED_FOCUSED : SELECTED_BLURRED;
}
