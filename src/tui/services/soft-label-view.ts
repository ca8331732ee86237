// What the review screen shows of a candidate's logprobs (issue 10): its confidence line, the
// low-confidence stretches of its answer (as spans of the low_confidence flag), the top
// alternatives of its least likely answer token, and those of the token under a cursor that
// `>` and `<` move through the answer's tokens. The tokens are loaded from the tag's sidecar
// the first time a candidate is shown, off the key handler; the screen repaints when they arrive.
import type { Candidate } from '../../core/types.js';
import { isLogprobsSummary } from '../../logprobs/confidence-summary.js';
import { concatBytes, type SampledToken, type SoftLabels } from '../../logprobs/soft-labels.js';
import { LogprobsStore } from '../../store/logprobs-store.js';
import { sanitizeLine } from '../../core/sanitize-text.js';
import type { CandidateSpans, TextSpan } from '../review-services.js';
import type { LineSource } from '../view-model/line-source.js';
import type { StyledLine } from '../view-model/styled-text.js';

/** A token this unlikely (p < 0.1) is marked. */
const LOW_LOGPROB = Math.log(0.1);
const MAX_MARKED = 12;
const CACHE_SIZE = 32;
/** Alternatives shown for the token under the cursor (topK may be 20: the line must fit). */
const CURSOR_ALTERNATIVES = 8;
const decoder = new TextDecoder();

/** One answer token: its UTF-16 range in the answer, its log-probability, its index among all the tokens. */
interface AnswerToken {
  start: number;
  end: number;
  logprob: number;
  token: number;
}

interface Loaded {
  labels: SoftLabels | null;
  /** The tokens that hold the answer, in order. */
  answer: AnswerToken[];
  /** The answer's unlikely tokens, least likely first. */
  low: AnswerToken[];
}

const stores = new Map<string, LogprobsStore>();
const cache = new Map<string, Loaded | 'loading'>();
/** Where the token cursor is in each candidate's answer tokens (absent: no cursor yet). */
const cursors = new Map<string, number>();

function keyOf(candidate: Candidate): string {
  return `${candidate.id}|${candidate.gen ?? ''}`;
}

/** The loaded logprobs of a candidate, or undefined while they load (then `repaint` is called). */
export function peekSoftLabels(dir: string, candidate: Candidate, repaint?: () => void): Loaded | undefined {
  if (!isLogprobsSummary(candidate.logprobs)) return undefined;
  const key = keyOf(candidate);
  const hit = cache.get(key);
  if (hit && hit !== 'loading') return hit;
  if (!hit) {
    cache.set(key, 'loading');
    let store = stores.get(dir);
    if (!store) stores.set(dir, (store = new LogprobsStore(dir)));
    void store
      .labels(candidate)
      .catch(() => null) // a damaged sidecar costs the marks, never the screen
      .then((labels) => {
        const answer = labels ? answerTokens(labels, candidate.answer) : [];
        cache.set(key, { labels, answer, low: lowTokens(answer) });
        if (cache.size > CACHE_SIZE) {
          const oldest = cache.keys().next().value!;
          cache.delete(oldest);
          cursors.delete(oldest);
        }
        repaint?.();
      });
  }
  return undefined;
}

/** Whether the candidate's logprobs have been loaded (its detail then shows their marks). */
export function softLabelsShown(candidate: Candidate): boolean {
  const hit = cache.get(keyOf(candidate));
  return hit !== undefined && hit !== 'loading';
}

/**
 * Moves the candidate's token cursor `delta` tokens through its answer (the first press of `>`
 * lands on the first token, of `<` on the last). Says why not when it cannot: no logprobs, or
 * not loaded yet.
 */
export function moveTokenCursor(candidate: Candidate, delta: number): string | null {
  if (!isLogprobsSummary(candidate.logprobs)) return 'this candidate has no token logprobs';
  const key = keyOf(candidate);
  const loaded = cache.get(key);
  if (!loaded || loaded === 'loading') return 'the token logprobs are still loading';
  if (loaded.answer.length === 0) return 'no token logprobs for this answer';
  const at = cursors.get(key);
  const next = at === undefined ? (delta > 0 ? 0 : loaded.answer.length - 1) : at + delta;
  cursors.set(key, Math.max(0, Math.min(loaded.answer.length - 1, next)));
  return null;
}

/**
 * The scroll position that brings the detail line of the answer's cursor token on screen
 * (a third of the way down), or `top` when it is already shown or not drawn. That token is
 * the last drawn in the cursor's tone: the answer comes after the confidence lines, whose
 * "token N/M" line shows the same token in that tone too.
 */
export function scrollToTokenCursor(lines: LineSource, top: number, height: number): number {
  let line = -1;
  // Only an answer short enough to be drawn highlighted shows the cursor: its lines come early.
  for (let i = 0; i < MAX_LINES_SCANNED; i++) {
    const each = lines.at(i);
    if (each === undefined) break;
    if (each.some((segment) => segment.tone === 'cursor')) line = i;
  }
  // A token cut by the wrap starts on the line before.
  while (line > 0 && lines.at(line - 1)?.at(-1)?.tone === 'cursor' && lines.at(line)?.[0]?.tone === 'cursor') line--;
  if (line < 0 || (line >= top && line < top + height)) return top;
  return Math.max(0, line - Math.floor(height / 3));
}

