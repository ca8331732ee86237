// Search in the detail pane. A candidate's 20 MB trace is wrapped only where it is read, so a
// search walks its lines lazily and at most DETAIL_SEARCH_LINES of them per keypress: `n` goes on
// from where it stopped. A keypress never wraps a whole huge text.
import type { LineSource } from './line-source.js';
import { findMatch } from './search.js';
import type { StyledLine } from './styled-text.js';

/** Lines read per search step in a huge detail (a few megabytes of text at most). */
export const DETAIL_SEARCH_LINES = 20_000;

export type DetailSearch = { found: number } | { found: -1; stoppedAt?: number };

export function searchDetail(
  content: LineSource,
  textOf: (line: StyledLine) => string,
  query: string,
  from: number,
  direction: 1 | -1,
  inclusive: boolean,
): DetailSearch {
  const textAt = (index: number) => {
    const line = content.at(index);
    return line === undefined ? '' : textOf(line);
  };
  // Small enough to read whole: every line, coming round at the end, as before.
  if (content.length <= DETAIL_SEARCH_LINES) return { found: findMatch(content.length, textAt, query, from, direction, inclusive) };
  const needle = query.toLocaleLowerCase();
  if (!needle) return { found: -1 };
  let index = Math.max(0, from) + (inclusive ? 0 : direction);
  for (let step = 0; step < DETAIL_SEARCH_LINES; step++, index += direction) {
    if (index < 0) return { found: -1 };
    const line = content.at(index);
    if (line === undefined) return { found: -1 };
    if (textOf(line).toLocaleLowerCase().includes(needle)) return { found: index };
  }
  return { found: -1, stoppedAt: index - direction };
}
