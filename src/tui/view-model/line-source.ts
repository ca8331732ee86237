// Lines a pane shows, asked for one at a time: an array is one, and so is the detail of a
// candidate whose 20 MB answer is wrapped only where it is looked at.
import type { StyledLine } from './styled-text.js';

export interface LineSource {
  /** The line count; an estimate while a lazy part has not been read to its end. */
  readonly length: number;
  /** Line `index`; undefined past the end. */
  at(index: number): StyledLine | undefined;
  /** The exact count, reading lazy parts to their end (for a jump to the bottom). */
  exactLength?(): number;
}
