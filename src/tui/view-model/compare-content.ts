// Two candidates of one question side by side in the detail pane: status, verdict and flags,
// the extracted final answers (marked when they differ), the lengths (the longer one marked,
// with the ratio), then the answers and the reasoning in two columns. Model text is sanitized
// and wrapped per column; nothing of it is ever read as markup.
import { candidateText, textLength, type TextSource } from '../../core/candidate-text.js';
import type { Candidate, Question } from '../../core/types.js';
import type { CandidateCheck, CandidateSpans } from '../review-services.js';
import { sanitizeLine, sanitizeText } from '../../core/sanitize-text.js';
import { stringWidth, truncateToWidth } from '../text-width.js';
import type { LazyWrap } from '../lazy-wrap.js';
import { LAZY_WRAP_CHARS, type WrapCache } from '../wrap-cache.js';
import { type TagSnapshot, statusOf } from './review-data.js';
import type { Segment, StyledLine, Tone } from './styled-text.js';

export interface CompareSide {
  candidate: Candidate;
  spans?: CandidateSpans;
}

export interface CompareSubject {
  kind: 'compare';
  left: CompareSide;
  right: CompareSide;
  question: Question | undefined;
  snapshot: TagSnapshot;
}

const GUTTER = ' │ ';

/** Final answers compare equal when they read the same, spacing aside. */
function sameAnswer(a: string, b: string): boolean {
  return a.replace(/\s+/g, '') === b.replace(/\s+/g, '');
}

function fit(line: StyledLine, width: number): StyledLine {
  const out: Segment[] = [];
  let used = 0;
  for (const segment of line) {
    const w = stringWidth(segment.text);
    if (used + w <= width) {
      out.push(segment);
      used += w;
      continue;
    }
    const cut = truncateToWidth(segment.text, Math.max(0, width - used));
    out.push({ text: cut, ...(segment.tone ? { tone: segment.tone } : {}) });
    used += stringWidth(cut);
    break;
  }
  if (used < width) out.push({ text: ' '.repeat(width - used) });
  return out;
}

function columns(left: StyledLine[], right: StyledLine[], width: number): StyledLine[] {
  const rows: StyledLine[] = [];
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    rows.push([...fit(left[i] ?? [], width), { text: GUTTER, tone: 'dim' }, ...(right[i] ?? [])]);
  }
  return rows;
}

function heading(text: string, total: number): StyledLine {
  return [
    { text: `── ${text} `, tone: 'heading' },
    { text: '─'.repeat(Math.max(0, total - stringWidth(text) - 4)), tone: 'dim' },
  ];
}

function lengthTone(mine: number, other: number): Tone {
  return mine > other ? 'heading' : 'normal';
}

function ratioText(mine: number, other: number): string {
  if (mine <= other || other === 0) return mine > other ? ' (longer)' : '';
  return ` (${(mine / other).toFixed(1)}× longer)`;
}

