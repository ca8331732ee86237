// The offline teacher as a judge (issue 11): it recognises the judge prompt and grades the
// candidate as a careful judge would, from whether its final answer matches the reference (or,
// without one, the answer the recorded samples agree on), and how much of an answer it is. Then
// it writes the judgement the way real judges do when no structured output holds them to a
// shape: fenced, with prose around it, after a <think> block, under other keys, without a
// rationale, or as "Score: 7/10" lines. The same request always gets the same reply.
import { compareAnswers } from '../checks/answers/answer-equivalence.js';
import { extractFinalAnswer } from '../checks/answers/extract/final-answer.js';
import type { JudgeVerdict } from '../core/judgement.js';
import type { Language } from '../core/types.js';
import type { TeacherReply } from './completion-body.js';
import type { RequestedFormat } from './list-styles.js';

export interface JudgeRequest {
  language: Language;
  question: string;
  /** '' when the prompt said there is none. */
  reference: string;
  reasoning: string;
  answer: string;
}

interface Grade {
  score: number;
  verdict: JudgeVerdict;
  rationale: string;
}

/** How the judge reads a candidate: its verdict on the final answer and a 1–10 score. */
export function gradeCandidate(request: JudgeRequest, ownAnswer: string | null): Grade {
  const final = extractFinalAnswer(request.answer, request.question).text;
  const against = request.reference || ownAnswer || '';
  const zh = request.language === 'zh';
  const thin = request.answer.trim().length < 40 || request.reasoning.trim().length < 40 ? 2 : 0;
  if (against && !final) {
    return {
      score: 2,
      verdict: 'incorrect',
      rationale: zh ? '答案没有给出明确的最终结果。' : 'The answer never commits to a final result.',
    };
  }
  // An open question (an explanation, a comparison) has no single value: a substantial answer reads as right.
  let verdict: JudgeVerdict = thin ? 'cannot_tell' : 'correct';
  if (against) {
    const compared = compareAnswers(against, final, request.question).verdict;
    // Where the rules' comparison gives up, a judge still reads both: the same text is the same answer.
    verdict =
      compared === 'equal' ? 'correct' : compared === 'different' ? 'incorrect' : sameText(against, final) ? 'correct' : 'incorrect';
  }
  // Judges disagree with themselves by a point or two; the same text always gets the same score.
  const jitter = Math.floor(unitHash(`${request.question}\u0000${request.reasoning}\u0000${request.answer}`) * 4) - 2;
  const base = verdict === 'correct' ? 9 : verdict === 'incorrect' ? 3 : 5;
  const score = Math.max(1, Math.min(10, base + jitter - thin));
  return { score, verdict, rationale: rationaleOf(verdict, final, against, thin > 0, zh) };
}

function rationaleOf(verdict: JudgeVerdict, final: string, against: string, thin: boolean, zh: boolean): string {
  const value = final.length > 40 ? `${final.slice(0, 39)}…` : final;
  if (!against) {
    if (zh) return verdict === 'correct' ? '回答全面准确，讲解清楚。' : '回答过于简略，无法判断是否正确。';
    return verdict === 'correct'
      ? 'A thorough, accurate explanation that covers what was asked.'
      : 'Too thin an answer to tell whether it is right.';
  }
  if (zh) {
    if (verdict === 'correct') return `最终答案 ${value} 与参考一致${thin ? '，但推理过于简略' : '，推理清楚'}。`;
    if (verdict === 'incorrect') return `最终答案 ${value} 与正确结果 ${against.slice(0, 40)} 不符。`;
    return `没有参考答案，无法确定 ${value} 是否正确。`;
  }
  if (verdict === 'correct')
    return `The final answer ${value} matches the expected result${thin ? ', but the reasoning is too thin' : ' and the reasoning is sound'}.`;
  if (verdict === 'incorrect') return `The final answer ${value} does not match the expected ${against.slice(0, 40)}.`;
  return `Without a reference it cannot be checked whether ${value} is right.`;
}

/** The judgement as this judge writes it for one request (`key` picks its habit, the same every time). */
export function judgeReply(grade: Grade, key: string, format: RequestedFormat): TeacherReply {
  const reasoning = `The candidate's final answer has to be checked against what is expected; verdict ${grade.verdict}.`;
  const clean = JSON.stringify({ score: grade.score, verdict: grade.verdict, rationale: grade.rationale });
  const habit = Math.floor(unitHash(key) * 6);
  if (format === 'json_schema') return { reasoning, content: clean, finishReason: 'stop' };
  if (format === 'json_object') {
    // JSON mode holds the reply to an object, not to the keys asked for.
    const loose = habit % 2 === 0 ? clean : JSON.stringify({ rating: grade.score, verdict: verdictWord(grade.verdict) });
    return { reasoning, content: loose, finishReason: 'stop' };
  }
  switch (habit) {
    case 0:
      return { reasoning, content: clean, finishReason: 'stop' };
    case 1:
      return {
        reasoning,
        content: `Here is my assessment:\n\n\`\`\`json\n${clean}\n\`\`\`\n\nLet me know if you need more detail.`,
        finishReason: 'stop',
      };
    case 2:
      return { reasoning: '', content: `<think>\n${reasoning}\n</think>\n\n${clean}`, finishReason: 'stop' };
    case 3:
      return {
        reasoning,
        content: `After checking the work, my judgement is ${JSON.stringify({ score: `${grade.score}/10`, verdict: verdictWord(grade.verdict) })}.`,
        finishReason: 'stop',
      };
    case 4:
      return { reasoning, content: JSON.stringify({ score: grade.score, verdict: grade.verdict }), finishReason: 'stop' };
    default:
      return {
        reasoning,
        content: `**Score:** ${grade.score}/10\n**Verdict:** ${verdictWord(grade.verdict)}\n**Rationale:** ${grade.rationale}`,
        finishReason: 'stop',
      };
  }
}

function verdictWord(verdict: JudgeVerdict): string {
  return verdict === 'correct' ? 'Correct' : verdict === 'incorrect' ? 'Incorrect' : 'Cannot tell';
}

function sameText(a: string, b: string): boolean {
  const key = (text: string) => text.toLowerCase().replace(/[\s$\\{}]+/g, '');
  return key(a) === key(b);
}

/** FNV-1a of the text, in [0, 1). */
function unitHash(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) / 4294967296;
}
