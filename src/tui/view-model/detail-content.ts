import { verdictWords } from '../../core/judgement.js';
// The detail pane: everything about the selected candidate (or question, or tag) as wrapped,
// styled lines for a given width. Long traces are wrapped once per width (WrapCache).
import { candidateText, type TextSource } from '../../core/candidate-text.js';
import type { Candidate, Question } from '../../core/types.js';
import type { CandidateCheck, CandidateSpans } from '../review-services.js';
import { flagExcerpts, spanHighlights } from './flag-highlights.js';
import { highlightedLines } from './span-lines.js';
import { type CompareSubject, buildCompareLines } from './compare-content.js';
import { sanitizeLine, sanitizeText } from '../../core/sanitize-text.js';
import { stringWidth } from '../text-width.js';
import type { LazyWrap } from '../lazy-wrap.js';
import { LAZY_WRAP_CHARS, type WrapCache } from '../wrap-cache.js';
import type { LineSource } from './line-source.js';
import { flagEvidence } from './flag-evidence.js';
import type { QuestionTally } from './question-tally.js';
import type { TagSnapshot } from './review-data.js';
import { statusOf } from './review-data.js';
import type { StyledLine, Tone } from './styled-text.js';
import type { SubtreeCounts } from './tree-rows.js';
import { confidenceLines } from '../services/soft-label-view.js';
import { selectionReasons } from '../services/selection-marks.js';

/** Lines of reasoning shown while it is folded. */
export const FOLDED_REASONING_LINES = 6;

export type DetailSubject =
  | { kind: 'message'; text: string }
  | {
      kind: 'tag';
      path: string[];
      counts: SubtreeCounts | undefined;
      children: number;
      isTopic: boolean;
      projectLines: string[];
      /** Why the tag's data cannot be read (it names the file), shown in full. */
      failure?: string;
      /** Its candidates are read and their checks are still running (a tag nobody has checked). */
      checking?: boolean;
      /** Generation failures of the tag (data/failures.json), one safe line each. */
      generationFailures?: string[];
    }
  | { kind: 'question'; question: Question; tally: QuestionTally; generationFailures?: string[] }
  | {
      kind: 'candidate';
      candidate: Candidate;
      question: Question | undefined;
      snapshot: TagSnapshot;
      /** Where the flags point and the extracted final answer, when the checks can say. */
      spans?: CandidateSpans;
    }
  | CompareSubject;

export interface DetailOptions {
  reasoningFolded: boolean;
}

/** A huge text in the detail, wrapped as far as it is read; `limit` shows its first lines only (folded). */
interface LazyPart {
  wrap: LazyWrap;
  tone: Tone;
  limit?: number;
}

/** The detail's lines: built lines, with huge texts in them read lazily. */
class DetailContent implements LineSource {
  constructor(private readonly parts: readonly (StyledLine[] | LazyPart)[]) {}

  get length(): number {
    let total = 0;
    for (const part of this.parts) total += Array.isArray(part) ? part.length : Math.min(part.limit ?? Infinity, part.wrap.length);
    return total;
  }

  at(index: number): StyledLine | undefined {
    let rest = index;
    if (rest < 0) return undefined;
    for (const part of this.parts) {
      if (Array.isArray(part)) {
        if (rest < part.length) return part[rest];
        rest -= part.length;
        continue;
      }
      const limit = part.limit ?? Infinity;
      if (rest < limit) {
        const line = part.wrap.line(rest);
        if (line !== undefined) return [{ text: line, tone: part.tone }];
      }
      rest -= lazyCount(part);
    }
    return undefined;
  }

  exactLength(): number {
    let total = 0;
    for (const part of this.parts) total += Array.isArray(part) ? part.length : lazyCount(part);
    return total;
  }
}

/** A lazy part's exact line count (reads a folded one only to its limit). */
function lazyCount(part: LazyPart): number {
  if (part.limit !== undefined && part.wrap.line(part.limit - 1) !== undefined) return part.limit;
  return part.wrap.countAll();
}

class LineBuilder {
  private current: StyledLine[] = [];
  private readonly parts: (StyledLine[] | LazyPart)[] = [this.current];

  constructor(
    private readonly width: number,
    private readonly cache: WrapCache,
  ) {}

  get content(): DetailContent {
    return new DetailContent(this.parts);
  }

  line(...segments: { text: string; tone?: Tone }[]): void {
    this.current.push(segments);
  }

  blank(): void {
    this.current.push([]);
  }