function sideHeader(side: CompareSide, other: CompareSide, snapshot: TagSnapshot, pinned: boolean): StyledLine[] {
  const c = side.candidate;
  const o = other.candidate;
  const check: CandidateCheck | undefined = snapshot.checks?.get(c.id);
  const status = statusOf(snapshot, c.id);
  const mineFinal = side.spans?.finalAnswer?.text ?? '';
  const otherFinal = other.spans?.finalAnswer?.text ?? '';
  const finalsDiffer = !sameAnswer(mineFinal, otherFinal);
  const tokens = c.usage?.completionTokens;
  const otherTokens = o.usage?.completionTokens;
  return [
    [
      { text: `#${c.sample}${pinned ? ' (pinned)' : ''}`, tone: 'heading' },
      { text: `  ${sanitizeLine(c.teacher ?? c.model)}`, tone: 'dim' },
    ],
    [
      { text: status, tone: status === 'accepted' ? 'accepted' : status === 'rejected' ? 'rejected' : 'pending' },
      { text: '  ' },
      check ? { text: check.verdict, tone: check.verdict === 'pass' ? 'pass' : 'flag' } : { text: 'not checked', tone: 'dim' },
      ...(check?.preferred ? [{ text: ' ★', tone: 'preferred' as Tone }] : []),
    ],
    [
      {
        text: check && check.flags.length > 0 ? `⚑ ${check.flags.map((f) => f.rule).join(', ')}` : 'no flags',
        tone: check?.flags.length ? 'flag' : 'dim',
      },
    ],
    [
      { text: 'final  ', tone: 'dim' },
      mineFinal ? { text: sanitizeLine(mineFinal), tone: finalsDiffer ? 'span' : 'pass' } : { text: '(none found)', tone: 'flag' },
    ],
    [
      { text: 'answer ', tone: 'dim' },
      {
        text: `${textLength(c, 'answer')} chars${ratioText(textLength(c, 'answer'), textLength(o, 'answer'))}`,
        tone: lengthTone(textLength(c, 'answer'), textLength(o, 'answer')),
      },
    ],
    [
      { text: 'reason ', tone: 'dim' },
      {
        text: `${textLength(c, 'reasoning')} chars${ratioText(textLength(c, 'reasoning'), textLength(o, 'reasoning'))}`,
        tone: lengthTone(textLength(c, 'reasoning'), textLength(o, 'reasoning')),
      },
    ],
    [
      { text: 'tokens ', tone: 'dim' },
      tokens === undefined
        ? { text: 'unknown', tone: 'dim' }
        : { text: `${tokens}${ratioText(tokens, otherTokens ?? 0)}`, tone: lengthTone(tokens, otherTokens ?? tokens) },
    ],
  ];
}

export function buildCompareLines(subject: CompareSubject, width: number, cache: WrapCache): StyledLine[] {
  const total = Math.max(23, width);
  const column = Math.floor((total - GUTTER.length) / 2);
  const { left, right, snapshot } = subject;
  const wrap = (key: string, text: TextSource): StyledLine[] =>
    text.length === 0
      ? [[{ text: '(empty)', tone: 'dim' }]]
      : text.length > LAZY_WRAP_CHARS
        ? hugeColumn(cache.lazy(key, column, text))
        : cache.get(key, column, () => sanitizeText(text.slice(0))).map((line) => [{ text: line }]);
  const leftFinal = left.spans?.finalAnswer?.text ?? '';
  const rightFinal = right.spans?.finalAnswer?.text ?? '';
  const lines: StyledLine[] = [
    [{ text: `Compare #${left.candidate.sample} and #${right.candidate.sample}`, tone: 'heading' }],
    sameAnswer(leftFinal, rightFinal)
      ? [{ text: leftFinal ? 'same final answer' : 'no final answer found in either', tone: leftFinal ? 'pass' : 'dim' }]
      : [{ text: 'the final answers differ', tone: 'flag' }],
  ];
  if (subject.question?.reference) lines.push([{ text: 'reference  ', tone: 'dim' }, { text: sanitizeLine(subject.question.reference) }]);
  lines.push([]);
  lines.push(...columns(sideHeader(left, right, snapshot, true), sideHeader(right, left, snapshot, false), column));
  lines.push([], heading('Answers', total));
  lines.push(
    ...columns(
      wrap(`a:${left.candidate.id}`, candidateText(left.candidate, 'answer')),
      wrap(`a:${right.candidate.id}`, candidateText(right.candidate, 'answer')),
      column,
    ),
  );
  lines.push([], heading('Reasoning', total));
  lines.push(
    ...columns(
      wrap(`r:${left.candidate.id}`, candidateText(left.candidate, 'reasoning')),
      wrap(`r:${right.candidate.id}`, candidateText(right.candidate, 'reasoning')),
      column,
    ),
  );
  return lines;
}

/** Lines of a huge text shown side by side: its first ones only (the detail of the candidate alone reads it all). */
const COMPARED_HUGE_LINES = 200;

function hugeColumn(wrap: LazyWrap): StyledLine[] {
  const lines: StyledLine[] = [];
  for (let index = 0; index < COMPARED_HUGE_LINES; index++) {
    const line = wrap.line(index);
    if (line === undefined) return lines;
    lines.push([{ text: line }]);
  }
  if (wrap.line(COMPARED_HUGE_LINES) !== undefined)
    lines.push([{ text: `… about ${wrap.length - COMPARED_HUGE_LINES} more lines (open it alone to read on)`, tone: 'dim' }]);
  return lines;
}
