import { teachersWithRole, type PoolTeacher } from '../core/teacher-pool-config.js';
import { estimateTokens } from '../core/token-estimate.js';
import type { GenerationDefaults, Question, TeacherRole } from '../core/types.js';
import { buildAnswerMessages, buildQuestionsMessages, buildTagsMessages } from '../llm/index.js';
import { QUESTIONS_PER_REQUEST } from '../pipeline/question-stage.js';
import type { ProjectStoreApi } from '../store/store-api.js';

/** Output tokens a request is guessed to take when the project has no answers to learn from. */
const GUESSED_ANSWER_TOKENS = 1_200;
const GUESSED_TOKENS_PER_QUESTION = 45;
const GUESSED_TOKENS_PER_TAG = 12;
/** Answers of the project looked at to learn the teachers' usual length. */
const SAMPLED_CANDIDATES = 400;

export interface AutoPlan {
  target: GenerationDefaults;
  /** Requests each stage would send (first attempts; re-asks of a bad list come on top). */
  requests: { tags: number; questions: number; answers: number };
  /** Items they would bring. */
  items: { tags: number; questions: number; answers: number };
  promptTokens: number;
  completionTokens: number;
  tokens: number;
  /** US dollars at the teachers' prices; null when a teacher with work has no price. */
  cost: number | null;
}

/**
 * What `auto` would ask for to reach `target` from what the project has now:
 * the same walk as runAuto, counting instead of asking. Parts of the tree that
 * do not exist yet are counted at their full size.
 */
export async function planAuto(store: ProjectStoreApi, target: GenerationDefaults): Promise<AutoPlan> {
  const count = { tags: 0, questions: 0, answers: 0 };
  const items = { tags: 0, questions: 0, answers: 0 };
  const virtualBranch = (depth: number): void => {
    if (depth < target.levels) {
      count.tags++;
      items.tags += target.tagsPerLevel;
      for (let i = 0; i < target.tagsPerLevel; i++) virtualBranch(depth + 1);
      return;
    }
    count.questions += Math.ceil(target.questionsPerTag / QUESTIONS_PER_REQUEST);
    items.questions += target.questionsPerTag;
    count.answers += target.questionsPerTag * target.candidates;
  };
  const walk = async (tagId: string | null, depth: number): Promise<void> => {
    const children = store.children(tagId);
    if (depth < target.levels) {
      const missing = Math.max(0, target.tagsPerLevel - children.length);
      if (missing > 0) {
        count.tags++;
        items.tags += missing;
      }
      for (const child of children) await walk(child.id, depth + 1);
      for (let i = 0; i < missing; i++) virtualBranch(depth + 1);
      return;
    }
    if (tagId === null) return;
    if (children.length > 0) {
      for (const child of children) await walk(child.id, depth + 1);
      return;
    }
    const questions = await store.questions(tagId);
    const missing = Math.max(0, target.questionsPerTag - questions.length);
    count.questions += Math.ceil(missing / QUESTIONS_PER_REQUEST);
    items.questions += missing;
    count.answers += missing * target.candidates + (await missingAnswers(store, tagId, questions, target.candidates));
  };
  await walk(null, 0);
  items.answers = count.answers;

  const language = store.config.language;
  const topic = store.config.topic;
  const path = [topic, 'A sub-topic of the domain'];
  const tagPrompt = promptTokens(buildTagsMessages({ language, topic, path, count: target.tagsPerLevel, siblings: [] }));
  const questionPrompt = promptTokens(buildQuestionsMessages({ language, path, count: target.questionsPerTag, existing: [] }));
  const learned = await learnedLengths(store);
  const answerPrompt = promptTokens(buildAnswerMessages({ language, question: 'x'.repeat(learned.questionChars) }));

  const work: { role: TeacherRole; requests: number; prompt: number; completion: number }[] = [
    { role: 'questions', requests: count.tags, prompt: tagPrompt, completion: GUESSED_TOKENS_PER_TAG * target.tagsPerLevel },
    {
      role: 'questions',
      requests: count.questions,
      prompt: questionPrompt,
      completion: GUESSED_TOKENS_PER_QUESTION * Math.min(QUESTIONS_PER_REQUEST, target.questionsPerTag),
    },
    { role: 'answers', requests: count.answers, prompt: answerPrompt, completion: learned.answerTokens },
  ];
  let prompt = 0;
  let completion = 0;
  let cost: number | null = 0;
  for (const part of work) {
    prompt += part.requests * part.prompt;
    completion += part.requests * part.completion;
    const partCost = costByWeight(teachersWithRole(store.config, part.role), part.requests * part.prompt, part.requests * part.completion);
    cost = cost === null || (partCost === null && part.requests > 0) ? null : cost + (partCost ?? 0);
  }
  return {
    target,
    requests: count,
    items,
    promptTokens: prompt,
    completionTokens: completion,
    tokens: prompt + completion,
    cost,
  };
}

/** Samples 0..k-1 the tag's questions have no candidate for. */
async function missingAnswers(store: ProjectStoreApi, tagId: string, questions: readonly Question[], k: number): Promise<number> {
  if (questions.length === 0) return 0;
  const have = store.counts(tagId).candidates;
  if (have === 0) return questions.length * k;
  const samples = new Map<string, Set<number>>();
  for (const candidate of await store.candidates(tagId)) {
    const set = samples.get(candidate.questionId) ?? new Set<number>();
    if (candidate.sample < k) set.add(candidate.sample);
    samples.set(candidate.questionId, set);
  }
  return questions.reduce((sum, question) => sum + k - (samples.get(question.id)?.size ?? 0), 0);
}

/** The usual question length and answer tokens of the project so far, or guesses for a new one. */
async function learnedLengths(store: ProjectStoreApi): Promise<{ questionChars: number; answerTokens: number }> {
  let questions = 0;
  let questionChars = 0;
  let answers = 0;
  let answerTokens = 0;
  for (const tag of store.tags()) {
    if (answers >= SAMPLED_CANDIDATES) break;
    if (store.counts(tag.id).candidates === 0) continue;
    for (const question of await store.questions(tag.id)) {
      questions++;
      questionChars += question.text.length;
    }
    for (const candidate of await store.candidates(tag.id)) {
      if (!candidate.usage) continue;
      answers++;
      answerTokens += candidate.usage.completionTokens;
    }
  }
  return {
    questionChars: questions > 0 ? Math.round(questionChars / questions) : 140,
    answerTokens: answers > 0 ? Math.round(answerTokens / answers) : GUESSED_ANSWER_TOKENS,
  };
}

function promptTokens(messages: readonly { content: string }[]): number {
  return messages.reduce((sum, message) => sum + estimateTokens(message.content), 0);
}

/** The cost of work shared among teachers by weight; null when one of them has no price. */
function costByWeight(teachers: readonly PoolTeacher[], prompt: number, completion: number): number | null {
  const total = teachers.reduce((sum, teacher) => sum + teacher.weight, 0);
  let cost = 0;
  for (const teacher of teachers) {
    if (!teacher.price) return null;
    const share = teacher.weight / total;
    cost += (share * (prompt * teacher.price.inputPerMillion + completion * teacher.price.outputPerMillion)) / 1_000_000;
  }
  return cost;
}
