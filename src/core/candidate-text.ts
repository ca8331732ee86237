// A candidate's reasoning and answer as the store may hold them: in memory (a string), or, for a
// huge text (a runaway 20 MB trace), as a source that reads from its shard only the part asked
// for. Reading `candidate.answer` always gives the whole text; code that needs only its length or
// a window of it (lists, the detail pane, a language sample) asks for the source instead, so
// that a huge text is never read whole just to be measured or shown in part.
import type { Candidate } from './types.js';

/** What a list or a lazy wrap needs of a text; a string is one. */
export interface TextSource {
  readonly length: number;
  slice(start: number, end?: number): string;
}

export type CandidateTextField = 'reasoning' | 'answer';

const sources = new WeakMap<object, Partial<Record<CandidateTextField, TextSource>>>();

/** The store marks a candidate whose texts stay on disk until read (only it creates such candidates). */
export function attachTextSources(candidate: Candidate, texts: Partial<Record<CandidateTextField, TextSource>>): void {
  sources.set(candidate, texts);
}

/** Forgets a lazy text once the candidate holds it as a string again (it was assigned). */
export function detachTextSource(candidate: Candidate, field: CandidateTextField): void {
  const texts = sources.get(candidate);
  if (texts) delete texts[field];
}

/** The text without reading a huge one whole: a string, or a source that reads the part sliced. */
export function candidateText(candidate: Candidate, field: CandidateTextField): TextSource {
  return sources.get(candidate)?.[field] ?? candidate[field];
}

/** The text's length in UTF-16 units, as `candidate[field].length` (without reading a huge text). */
export function textLength(candidate: Candidate, field: CandidateTextField): number {
  return candidateText(candidate, field).length;
}

/** Whether any of the candidate's texts is kept on disk (it is huge). */
export function hasLazyText(candidate: Candidate): boolean {
  const texts = sources.get(candidate);
  return texts !== undefined && (texts.reasoning !== undefined || texts.answer !== undefined);
}

/** Characters lowered and searched at a time: a huge text is never copied whole to be searched. */
const SEARCH_CHUNK = 1 << 20;

/** Whether the text contains `needle` (already lower-cased), case-insensitively, chunk by chunk. */
export function includesLowerCased(text: TextSource, needle: string): boolean {
  if (typeof text === 'string' && text.length <= SEARCH_CHUNK) return text.toLocaleLowerCase().includes(needle);
  // Chunks overlap by the needle's length, so a match across a boundary is found.
  const overlap = Math.max(0, needle.length - 1);
  for (let start = 0; start < text.length; start += SEARCH_CHUNK) {
    if (
      text
        .slice(Math.max(0, start - overlap), start + SEARCH_CHUNK)
        .toLocaleLowerCase()
        .includes(needle)
    )
      return true;
  }
  return false;
}