  heading(text: string): void {
    const rule = '─'.repeat(Math.max(0, this.width - stringWidth(text) - 4));
    this.current.push([
      { text: `── ${text} `, tone: 'heading' },
      { text: rule, tone: 'dim' },
    ]);
  }

  /** Lines a text takes at this width (wrapped once, then cached); an estimate for a huge text. */
  wrappedCount(key: string, text: TextSource): number {
    if (text.length > LAZY_WRAP_CHARS) return this.cache.lazy(key, this.width, text).length;
    return this.cache.get(key, this.width, () => sanitizeText(text.slice(0))).length;
  }

  /** Model text with highlighted stretches (not cached: only candidates with spans take this path; never a huge text). */
  highlighted(text: string, highlights: Parameters<typeof highlightedLines>[1], limit?: number): number {
    const lines = highlightedLines(text, highlights, this.width);
    for (const line of limit === undefined ? lines : lines.slice(0, limit)) this.current.push(line);
    return lines.length;
  }

  /** Wrapped model text; `key` identifies it for the wrap cache. A huge text is wrapped only where it is read. */
  wrapped(key: string, text: TextSource, tone: Tone = 'normal', limit?: number): number {
    if (text.length > LAZY_WRAP_CHARS) {
      const wrap = this.cache.lazy(key, this.width, text);
      this.parts.push({ wrap, tone, ...(limit === undefined ? {} : { limit }) });
      this.parts.push((this.current = []));
      return wrap.length;
    }
    const wrapped = this.cache.get(key, this.width, () => sanitizeText(text.slice(0)));
    const shown = limit === undefined ? wrapped : wrapped.slice(0, limit);
    for (const line of shown) this.current.push([{ text: line, tone }]);
    return wrapped.length;
  }
}

/** Every line of the detail (a huge text read whole: for search, and tests). */
export function buildDetailLines(subject: DetailSubject, width: number, options: DetailOptions, cache: WrapCache): StyledLine[] {
  const content = buildDetailContent(subject, width, options, cache);
  const lines: StyledLine[] = [];
  for (let index = 0; ; index++) {
    const line = content.at(index);
    if (line === undefined) return lines;
    lines.push(line);
  }
}

/** The detail's lines for the pane: built at once, except huge texts, which are wrapped where they are read. */
export function buildDetailContent(subject: DetailSubject, width: number, options: DetailOptions, cache: WrapCache): LineSource {
  if (subject.kind === 'compare') return buildCompareLines(subject, width, cache);
  const out = new LineBuilder(Math.max(10, width), cache);
  switch (subject.kind) {
    case 'message':
      out.line({ text: subject.text, tone: 'dim' });
      break;
    case 'tag':
      tagDetail(out, subject);
      break;
    case 'question':
      questionDetail(out, subject);
      break;
    case 'candidate':
      candidateDetail(out, subject.candidate, subject.question, subject.snapshot, options, subject.spans);
      break;
  }
  return out.content;
}

function tagDetail(out: LineBuilder, subject: Extract<DetailSubject, { kind: 'tag' }>): void {
  out.line({ text: subject.isTopic ? 'Topic' : 'Tag', tone: 'heading' });
  out.wrapped(`path:${subject.path.join('\u0000')}`, subject.path.join(' > '));
  out.blank();
  if (subject.failure) {
    out.wrapped(`failure:${subject.failure}`, `cannot read this tag: ${subject.failure}`, 'flag');
    out.blank();
  }
  failuresSection(out, subject.generationFailures);
  const counts = subject.counts;
  if (counts) {
    out.line({ text: `sub-tags    ${subject.children}` });
    out.line({ text: `questions   ${counts.questions}` });
    out.line({ text: `candidates  ${counts.candidates}` });
    out.line({ text: 'accepted    ' }, { text: String(counts.accepted), tone: 'accepted' });
    out.line({ text: 'rejected    ' }, { text: String(counts.rejected), tone: 'rejected' });
    out.line({ text: `pending     ${counts.candidates - counts.accepted - counts.rejected}` });
    if (subject.checking) out.line({ text: 'flagged     ' }, { text: 'checking…', tone: 'dim' });
    else if (counts.flagged !== null) out.line({ text: 'flagged     ' }, { text: String(counts.flagged), tone: 'flag' });
  }
  for (const line of subject.projectLines) out.line({ text: sanitizeLine(line), tone: 'dim' });
}

