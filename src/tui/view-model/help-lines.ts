// The help view (?): every key with what it does, then what each mark on the rows means, wrapped to
// the box so a long explanation continues on the next line instead of being cut at the border.
import { SYMBOL_HELP } from '../help-symbols.js';
import { KEYMAP, helpLines } from '../keymap.js';
import { stringWidth } from '../text-width.js';
import { wrapText } from '../wrap-text.js';
import type { StyledLine, Tone } from './styled-text.js';

const LEAD = 18; // two spaces, the key column (16)

function entry(out: StyledLine[], lead: string, tone: Tone, text: string, width: number): void {
  const pad = ' '.repeat(LEAD);
  const lines = wrapText(text, Math.max(10, width - LEAD));
  // A lead wider than its column (a long mark) takes a line of its own, the text below it.
  if (stringWidth(lead) > LEAD - 2) out.push([{ text: `  ${lead}`, tone }]);
  lines.forEach((line, i) => {
    const first = i === 0 && stringWidth(lead) <= LEAD - 2;
    out.push(first ? [{ text: `  ${lead.padEnd(LEAD - 2)}`, tone }, { text: line }] : [{ text: pad }, { text: line }]);
  });
}

/** The help's lines for a box `width` columns wide inside its border. */
export function helpModalLines(width: number, keymap = KEYMAP): StyledLine[] {
  const out: StyledLine[] = [];
  let group = '';
  for (const line of helpLines(keymap)) {
    if (line.group !== group) {
      if (group) out.push([]);
      group = line.group;
      out.push([{ text: group, tone: 'heading' }]);
    }
    entry(out, line.keys, 'preferred', line.help, width);
  }
  let where = '';
  for (const symbol of SYMBOL_HELP) {
    if (symbol.where !== where) {
      out.push([]);
      where = symbol.where;
      out.push([{ text: `Marks: ${where}`, tone: 'heading' }]);
    }
    entry(out, symbol.symbol, symbol.tone, symbol.meaning, width);
  }
  return out;
}
