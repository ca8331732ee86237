// What every mark on the review screen means, for the help overlay (?). Kept beside the row
// formats' glyphs: a test checks that each glyph the rows can draw is explained here.
import type { Tone } from './view-model/styled-text.js';

export interface SymbolHelp {
  symbol: string;
  tone: Tone;
  meaning: string;
  /** Where it appears. */
  where: 'Tags' | 'Questions' | 'Candidates' | 'Detail' | 'Bars';
}

export const SYMBOL_HELP: readonly SymbolHelp[] = [
  { where: 'Tags', symbol: '◆', tone: 'dim', meaning: 'the topic (the whole project)' },
  { where: 'Tags', symbol: '▸ ▾', tone: 'dim', meaning: 'a tag with sub-tags, folded / unfolded' },
  { where: 'Tags', symbol: '≡7', tone: 'match', meaning: 'under a filter: matching items in the subtree (≡? while counting)' },
  { where: 'Tags', symbol: '3/12', tone: 'accepted', meaning: 'accepted / candidates under the tag' },
  { where: 'Tags', symbol: '✗2', tone: 'rejected', meaning: 'rejected candidates under the tag' },
  { where: 'Tags', symbol: '⚑4', tone: 'flag', meaning: 'candidates the rules flagged' },
  { where: 'Tags', symbol: '5q', tone: 'dim', meaning: 'questions, no candidates yet' },
  { where: 'Tags', symbol: '!1', tone: 'error', meaning: 'items whose generation failed; the detail says why' },
  { where: 'Tags', symbol: '…', tone: 'dim', meaning: 'the tag is being read' },
  { where: 'Questions', symbol: '✓', tone: 'accepted', meaning: 'a candidate of it is accepted (candidates: accepted)' },
  { where: 'Questions', symbol: '✗', tone: 'rejected', meaning: 'all its candidates are rejected (candidates: rejected)' },
  { where: 'Questions', symbol: '·', tone: 'pending', meaning: 'waiting for a decision' },
  { where: 'Questions', symbol: '◌', tone: 'dim', meaning: 'a decision is being written; ✓ or ✗ once it is on disk' },
  { where: 'Questions', symbol: '∅', tone: 'dim', meaning: 'no candidates yet (c generates them)' },
  { where: 'Questions', symbol: '●', tone: 'mark', meaning: 'marked for a bulk accept or reject (space)' },
  { where: 'Candidates', symbol: '#2', tone: 'normal', meaning: 'sample number of the candidate' },
  { where: 'Candidates', symbol: 'pass fail', tone: 'pass', meaning: 'the rules\u2019 verdict; ? means not checked' },
  { where: 'Candidates', symbol: '★', tone: 'preferred', meaning: 'preferred: the candidate A and a on a question accept' },
  { where: 'Candidates', symbol: '1.2k+340', tone: 'dim', meaning: 'reasoning + answer length in characters' },
  { where: 'Candidates', symbol: 'truncated', tone: 'flag', meaning: 'names of the rules that flagged it' },
  {
    where: 'Candidates',
    symbol: 'stale',
    tone: 'flag',
    meaning: 'its question was edited since: left out of A, --passing and export until regenerated or accepted again',
  },
  {
    where: 'Candidates',
    symbol: '◐',
    tone: 'match',
    meaning: 'double review: another reviewer decided it; theirs is hidden until you decide',
  },
  { where: 'Candidates', symbol: '≠', tone: 'flag', meaning: 'double review: the reviewers disagree; an adjudicator decides' },
  { where: 'Detail', symbol: '⚑ rule:', tone: 'flag', meaning: 'a flag and what the rule found' },
  { where: 'Detail', symbol: 'by NAME', tone: 'dim', meaning: 'who decided and when; (adjudicator) when final' },
  { where: 'Detail', symbol: 'teacher', tone: 'dim', meaning: 'which teacher of the pool wrote the candidate' },
  { where: 'Detail', symbol: '✗ … failed', tone: 'error', meaning: 'generation failed here after retries, with the reason; c retries' },
  { where: 'Detail', symbol: 'on yellow', tone: 'span', meaning: 'the words a flag points at (↳ quotes them under the flag)' },
  { where: 'Detail', symbol: 'on cyan', tone: 'final', meaning: 'the final answer the checks read from the answer' },
  { where: 'Detail', symbol: '(pinned)', tone: 'heading', meaning: 'compare: the candidate the others are compared with' },
  { where: 'Detail', symbol: '⏎', tone: 'dim', meaning: 'a line break inside one-line text' },
  { where: 'Bars', symbol: '… (L: more in the log)', tone: 'dim', meaning: 'the message is longer: L shows every message in full' },
];
