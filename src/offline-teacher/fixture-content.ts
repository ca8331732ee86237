import { normalizeTagName, splitTagPath } from '../core/tag-path.js';
import type { Difficulty, Language } from '../core/types.js';
import type { FixtureAnswer, FixtureQuestion, FixtureSet } from './fixtures.js';
import { normalizeQuestionText as normalizeQuestion } from '../core/question-text.js';
import { extractFinalAnswer } from '../checks/answers/extract/final-answer.js';
import { synthesizeAnswer, synthesizeQuestions, synthesizeTagNames } from './synthesize.js';

export interface TeacherQuestion {
  text: string;
  difficulty: Difficulty;
  reference?: string;
}

export interface TeacherAnswer {
  reasoning: string;
  answer: string;
  finishReason: 'stop' | 'length';
}

/**
 * What the offline teacher says: recorded fixture content first, synthesised
 * content for the rest. Paths and questions are looked up leniently (case and
 * spacing), since a pipeline may tidy names on the way.
 */
export class FixtureContent {
  private readonly tagsByPath = new Map<string, string[]>();
  private readonly questionsByPath = new Map<string, FixtureQuestion[]>();
  private readonly answersByQuestion = new Map<string, FixtureAnswer[]>();

  constructor(sets: readonly FixtureSet[]) {
    for (const set of sets) {
      for (const [path, names] of Object.entries(set.tags)) addOnce(this.tagsByPath, pathKey(path), names);
      for (const [path, questions] of Object.entries(set.questions)) addOnce(this.questionsByPath, pathKey(path), questions);
      for (const [text, answers] of Object.entries(set.answers)) addOnce(this.answersByQuestion, normalizeQuestion(text), answers);
    }
  }

  /** The first `count` names for the path that are not siblings already. */
  tagNames(path: string, language: Language, count: number, siblings: readonly string[]): string[] {
    const avoid = new Set(siblings.map(normalizeTagName));
    const names: string[] = [];
    for (const name of this.tagsByPath.get(pathKey(path)) ?? []) {
      if (names.length >= count) break;
      if (avoid.has(normalizeTagName(name))) continue;
      avoid.add(normalizeTagName(name));
      names.push(name);
    }
    return [...names, ...synthesizeTagNames(path, language, count - names.length, avoid)];
  }

  /** The first `count` questions for the path that do not exist yet. */
  questions(path: string, language: Language, count: number, existing: readonly string[]): TeacherQuestion[] {
    const avoid = new Set(existing.map(normalizeQuestion));
    const questions: TeacherQuestion[] = [];
    for (const recorded of this.questionsByPath.get(pathKey(path)) ?? []) {
      if (questions.length >= count) break;
      if (avoid.has(normalizeQuestion(recorded.text))) continue;
      avoid.add(normalizeQuestion(recorded.text));
      questions.push({
        text: recorded.text,
        difficulty: recorded.difficulty,
        ...(recorded.reference !== undefined ? { reference: recorded.reference } : {}),
      });
    }
    return [...questions, ...synthesizeQuestions(path, language, count - questions.length, avoid)];
  }

  /** Sample k of a question: recorded answers cycle when more samples are asked for than were written. */
  answer(question: string, language: Language, sample: number): TeacherAnswer {
    const recorded = this.answersByQuestion.get(normalizeQuestion(question));
    if (recorded && recorded.length > 0) {
      const chosen = recorded[sample % recorded.length]!;
      return { reasoning: chosen.reasoning, answer: chosen.answer, finishReason: chosen.finish_reason };
    }
    return { ...synthesizeAnswer(question, language), finishReason: 'stop' };
  }

  /** The final answer most of the first samples give (what a judge solving the question itself would find); null when none does. */
  agreedAnswer(question: string, language: Language): string | null {
    const votes = new Map<string, number>();
    for (let sample = 0; sample < 4; sample++) {
      const final = extractFinalAnswer(this.answer(question, language, sample).answer, question).text;
      if (final) votes.set(final, (votes.get(final) ?? 0) + 1);
    }
    const [best] = [...votes].sort((a, b) => b[1] - a[1]);
    return best && best[1] >= 2 ? best[0] : null;
  }
}

function pathKey(path: string): string {
  return splitTagPath(path).map(normalizeTagName).join('>');
}

// With several fixture sets, the first one that speaks about a path wins.
function addOnce<T>(map: Map<string, T>, key: string, value: T): void {
  if (!map.has(key)) map.set(key, value);
}