function questionDetail(out: LineBuilder, subject: Extract<DetailSubject, { kind: 'question' }>): void {
  const { question, tally } = subject;
  out.line(
    { text: `Question ${question.id}`, tone: 'heading' },
    { text: question.difficulty ? `  ${question.difficulty}` : '', tone: 'dim' },
  );
  out.wrapped(`q:${question.id}:${question.editedAt ?? ''}`, question.text);
  if (question.reference) {
    out.blank();
    out.line({ text: 'Reference: ', tone: 'dim' }, { text: sanitizeLine(question.reference) });
  }
  out.blank();
  out.line(
    { text: `${tally.candidates} candidates: ` },
    { text: `${tally.accepted} accepted`, tone: 'accepted' },
    { text: ', ' },
    { text: `${tally.rejected} rejected`, tone: 'rejected' },
    { text: `, ${tally.pending} pending` },
    ...(tally.flagged > 0 ? [{ text: `, ${tally.flagged} flagged`, tone: 'flag' as Tone }] : []),
  );
  if (tally.preferredPassing) out.line({ text: `★ preferred: #${tally.preferredPassing.sample}`, tone: 'preferred' });
  if (subject.generationFailures?.length) out.blank();
  failuresSection(out, subject.generationFailures);
}

/** What failed to generate here and why (already scrubbed of keys and made one line each). */
function failuresSection(out: LineBuilder, failures: readonly string[] | undefined): void {
  if (!failures || failures.length === 0) return;
  out.line({ text: `Generation failed (${failures.length}); c retries`, tone: 'error' });
  for (const line of failures) out.wrapped(`gen-failure:${line}`, `✗ ${line}`, 'error');
  out.blank();
}

