// Which stretches of a candidate's text the detail pane highlights: the spans of the flags that
// fired (not every span a finder could point at) and the extracted final answer.
import { sanitizeLine } from '../../core/sanitize-text.js';
import type { Candidate } from '../../core/types.js';
import type { CandidateCheck, CandidateSpans } from '../review-services.js';
import type { Highlight } from './span-lines.js';
import type { Segment } from './styled-text.js';

const EXCERPT_CONTEXT = 12;
const EXCERPT_MAX = 60;
const EXCERPTS_PER_FLAG = 3;

export function spanHighlights(
  spans: CandidateSpans | undefined,
  check: CandidateCheck | undefined,
): { reasoning: Highlight[]; answer: Highlight[] } {
  const out = { reasoning: [] as Highlight[], answer: [] as Highlight[] };
  if (!spans) return out;
  const fired = new Set(check?.flags.map((flag) => flag.rule) ?? []);
  for (const span of spans.spans) if (fired.has(span.rule)) out[span.field].push({ start: span.start, end: span.end, tone: 'span' });
  if (spans.finalAnswer) out.answer.push({ start: spans.finalAnswer.start, end: spans.finalAnswer.end, tone: 'final' });
  if (spans.tokenCursor) out.answer = withCursor(out.answer, spans.tokenCursor);
  return out;
}

/** The cursor's range in its own tone, cut out of any highlight it falls inside (the first of overlapping ranges is drawn). */
function withCursor(highlights: Highlight[], cursor: { start: number; end: number }): Highlight[] {
  const out: Highlight[] = [{ start: cursor.start, end: cursor.end, tone: 'cursor' }];
  for (const h of highlights) {
    if (h.end <= cursor.start || h.start >= cursor.end) out.push(h);
    else {
      if (h.start < cursor.start) out.push({ ...h, end: cursor.start });
      if (h.end > cursor.end) out.push({ ...h, start: cursor.end });
    }
  }
  return out;
}

/** Model text as one safe line: runs of whitespace are one space (kept at the edges, unlike a trim). */
function oneLine(text: string, maxChars = Infinity): string {
  const flat = text.replace(/\s+/g, ' ');
  return sanitizeLine(flat.length <= maxChars ? flat : flat.slice(0, maxChars - 1) + '…');
}

/** A few of a flag's spans as one-line excerpts ("…was still真 real…"), the span itself highlighted. */
export function flagExcerpts(candidate: Candidate, spans: CandidateSpans | undefined, rule: string): Segment[][] {
  if (!spans) return [];
  const seen = new Set<string>();
  const out: Segment[][] = [];
  for (const span of spans.spans) {
    if (span.rule !== rule || out.length >= EXCERPTS_PER_FLAG) continue;
    const text = candidate[span.field];
    const key = `${span.field}:${span.start}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const before = text.slice(Math.max(0, span.start - EXCERPT_CONTEXT), span.start);
    const inside = text.slice(span.start, span.end);
    const after = text.slice(span.end, span.end + EXCERPT_CONTEXT);
    out.push([
      { text: `${span.field}: …${oneLine(before)}`, tone: 'dim' },
      { text: oneLine(inside, EXCERPT_MAX), tone: 'span' },
      { text: `${oneLine(after)}…`, tone: 'dim' },
    ]);
  }
  return out;
}
