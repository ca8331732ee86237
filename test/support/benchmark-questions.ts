// Questions of a demo project that a benchmark file can repeat without also matching their
// neighbours (the demo's questions share openings), and a rewording that the fuzzy ratio and the
// n-gram overlap still catch.
import type { Question } from '../../src/core/types.js';

/** Three questions of at least 14 words whose first five words no other question shares. */
export function distinctQuestions(questions: readonly Question[]): [Question, Question, Question] {
  const opening = (question: Question): string => question.text.split(/\s+/).slice(0, 5).join(' ');
  const unique = questions.filter((question) => questions.filter((other) => opening(other) === opening(question)).length === 1);
  const long = unique.filter((question) => question.text.split(/\s+/).length >= 14);
  if (long.length < 3) throw new Error(`the demo has only ${long.length} distinct long questions`);
  return [long[0]!, long[1]!, long[2]!];
}

/** Reworded by a few words: one dropped from the middle, one added at the end. */
export function reword(text: string): string {
  const words = text.split(' ');
  words.splice(Math.floor(words.length / 2), 1);
  return `${words.join(' ')} Briefly.`;
}