/** A decision's time as the reviewer reads it: local date and time to the second. */
function decidedAt(iso: string): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return sanitizeLine(iso);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${at.getFullYear()}-${two(at.getMonth() + 1)}-${two(at.getDate())} ${two(at.getHours())}:${two(at.getMinutes())}:${two(at.getSeconds())}`;
}

function statusLine(out: LineBuilder, candidate: Candidate, snapshot: TagSnapshot, check: CandidateCheck | undefined): void {
  const status = statusOf(snapshot, candidate.id);
  const decision = snapshot.decisions.get(candidate.id);
  const reason = decision?.reason;
  out.line(
    { text: 'status  ', tone: 'dim' },
    { text: status, tone: status === 'accepted' ? 'accepted' : status === 'rejected' ? 'rejected' : 'pending' },
    {
      text: decision?.reviewer ? ` by ${sanitizeLine(decision.reviewer)}${decision.adjudicated ? ' (adjudicator)' : ''}` : '',
      tone: 'dim',
    },
    { text: decision && status !== 'pending' ? ` at ${decidedAt(decision.at)}` : '', tone: 'dim' },
    { text: reason ? ` (${sanitizeLine(reason)})` : '', tone: 'dim' },
    { text: '   verdict  ', tone: 'dim' },
    check
      ? { text: check.verdict, tone: check.verdict === 'pass' ? 'pass' : 'flag' }
      : { text: snapshot.checkError ? 'checks failed' : snapshot.stage === 'candidates' ? 'checking…' : 'not checked', tone: 'dim' },
    ...(check?.preferred ? [{ text: '  ★ preferred', tone: 'preferred' as Tone }] : []),
  );
}

function candidateDetail(
  out: LineBuilder,
  candidate: Candidate,
  question: Question | undefined,
  snapshot: TagSnapshot,
  options: DetailOptions,
  spans: CandidateSpans | undefined,
): void {
  const check = snapshot.checks?.get(candidate.id);
  const highlights = spanHighlights(spans, check);
  out.line({ text: `Candidate ${candidate.id}`, tone: 'heading' }, { text: `  sample #${candidate.sample}`, tone: 'dim' });
  statusLine(out, candidate, snapshot, check);
  for (const line of selectionReasons(candidate.id, candidate.questionId)) out.line({ text: sanitizeLine(line), tone: 'dim' });
  const usage = candidate.usage;
  const tokens = usage
    ? `${usage.promptTokens}+${usage.completionTokens}${usage.reasoningTokens ? ` (${usage.reasoningTokens} reasoning)` : ''}`
    : 'unknown';
  out.line(
    { text: 'finish  ', tone: 'dim' },
    { text: sanitizeLine(candidate.finishReason ?? 'none'), tone: candidate.finishReason === 'stop' ? 'normal' : 'flag' },
    { text: '   model  ', tone: 'dim' },
    { text: sanitizeLine(candidate.model) },
    { text: `   ${(candidate.latencyMs / 1000).toFixed(1)} s`, tone: 'dim' },
  );
  out.line(
    { text: 'tokens  ', tone: 'dim' },
    { text: tokens },
    ...(candidate.teacher ? [{ text: '   teacher  ', tone: 'dim' as const }, { text: sanitizeLine(candidate.teacher) }] : []),
  );
  for (const line of confidenceLines(candidate)) out.line(...line);
  if (check?.judge) {
    const { score, verdict, rationale } = check.judge;
    const tone: Tone = verdict === 'incorrect' ? 'flag' : 'normal';
    out.wrapped(
      `judge:${candidate.id}:${score}:${verdict}:${rationale}`,
      `judge   ${score}/10, ${verdictWords(verdict)}${rationale ? `: ${sanitizeLine(rationale)}` : ''}`,
      tone,
    );
  }
  if (check && check.flags.length > 0) {
    out.blank();
    out.line({ text: 'Flags', tone: 'heading' });
    for (const flag of check.flags) {
      out.wrapped(`flag:${candidate.id}:${flag.rule}:${flag.detail}`, `⚑ ${flag.rule}: ${flag.detail}`, 'flag');
      for (const excerpt of flagExcerpts(candidate, spans, flag.rule)) out.line({ text: '  ↳ ', tone: 'dim' }, ...excerpt);
    }
  }
  if (spans?.finalAnswer || question?.reference) {
    out.line(
      { text: 'final answer  ', tone: 'dim' },
      spans?.finalAnswer ? { text: sanitizeLine(spans.finalAnswer.text), tone: 'final' } : { text: '(none found)', tone: 'flag' },
      ...(question?.reference ? [{ text: '   reference  ', tone: 'dim' as Tone }, { text: sanitizeLine(question.reference) }] : []),
    );
  }
  if (question) {
    out.blank();
    out.heading('Question');
    out.wrapped(`q:${question.id}:${question.editedAt ?? ''}`, question.text);
    if (question.reference) out.line({ text: 'reference  ', tone: 'dim' }, { text: sanitizeLine(question.reference) });
  }
  for (const evidence of flagEvidence(check)) {
    out.blank();
    out.heading(sanitizeLine(evidence.title));
    out.wrapped(`evidence:${candidate.id}:${evidence.title}`, evidence.text, 'flag');
  }
  out.blank();
  reasoningSection(out, candidate, options, highlights.reasoning);
  out.blank();
  // A huge answer stays in its shard: only what is on screen is read (candidateText).
  const answer = candidateText(candidate, 'answer');
  out.heading(`Answer (${answer.length} chars)`);
  if (answer.length === 0) out.line({ text: '(empty)', tone: 'flag' });
  else if (highlights.answer.length > 0 && answer.length <= LAZY_WRAP_CHARS) out.highlighted(candidate.answer, highlights.answer);
  else out.wrapped(`a:${candidate.id}`, answer);
}

function reasoningSection(
  out: LineBuilder,
  candidate: Candidate,
  options: DetailOptions,
  highlights: Parameters<typeof highlightedLines>[1] = [],
): void {
  const reasoning = candidateText(candidate, 'reasoning');
  if (reasoning.length === 0) {
    out.heading('Reasoning');
    out.line({ text: '(no reasoning trace)', tone: 'dim' });
    return;
  }
  const total = out.wrappedCount(`r:${candidate.id}`, reasoning);
  // A huge trace's count is an estimate until it has been read to its end; its highlights are in the flags' excerpts only.
  const huge = reasoning.length > LAZY_WRAP_CHARS;
  const foldable = huge || total > FOLDED_REASONING_LINES;
  const folded = options.reasoningFolded && foldable;
  out.heading(`Reasoning (${reasoning.length} chars)${foldable ? (folded ? ' [z: unfold]' : ' [z: fold]') : ''}`);
  const limit = folded ? FOLDED_REASONING_LINES : undefined;
  if (highlights.length > 0 && !huge) out.highlighted(candidate.reasoning, highlights, limit);
  else out.wrapped(`r:${candidate.id}`, reasoning, 'normal', limit);
  if (folded) out.line({ text: `… ${huge ? 'about ' : ''}${total - FOLDED_REASONING_LINES} more lines (z unfolds)`, tone: 'dim' });
}
