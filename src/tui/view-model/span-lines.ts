// Wrapped model text with some stretches highlighted (the words a flag is about, the final
// answer). Offsets are into the raw text; each piece between span edges is sanitized on its
// own, so the highlighted stretch is exactly what the flag pointed at and nothing in the text
// can forge styling (it is never parsed as markup).
import { sanitizeText } from '../../core/sanitize-text.js';
import { wrapText } from '../wrap-text.js';
import type { StyledLine, Tone } from './styled-text.js';

export interface Highlight {
  start: number;
  end: number;
  tone: Tone;
}

/** Sanitized text and the highlights moved to offsets in it. */
function sanitizePieces(text: string, highlights: readonly Highlight[]): { clean: string; ranges: Highlight[] } {
  const edges = new Set<number>([0, text.length]);
  for (const h of highlights) {
    edges.add(Math.max(0, Math.min(text.length, h.start)));
    edges.add(Math.max(0, Math.min(text.length, h.end)));
  }
  const sorted = [...edges].sort((a, b) => a - b);
  const mapped = new Map<number, number>();
  let clean = '';
  for (let i = 0; i < sorted.length; i++) {
    mapped.set(sorted[i]!, clean.length);
    if (i + 1 < sorted.length) clean += sanitizeText(text.slice(sorted[i], sorted[i + 1]));
  }
  const ranges = highlights
    .map((h) => ({
      start: mapped.get(Math.max(0, Math.min(text.length, h.start)))!,
      end: mapped.get(Math.max(0, Math.min(text.length, h.end)))!,
      tone: h.tone,
    }))
    .filter((h) => h.end > h.start);
  return { clean, ranges };
}

/** Lines of `text` wrapped to `width`, with each highlight's characters in its tone. */
export function highlightedLines(text: string, highlights: readonly Highlight[], width: number, tone: Tone = 'normal'): StyledLine[] {
  const { clean, ranges } = sanitizePieces(text, highlights);
  const wrapped = wrapText(clean, width);
  const lines: StyledLine[] = [];
  let cursor = 0;
  for (const line of wrapped) {
    // Wrapping only drops spaces and line breaks, so each line is found at or after the last one.
    const found = clean.indexOf(line, cursor);
    const start = found >= 0 ? found : cursor;
    cursor = start + line.length;
    lines.push(styleLine(line, start, ranges, tone));
  }
  return lines;
}

function styleLine(line: string, offset: number, ranges: readonly Highlight[], tone: Tone): StyledLine {
  const end = offset + line.length;
  const inside = ranges.filter((r) => r.start < end && r.end > offset).sort((a, b) => a.start - b.start);
  if (inside.length === 0) return [{ text: line, tone }];
  const segments: StyledLine = [];
  let at = offset;
  for (const range of inside) {
    const from = Math.max(at, range.start);
    const to = Math.min(end, range.end);
    if (to <= from) continue;
    if (from > at) segments.push({ text: line.slice(at - offset, from - offset), tone });
    segments.push({ text: line.slice(from - offset, to - offset), tone: range.tone });
    at = to;
  }
  if (at < end) segments.push({ text: line.slice(at - offset), tone });
  return segments;
}
