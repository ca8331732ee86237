/**
 * Finds the final answer a candidate commits to: the last balanced \boxed{…} or
 * \fbox{…}; else the last "the answer is …" / "final answer: …" / "答案是 …";
 * else a choice letter the text ends on; else the whole answer when it is short.
 * Returns the raw answer text ('' when none); see normalize-answer.ts for keying.
 */
export function extractFinalAnswer(answer: string): string {
  return lastBoxed(answer) || lastAnswerPhrase(answer) || trailingChoice(answer) || trailingEquation(answer) || shortWholeAnswer(answer);
}

const BOX_COMMANDS = ['\\boxed', '\\fbox'];

/** Content of the last \boxed{…} with balanced braces, or ''. */
export function lastBoxed(text: string): string {
  let best = -1;
  let command = '';
  for (const name of BOX_COMMANDS) {
    const at = text.lastIndexOf(name + '{');
    if (at > best) {
      best = at;
      command = name;
    }
  }
  if (best < 0) return '';
  const open = best + command.length;
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === '\\' && (text[i + 1] === '{' || text[i + 1] === '}')) {
      i++;
      continue;
    }
    if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return text.slice(open + 1, i).trim();
  }
  return ''; // unbalanced: the answer was cut off inside the box
}

// Phrases that introduce the final answer, English and Chinese. The capture runs
// to the end of the sentence (a full stop followed by space or end, 。, or newline).
const ANSWER_PHRASES: readonly RegExp[] = [
  /(?:final\s+answer|the\s+(?:correct\s+)?answer\s+(?:is|would\s+be|should\s+be)|answer\s*[:：])\s*(?:is\s*)?[:：]?\s*([^\n。]+?)\s*(?:[.;](?=\s|$)|。|\n|$)/gi,
  /(?:最终答案|答案|结果)\s*(?:是|为|应为|应该是|[:：])\s*[:：]?\s*([^\n。；]+?)\s*(?:。|；|\n|\.(?=\s|$)|$)/g,
  /(?:故|因此|所以)?选(?:项)?\s*[(（]?([A-Ha-h])[)）]?(?![A-Za-z])/g,
  /\bthe\s+(?:correct|right|best)\s+(?:one|option|choice)\s+is\s+\(?([A-H])\)?(?![A-Za-z])/g,
];

function lastAnswerPhrase(text: string): string {
  let bestAt = -1;
  let best = '';
  for (const pattern of ANSWER_PHRASES) {
    pattern.lastIndex = 0;
    for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
      if (match.index >= bestAt && match[1]) {
        bestAt = match.index;
        best = match[1];
      }
    }
  }
  return stripEmphasis(best);
}

const TRAILING_CHOICE = /(?:^|[\s:：])[*_(（]*([A-H])[)）*_]*[.。]?\s*$/;

function trailingChoice(text: string): string {
  const tail = text.slice(-40).trimEnd();
  const match = TRAILING_CHOICE.exec(tail);
  return match ? match[1]! : '';
}

// "So 4 × 3 = 12." — a short answer that ends on the result of a computation.
const TRAILING_EQUATION = /=\s*([^=\n]{1,40}?)\s*[.。]?\s*$/;
const SHORT_ANSWER_CHARS = 120;

function trailingEquation(text: string): string {
  if (text.length > SHORT_ANSWER_CHARS) return '';
  const match = TRAILING_EQUATION.exec(text.trim());
  return match ? match[1]!.trim() : '';
}

const WHOLE_ANSWER_CHARS = 60;

function shortWholeAnswer(text: string): string {
  const trimmed = text.trim();
  if (trimmed.length === 0 || trimmed.length > WHOLE_ANSWER_CHARS || trimmed.includes('\n')) return '';
  return stripEmphasis(trimmed.replace(/[.。!！]$/, ''));
}

function stripEmphasis(text: string): string {
  return text.replace(/^\*+|\*+$/g, '').trim();
}