const MAX_LINES_SCANNED = 20_000;

/** Forgets every token cursor (esc). */
export function clearTokenCursors(): void {
  cursors.clear();
}

/** Changes whenever what the soft labels add to the candidate's detail changes (their arrival, the cursor). */
export function softLabelsVersion(candidate: Candidate): string {
  const key = keyOf(candidate);
  const hit = cache.get(key);
  if (hit === undefined || hit === 'loading') return '';
  return `lp${cursors.get(key) ?? ''}`;
}

/** The UTF-16 range of the answer token under the cursor, if there is one. */
function cursorToken(candidate: Candidate, loaded: Loaded): AnswerToken | undefined {
  const at = cursors.get(keyOf(candidate));
  return at === undefined ? undefined : loaded.answer[at];
}

/** The flag spans with the low-confidence stretches of the answer added (shown when low_confidence fired), and the token cursor. */
export function withLowConfidenceSpans(
  dir: string,
  candidate: Candidate,
  spans: CandidateSpans | undefined,
  repaint?: () => void,
): CandidateSpans | undefined {
  const loaded = peekSoftLabels(dir, candidate, repaint);
  if (!loaded || loaded.answer.length === 0) return spans;
  const low: TextSpan[] = loaded.low.map((range) => ({ rule: 'low_confidence', field: 'answer', start: range.start, end: range.end }));
  const cursor = cursorToken(candidate, loaded);
  return {
    spans: [...(spans?.spans ?? []), ...low],
    finalAnswer: spans?.finalAnswer ?? null,
    ...(cursor ? { tokenCursor: { start: cursor.start, end: cursor.end } } : {}),
  };
}

/** The confidence lines of the detail pane (none for a candidate whose teacher gave no logprobs). */
export function confidenceLines(candidate: Candidate): StyledLine[] {
  const summary = candidate.logprobs;
  if (!summary) return [];
  if (!isLogprobsSummary(summary))
    return [
      [
        { text: 'logprobs  ', tone: 'dim' },
        { text: `dropped: ${sanitizeLine(summary.dropped)}`, tone: 'flag' },
      ],
    ];
  const final = summary.finalAnswerLogprob === null ? 'none found' : Math.exp(summary.finalAnswerLogprob).toFixed(2);
  const lines: StyledLine[] = [
    [
      { text: 'confidence  ', tone: 'dim' },
      { text: `mean ${summary.meanLogprob.toFixed(2)}  lowest ${summary.minLogprob.toFixed(2)}  P(final answer) ${final}` },
      { text: `   ${summary.tokens} tokens, top ${summary.topK}`, tone: 'dim' },
    ],
  ];
  const loaded = cache.get(keyOf(candidate));
  if (loaded && loaded !== 'loading' && loaded.labels && loaded.low.length > 0) {
    const { labels } = loaded;
    lines.push(tokenLine('least likely  ', labels.tokens[loaded.low[0]!.token]!, 5, 'flag'));
    const cursor = cursorToken(candidate, loaded);
    const at = cursors.get(keyOf(candidate));
    if (cursor && at !== undefined) {
      const label = `token ${at + 1}/${loaded.answer.length}  `;
      lines.push(tokenLine(label, labels.tokens[cursor.token]!, CURSOR_ALTERNATIVES, 'cursor'));
    } else {
      lines.push([{ text: `> and < move a cursor through the answer's ${loaded.answer.length} tokens`, tone: 'dim' }]);
    }
  }
  return lines;
}

function tokenLine(label: string, token: SampledToken, alternatives: number, tone: 'flag' | 'cursor'): StyledLine {
  const shown = token.top
    .slice(0, alternatives)
    .map((choice) => `${quote(choice.bytes)} ${Math.exp(choice.logprob).toFixed(2)}`)
    .join('  ');
  return [
    { text: label, tone: 'dim' },
    { text: `${quote(token.bytes)} ${Math.exp(token.logprob).toFixed(2)}`, tone },
    { text: `   instead: ${shown}`, tone: 'dim' },
  ];
}

function quote(bytes: Uint8Array): string {
  return `«${sanitizeLine(decoder.decode(bytes))}»`;
}

/** The tokens that hold the answer, in order, as UTF-16 ranges of it. */
function answerTokens(labels: SoftLabels, answer: string): AnswerToken[] {
  const all = Buffer.from(concatBytes(labels.tokens));
  const [answerStart, answerEnd] = labels.answerSpan;
  const found: AnswerToken[] = [];
  let at = 0;
  labels.tokens.forEach((token, index) => {
    const start = Math.max(at, answerStart);
    const end = Math.min(at + token.bytes.length, answerEnd);
    at += token.bytes.length;
    if (end <= start) return;
    const from = all.subarray(answerStart, start).toString('utf8').length;
    const to = from + all.subarray(start, end).toString('utf8').length;
    found.push({ start: from, end: Math.min(answer.length, to), logprob: token.logprob, token: index });
  });
  return found;
}

/** Answer tokens below LOW_LOGPROB (or the least likely one), least likely first. */
function lowTokens(answer: readonly AnswerToken[]): AnswerToken[] {
  const sorted = [...answer].sort((a, b) => a.logprob - b.logprob);
  const marked = sorted.filter((range) => range.logprob < LOW_LOGPROB).slice(0, MAX_MARKED);
  return marked.length > 0 ? marked : sorted.slice(0, 1);
}
