// What a pty-driven test or bench reads as "selected": the inverse-video cells of each row of an
// @xterm/headless screen. One reading, so the tests and the review bench agree on what a selection is.
import type xterm from '@xterm/headless';

/** Text of the inverse cells of each row that has any (the selection bars), trimmed, top to bottom. */
export function inverseRows(term: xterm.Terminal): string[] {
  const buffer = term.buffer.active;
  const out: string[] = [];
  // One cell read into again and again: a fresh one per cell was 4,800 objects per look at a 120×40 screen.
  let reused: xterm.IBufferCell | undefined;
  for (let y = 0; y < term.rows; y++) {
    const line = buffer.getLine(buffer.viewportY + y);
    if (!line) continue;
    let text = '';
    for (let x = 0; x < term.cols; x++) {
      const cell = line.getCell(x, reused);
      reused ??= cell;
      if (cell?.isInverse()) text += cell.getChars() || (cell.getWidth() === 0 ? '' : ' ');
    }
    if (text.trim()) out.push(text.trim());
  }
  return out;
}
