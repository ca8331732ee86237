import { LANGUAGES, type Language } from '../core/types.js';
import { parsePromptList } from '../llm/prompt-messages.js';
import { loadPromptTemplate, templateVariables, type PromptName } from '../llm/prompts.js';

export type RecognizedRequest =
  | { kind: 'tags'; language: Language; topic: string; path: string; count: number; siblings: string[] }
  | { kind: 'questions'; language: Language; path: string; count: number; existing: string[] }
  /** The judge prompt (prompts/<language>/judge.user.md); a part the prompt marked as none is ''. */
  | { kind: 'judge'; language: Language; question: string; reference: string; reasoning: string; answer: string }
  /** `recognized` is false for a prompt that is not ours: its last user message is taken as the question. */
  | { kind: 'answer'; language: Language; question: string; recognized: boolean };

export type RequestKind = RecognizedRequest['kind'];

interface TemplateMatcher {
  kind: RequestKind;
  language: Language;
  pattern: RegExp;
}

const DEFAULT_COUNT = 5;
/** What the judge prompt says in place of a missing reference or trace (llm/judge-messages.ts). */
const NONE_MARKERS = new Set(['(none)', '（无）']);
let matchers: TemplateMatcher[] | undefined;

/**
 * Tells which of our prompts a request carries from its body alone (batch
 * runners send no headers of ours): each user template becomes a regex whose
 * capture groups give back the variables. The first user message is the
 * prompt; later ones are corrective re-asks of the same request.
 */
export function recognizeRequest(messages: readonly { role: string; content: string }[]): RecognizedRequest {
  const userMessages = messages.filter((message) => message.role === 'user');
  const prompt = (userMessages[0]?.content ?? '').replace(/\s+$/, '');
  for (const matcher of templateMatchers()) {
    const groups = matcher.pattern.exec(prompt)?.groups;
    if (groups) return fromGroups(matcher, groups);
  }
  const question = (userMessages.at(-1)?.content ?? '').trim();
  return { kind: 'answer', language: guessLanguage(question), question, recognized: false };
}

/** Number of user turns: 1 for a first request, 2 and up for re-asks after a bad list. */
export function attemptOf(messages: readonly { role: string }[]): number {
  return Math.max(1, messages.filter((message) => message.role === 'user').length);
}

function fromGroups(matcher: TemplateMatcher, groups: Record<string, string | undefined>): RecognizedRequest {
  const { language } = matcher;
  const value = (name: string) => (groups[name] ?? '').trim();
  const count = Number.parseInt(value('count'), 10);
  const safeCount = Number.isFinite(count) && count > 0 ? count : DEFAULT_COUNT;
  switch (matcher.kind) {
    case 'tags':
      return {
        kind: 'tags',
        language,
        topic: value('topic'),
        path: value('path'),
        count: safeCount,
        siblings: parsePromptList(value('siblings')),
      };
    case 'questions':
      return { kind: 'questions', language, path: value('path'), count: safeCount, existing: parsePromptList(value('existing')) };
    case 'judge': {
      const given = (name: string) => (NONE_MARKERS.has(value(name)) ? '' : value(name));
      return {
        kind: 'judge',
        language,
        question: value('question'),
        reference: given('reference'),
        reasoning: given('reasoning'),
        answer: given('answer'),
      };
    }
    case 'answer':
      return { kind: 'answer', language, question: value('question'), recognized: true };
  }
}

function templateMatchers(): TemplateMatcher[] {
  if (!matchers) {
    const prompts: [RequestKind, PromptName][] = [
      ['tags', 'tags.user'],
      ['questions', 'questions.user'],
      // Before the answer prompt, whose question may be anything.
      ['judge', 'judge.user'],
      ['answer', 'answer.user'],
    ];
    matchers = prompts.flatMap(([kind, name]) =>
      LANGUAGES.map((language) => ({ kind, language, pattern: templatePattern(loadPromptTemplate(language, name)) })),
    );
  }
  return matchers;
}

/** `Topic: {{topic}}.` -> /^Topic: (?<topic>[\s\S]*?)\.$/; a repeated variable must repeat its value. */
export function templatePattern(template: string): RegExp {
  const literals = template.split(/\{\{\w+\}\}/);
  const names = templateVariables(template);
  const seen = new Set<string>();
  let source = '^' + escapeRegex(literals[0]!);
  names.forEach((name, index) => {
    source += seen.has(name) ? `\\k<${name}>` : `(?<${name}>[\\s\\S]*?)`;
    seen.add(name);
    source += escapeRegex(literals[index + 1]!);
  });
  return new RegExp(source + '$');
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function guessLanguage(text: string): Language {
  const han = text.match(/\p{Script=Han}/gu)?.length ?? 0;
  // Chinese text quotes Latin terms and numbers freely, so a minority of Han is already Chinese.
  return han > 0 && han >= 0.3 * text.replace(/\s/g, '').length ? 'zh' : 'en';
}
