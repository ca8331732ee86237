import { matchingBrace } from '../latex-groups.js';
import type { AnswerSpan } from './answer-span.js';

interface Box {
  /** Offset of the backslash of \boxed. */
  start: number;
  /** Offset just after the box (its closing brace). */
  end: number;
  content: string;
}

const BOX = /\\(?:boxed|fbox|framebox)\s*(\{|(?=[^\s{]))/g;

/** Every balanced \boxed{…} and \fbox{…} (and Minerva's "\boxed 5"), in order; a box cut off mid-way ends the list. */
export function findBoxes(text: string): Box[] {
  const boxes: Box[] = [];
  if (!text.includes('\\boxed') && !text.includes('\\fbox') && !text.includes('\\framebox')) return boxes;
  BOX.lastIndex = 0;
  for (let match = BOX.exec(text); match; match = BOX.exec(text)) {
    if (match[1] === '{') {
      const open = match.index + match[0].length - 1;
      const close = matchingBrace(text, open);
      if (close < 0) break; // cut off inside the box: no answer in it
      boxes.push({ start: match.index, end: close + 1, content: text.slice(open + 1, close).trim() });
      BOX.lastIndex = close + 1;
    } else {
      const from = match.index + match[0].length;
      const stop = /\$|\n|\.(?:\s|$)/.exec(text.slice(from));
      const end = from + (stop ? stop.index : text.length - from);
      const content = text.slice(from, end).trim();
      if (content) boxes.push({ start: match.index, end, content });
      BOX.lastIndex = end;
    }
  }
  return boxes;
}

// What may stand between the boxes of one answer: math delimiters, separators,
// "and"/"or", and a variable's label ("$x = \boxed{2}$ and $y = \boxed{5}$").
const JOINER =
  /^(?:[\s,;，；、&]|\$|\\[()[\]]|\\\\|\\quad|\\qquad|\\[,;: ]|\\text\{\s*(?:and|or|,)?\s*\}|\band\b|\bor\b|和|或|以及|(?:\\?[A-Za-z](?:_\{?\w+\}?)?|\\[a-z]+)\s*(?:=|:)\s*$)*$/;
const LABEL = /((?:\\?[A-Za-z](?:_\{?\w+\}?)?|\\[a-zA-Z]+|\([A-Za-z, ]+\))\s*=\s*)$/;

/**
 * The boxes that make up the final answer: the last box, and the boxes before it
 * that only separators stand between ("\boxed{-2} and \boxed{5}"). A box followed
 * by prose ("… so $a = \boxed{4}$. Substituting back, …") is an intermediate result.
 */
export function finalBoxes(text: string): AnswerSpan | null {
  const boxes = findBoxes(text);
  if (boxes.length === 0) return null;
  let first = boxes.length - 1;
  while (first > 0) {
    const between = text.slice(boxes[first - 1]!.end, boxes[first]!.start);
    if (between.length > 80 || !JOINER.test(between)) break;
    first--;
  }
  const group = boxes.slice(first);
  const contents: string[] = [];
  for (const box of group) {
    const label = group.length > 1 ? LABEL.exec(text.slice(Math.max(0, box.start - 30), box.start).replace(/\$/g, '')) : null;
    const content = label ? `${label[1]!.trim()} ${box.content}` : box.content;
    if (contents[contents.length - 1] !== content) contents.push(content);
  }
  const last = group[group.length - 1]!;
  let end = last.end;
  // "\boxed{35}\%" and "\boxed{35}$ percent": the percent sign outside the box belongs to it
  const percent = /^\s*(?:\\%|%|\$?\s*percent\b)/.exec(text.slice(end, end + 12));
  if (percent) end += percent[0].length;
  return {
    text: contents.join(', ') + (percent ? '%' : ''),
    offset: group[0]!.start,
    length: end - group[0]!.start,
    source: 'boxed',
  };
}
