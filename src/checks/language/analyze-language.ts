import { judgeRun, RunKind, type JudgeContext } from './judge-run.js';
import { NO_LANGUAGE, type LanguageFeatures } from './language-features.js';
import { segmentScripts } from './segment-scripts.js';
import { stripNonProse } from './strip-non-prose.js';

/** A stretch of another language, as offsets into the text (for quoting and highlighting). */
export interface ForeignSpan {
  kind: 'leak' | 'clause';
  language: string;
  start: number;
  end: number;
  units: number;
}

export interface LanguageAnalysis {
  features: LanguageFeatures;
  /** Every foreign stretch, in text order: adjacent clauses of one language are one span. */
  spans: ForeignSpan[];
}

/**
 * Judges which natural languages a text is written in, relative to the one it
 * should be in. Code, LaTeX and URLs are blanked first; script runs are found in
 * one pass; each run is then judged (judge-run.ts) as neutral (a term, a name, a
 * title, a quotation), expected prose, a slip of a word or two, or a clause of
 * another language. `allowed` are languages the question asks for: they count as expected.
 */
export function analyzeLanguage(text: string, expected: string, allowed: readonly string[] = [], question = ''): LanguageFeatures {
  return analyzeLanguageSpans(text, expected, allowed, question).features;
}

export function analyzeLanguageSpans(text: string, expected: string, allowed: readonly string[] = [], question = ''): LanguageAnalysis {
  if (text.length === 0) return { features: NO_LANGUAGE, spans: [] };
  const prose = stripNonProse(text);
  const segmented = segmentScripts(prose);
  const context: JudgeContext = { prose, segmented, expected, question, original: text };
  const units = new Map<string, number>();
  const spans: ForeignSpan[] = [];
  let expectedUnits = 0;
  let foreignUnits = 0;
  let current: ForeignSpan | null = null;

  const runs = segmented.runs;
  for (let index = 0; index < runs.length; index++) {
    const run = runs[index]!;
    const verdict = judgeRun(run, index, context);
    if (verdict.kind === RunKind.Neutral) continue; // neither breaks a foreign span nor counts
    if (verdict.expectedUnits !== undefined) {
      expectedUnits += verdict.expectedUnits;
      units.set(expected, (units.get(expected) ?? 0) + verdict.expectedUnits);
    }
    units.set(verdict.language, (units.get(verdict.language) ?? 0) + verdict.units);
    if (verdict.kind === RunKind.Expected || verdict.language === expected || allowed.includes(verdict.language)) {
      expectedUnits += verdict.units;
      current = null;
      continue;
    }
    foreignUnits += verdict.units;
    if (verdict.kind === RunKind.Leak) {
      spans.push({ kind: 'leak', language: verdict.language, start: verdict.slipStart ?? run.start, end: run.end, units: verdict.units });
      current = null;
      continue;
    }
    if (current !== null && current.language === verdict.language) {
      current.end = run.end;
      current.units += verdict.units;
      continue;
    }
    current = { kind: 'clause', language: verdict.language, start: run.start, end: run.end, units: verdict.units };
    spans.push(current);
  }

  return { features: summarize(text, units, expectedUnits, foreignUnits, spans), spans };
}

function summarize(
  text: string,
  units: Map<string, number>,
  expectedUnits: number,
  foreignUnits: number,
  spans: ForeignSpan[],
): LanguageFeatures {
  let longest: ForeignSpan | null = null;
  let firstLeak: ForeignSpan | null = null;
  let leaks = 0;
  for (const span of spans) {
    if (span.kind === 'leak') {
      leaks++;
      firstLeak ??= span;
    } else if (!longest || span.units > longest.units) {
      longest = span;
    }
  }
  return {
    dominant: dominantLanguage(units),
    expectedUnits,
    foreignUnits,
    spanLanguage: longest?.language ?? '',
    spanUnits: longest?.units ?? 0,
    spanText: longest ? quoteSpan(text.slice(longest.start, longest.end)) : '',
    spanOffset: longest?.start ?? -1,
    leaks,
    leakLanguage: firstLeak?.language ?? '',
    leakText: firstLeak ? quoteInContext(text, firstLeak) : '',
  };
}

function dominantLanguage(units: Map<string, number>): string {
  let dominant = 'und';
  let most = 0;
  for (const [language, count] of units) {
    if (count > most) {
      most = count;
      dominant = language;
    }
  }
  return dominant;
}

const QUOTE_LENGTH = 80;
const CONTEXT_CHARS = 12;

function quoteSpan(span: string): string {
  // Only the start is quoted: flatten no more of a long span than that.
  const flat = span
    .slice(0, QUOTE_LENGTH * 4)
    .replace(/\s+/g, ' ')
    .trim();
  return flat.length <= QUOTE_LENGTH ? flat : flat.slice(0, QUOTE_LENGTH - 1) + '…';
}

/** A slip of a word or two means little alone: quote it with the words around it. */
function quoteInContext(text: string, span: ForeignSpan): string {
  const from = Math.max(0, span.start - CONTEXT_CHARS);
  const to = Math.min(text.length, span.end + CONTEXT_CHARS);
  let before = text.slice(from, span.start).split('\n').pop()!;
  let after = text.slice(span.end, to).split('\n')[0]!;
  // Whole words only: "was still真 real", not "et was still真 real".
  if (from > 0 && /\s/.test(before.trimEnd())) before = before.replace(/^\S*\s+/, '');
  if (to < text.length && /\s/.test(after.trimStart())) after = after.replace(/\s+\S*$/, '');
  return quoteSpan(before + text.slice(span.start, span.end) + after);
}
