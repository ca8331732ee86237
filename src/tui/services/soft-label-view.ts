// What the review screen shows of a candidate's logprobs (issue 10): its confidence line, the
// low-confidence stretches of its answer (as spans of the low_confidence flag) and the top
// alternatives of its least likely answer token. The tokens are loaded from the tag's sidecar
// the first time a candidate is shown, off the key handler; the screen repaints when they arrive.
import type { Candidate } from '../../core/types.js';
import { isLogprobsSummary } from '../../logprobs/confidence-summary.js';
import { concatBytes, type SoftLabels } from '../../logprobs/soft-labels.js';
import { LogprobsStore } from '../../store/logprobs-store.js';
import { sanitizeLine } from '../../core/sanitize-text.js';
import type { CandidateSpans, TextSpan } from '../review-services.js';
import type { StyledLine } from '../view-model/styled-text.js';

/** A token this unlikely (p < 0.1) is marked. */
const LOW_LOGPROB = Math.log(0.1);
const MAX_MARKED = 12;
const CACHE_SIZE = 32;
const decoder = new TextDecoder();

interface Loaded {
  labels: SoftLabels | null;
  /** UTF-16 ranges of the answer's unlikely tokens, least likely first. */
  low: { start: number; end: number; logprob: number; token: number }[];
}

const stores = new Map<string, LogprobsStore>();
const cache = new Map<string, Loaded | 'loading'>();

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
        cache.set(key, { labels, low: labels ? lowTokens(labels, candidate.answer) : [] });
        if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
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

/** The flag spans with the low-confidence stretches of the answer added (shown when low_confidence fired). */
export function withLowConfidenceSpans(
  dir: string,
  candidate: Candidate,
  spans: CandidateSpans | undefined,
  repaint?: () => void,
): CandidateSpans | undefined {
  const loaded = peekSoftLabels(dir, candidate, repaint);
  if (!loaded || loaded.low.length === 0) return spans;
  const low: TextSpan[] = loaded.low.map((range) => ({ rule: 'low_confidence', field: 'answer', start: range.start, end: range.end }));
  return { spans: [...(spans?.spans ?? []), ...low], finalAnswer: spans?.finalAnswer ?? null };
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
    const lowest = loaded.labels.tokens[loaded.low[0]!.token]!;
    const shown = lowest.top
      .slice(0, 5)
      .map((choice) => `${quote(choice.bytes)} ${Math.exp(choice.logprob).toFixed(2)}`)
      .join('  ');
    lines.push([
      { text: 'least likely  ', tone: 'dim' },
      { text: `${quote(lowest.bytes)} ${Math.exp(lowest.logprob).toFixed(2)}`, tone: 'flag' },
      { text: `   instead: ${shown}`, tone: 'dim' },
    ]);
  }
  return lines;
}

function quote(bytes: Uint8Array): string {
  return `«${sanitizeLine(decoder.decode(bytes))}»`;
}

/** Answer tokens below LOW_LOGPROB (or the least likely one), as UTF-16 ranges of the answer. */
function lowTokens(labels: SoftLabels, answer: string): Loaded['low'] {
  const all = Buffer.from(concatBytes(labels.tokens));
  const [answerStart, answerEnd] = labels.answerSpan;
  const found: Loaded['low'] = [];
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
  found.sort((a, b) => a.logprob - b.logprob);
  const marked = found.filter((range) => range.logprob < LOW_LOGPROB).slice(0, MAX_MARKED);
  return marked.length > 0 ? marked : found.slice(0, 1);
}
