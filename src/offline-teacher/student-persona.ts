// The offline teacher playing a small student model (`offline-student`), for `distill probe`: each
// question gets a fixed skill level from its text, and each sample is right or wrong by chance at
// that level, so pass rates over S samples vary the way a real student's do: some questions it
// always solves, some about half the time, some 1–3 times in 32 (LIMO's band), some never. A wrong
// sample is the teacher's answer with its final value changed (a slipped digit, the next option
// letter), which is what a small model's wrong answers mostly look like; a student also reasons
// less than its teacher.
import type { Language } from '../core/types.js';
import type { TeacherReply } from './completion-body.js';

/** Share of questions at each skill level, and the chance a sample is right at that level. */
const LEVELS: readonly { share: number; solves: number }[] = [
  { share: 0.35, solves: 1 },
  { share: 0.25, solves: 0.5 },
  { share: 0.2, solves: 0.07 },
  { share: 0.2, solves: 0 },
];

const SHORT_TRACE: Record<Language, string> = {
  en: 'Let me work through this quickly and give the answer.',
  zh: '简单推理后直接作答。',
};

/** `key` is `answer:QUESTION#SAMPLE` (offline-teacher.ts). */
export function studentAnswer(reply: TeacherReply, key: string, language: Language): TeacherReply {
  const hashAt = key.lastIndexOf('#');
  const question = hashAt > 0 ? key.slice(0, hashAt) : key;
  const right = unitHash(`sample:${key}`) < solveChance(question);
  const shaped = {
    ...reply,
    reasoning: reply.reasoning ? SHORT_TRACE[language] : '',
  };
  return right ? shaped : { ...shaped, content: slipFinalValue(reply.content) };
}

/** The chance this question's samples are right. */
export function solveChance(question: string): number {
  let u = unitHash(`level:${question}`);
  for (const level of LEVELS) {
    if (u < level.share) return level.solves;
    u -= level.share;
  }
  return 0;
}

/**
 * The answer with its final value wrong: the last \boxed{…} changed, else every number of the last
 * paragraph. An option letter becomes the next one; a digit the next digit (364.5 → 475.6).
 */
export function slipFinalValue(content: string): string {
  const box = content.lastIndexOf('\\boxed{');
  if (box >= 0) {
    const start = box + '\\boxed{'.length;
    const end = content.indexOf('}', start);
    if (end > start) return content.slice(0, start) + slip(content.slice(start, end)) + content.slice(end);
  }
  const lastParagraph = content.lastIndexOf('\n\n') + 1;
  const slipped = content.slice(0, lastParagraph) + slip(content.slice(lastParagraph));
  // No value to change (a prose answer): the student answers something else, in a sentence.
  return slipped === content ? `${content.trim().split(/(?<=[.!?。！？])\s*/)[0] ?? ''} (I am not sure about the rest.)` : slipped;
}

function slip(value: string): string {
  const trimmed = value.trim();
  if (/^[A-Ea-e]$/.test(trimmed)) return value.replace(trimmed, String.fromCharCode(((trimmed.toUpperCase().charCodeAt(0) - 64) % 5) + 65));
  return value.replace(/\d/g, (digit) => String((Number(digit) + 1) % 10));
}

/** FNV-1a in [0, 1): the same question and sample get the same outcome on every run. */
function unitHash(key: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) / 4294967296;
}
