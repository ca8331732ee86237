// Reading a judge's reply as judges write it: JSON in a fence or bare, prose before and after,
// a <think> block first, keys in other words ("rating", "reason", "结论"), a score as "8/10",
// a verdict as "Correct." or true; and, with no JSON at all, "Score: 8 … Verdict: correct" lines.
import type { JudgeReading, JudgeVerdict } from '../core/judgement.js';
import { balancedEnd, parseLenient } from './parse-list-answer.js';
import { splitThinkBlock } from './reasoning.js';

export type JudgeExtraction = { ok: true; reading: JudgeReading } | { ok: false; problem: string };

const SCORE_KEYS = ['score', 'rating', 'grade', 'overall_score', 'overall', 'points', '分数', '评分', '得分'];
const VERDICT_KEYS = [
  'verdict',
  'final_answer_verdict',
  'correctness',
  'judgement',
  'judgment',
  'is_correct',
  'correct',
  '结论',
  '判定',
  '判断',
];
const RATIONALE_KEYS = ['rationale', 'reason', 'reasoning', 'explanation', 'justification', 'comment', '理由', '原因', '说明'];
const MAX_OPENERS_TRIED = 50;
const MAX_RATIONALE_CHARS = 600;

const VERDICT_WORDS: Record<string, JudgeVerdict> = {
  correct: 'correct',
  right: 'correct',
  true: 'correct',
  yes: 'correct',
  pass: 'correct',
  正确: 'correct',
  对: 'correct',
  incorrect: 'incorrect',
  wrong: 'incorrect',
  false: 'incorrect',
  no: 'incorrect',
  fail: 'incorrect',
  not_correct: 'incorrect',
  错误: 'incorrect',
  不正确: 'incorrect',
  错: 'incorrect',
  cannot_tell: 'cannot_tell',
  can_not_tell: 'cannot_tell',
  cant_tell: 'cannot_tell',
  cannot_determine: 'cannot_tell',
  undetermined: 'cannot_tell',
  unknown: 'cannot_tell',
  unsure: 'cannot_tell',
  uncertain: 'cannot_tell',
  unclear: 'cannot_tell',
  无法判断: 'cannot_tell',
  无法确定: 'cannot_tell',
  不确定: 'cannot_tell',
};

/** The judge's score, verdict and rationale, or what is wrong with the reply (to show back to it). */
export function readJudgeReply(reply: string): JudgeExtraction {
  const text = splitThinkBlock(reply).answer.trim();
  if (text.length === 0) return { ok: false, problem: 'the reply was empty' };
  let firstProblem: string | null = null;
  for (const value of jsonObjects(text)) {
    const read = readObject(value);
    if (read.ok) return read;
    firstProblem ??= read.problem;
  }
  const prose = readProse(text);
  if (prose) return { ok: true, reading: prose };
  return { ok: false, problem: firstProblem ?? 'the reply contains no JSON object with a "score" and a "verdict"' };
}

function* jsonObjects(text: string): Generator<Record<string, unknown>> {
  const blocks = [...[...text.matchAll(/```[a-zA-Z]*[ \t]*\r?\n?([\s\S]*?)```/g)].map((match) => match[1]!), text];
  for (const block of blocks) {
    const value = parseLenient(block.trim());
    if (isRecord(value)) yield value;
  }
  let tried = 0;
  for (let i = 0; i < text.length && tried < MAX_OPENERS_TRIED; i++) {
    if (text[i] !== '{') continue;
    tried++;
    const end = balancedEnd(text, i);
    if (end < 0) continue;
    const value = parseLenient(text.slice(i, end));
    if (!isRecord(value)) continue;
    yield value;
    i = end - 1;
  }
}

function readObject(record: Record<string, unknown>): JudgeExtraction {
  // A wrapper such as {"judgement": {...}} holds the real object one level down.
  const inner = Object.values(record).find((value) => isRecord(value) && valueOf(value, SCORE_KEYS) !== undefined);
  if (valueOf(record, SCORE_KEYS) === undefined && isRecord(inner)) return readObject(inner);
  const rawScore = valueOf(record, SCORE_KEYS);
  if (rawScore === undefined) return { ok: false, problem: 'the JSON has no "score"' };
  const score = scoreOf(rawScore);
  if (score === null) return { ok: false, problem: `the score ${clip(JSON.stringify(rawScore))} is not a number from 1 to 10` };
  const rawVerdict = valueOf(record, VERDICT_KEYS);
  const verdict = rawVerdict === undefined ? 'cannot_tell' : verdictOf(rawVerdict);
  if (verdict === null) {
    return { ok: false, problem: `the verdict ${clip(JSON.stringify(rawVerdict))} is not "correct", "incorrect" or "cannot_tell"` };
  }
  const rationale = valueOf(record, RATIONALE_KEYS);
  return { ok: true, reading: { score, verdict, rationale: tidyRationale(typeof rationale === 'string' ? rationale : '') } };
}

// "Score: 8/10", "**Verdict:** Correct", "评分：7", "Rationale: …", one per line.
const PROSE_SCORE = /(?:score|rating|grade|分数|评分|得分)\**\s*[:：=]\s*\**\s*(\d+(?:\.\d+)?)(?:\s*\/\s*10)?/i;
const PROSE_VERDICT = /(?:verdict|结论|判定)\**\s*[:：=]\s*\**\s*["“]?([A-Za-z_' -]+?|[\u4e00-\u9fff]+)["”*.,;]*\s*$/im;
const PROSE_RATIONALE = /(?:rationale|reason|explanation|理由|原因)\**\s*[:：]\s*\**\s*(.+)/i;

function readProse(text: string): JudgeReading | null {
  const scoreMatch = PROSE_SCORE.exec(text);
  if (!scoreMatch) return null;
  const score = scoreOf(scoreMatch[1]!);
  if (score === null) return null;
  const verdictMatch = PROSE_VERDICT.exec(text);
  const verdict = verdictMatch ? verdictOf(verdictMatch[1]!) : null;
  const rationale = PROSE_RATIONALE.exec(text)?.[1] ?? '';
  return { score, verdict: verdict ?? 'cannot_tell', rationale: tidyRationale(rationale) };
}

function scoreOf(value: unknown): number | null {
  let number: number;
  if (typeof value === 'number') number = value;
  else if (typeof value === 'string') {
    const match = /^\s*(\d+(?:\.\d+)?)\s*(?:\/\s*10\s*)?(?:分)?\s*$/.exec(value);
    if (!match) return null;
    number = Number(match[1]);
  } else return null;
  if (!Number.isFinite(number) || number < 1 || number > 10) return null;
  return Math.round(number * 10) / 10;
}

function verdictOf(value: unknown): JudgeVerdict | null {
  if (typeof value === 'boolean') return value ? 'correct' : 'incorrect';
  if (typeof value !== 'string') return null;
  const key = value
    .trim()
    .toLowerCase()
    .replace(/[.!。！"“”*]+/g, '')
    .replace(/[\s-]+/g, '_')
    .replace(/'/g, '');
  return VERDICT_WORDS[key] ?? null;
}

/** The value under the first of `keys` present, matched without regard to case. */
function valueOf(record: Record<string, unknown>, keys: readonly string[]): unknown {
  const lower = new Map(Object.keys(record).map((key) => [key.toLowerCase(), key]));
  for (const key of keys) {
    const found = lower.get(key);
    if (found !== undefined) return record[found];
  }
  return undefined;
}

function tidyRationale(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > MAX_RATIONALE_CHARS ? `${flat.slice(0, MAX_RATIONALE_CHARS - 1)}…` : flat;
}

function clip(text: string): string {
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
