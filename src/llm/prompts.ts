import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packagePath } from '../core/package-paths.js';
import type { Language } from '../core/types.js';

/** Files in `prompts/<language>/<name>.md`. */
export type PromptName =
  | 'tags.system'
  | 'tags.user'
  | 'questions.system'
  | 'questions.user'
  | 'answer.system'
  | 'answer.user'
  | 'list-retry'
  | 'judge.system'
  | 'judge.user'
  | 'judge-retry';

export const PROMPT_NAMES: readonly PromptName[] = [
  'tags.system',
  'tags.user',
  'questions.system',
  'questions.user',
  'answer.system',
  'answer.user',
  'list-retry',
  'judge.system',
  'judge.user',
  'judge-retry',
];

export type PromptVars = Readonly<Record<string, string | number>>;

const DEFAULT_PROMPTS_DIR = packagePath('prompts');
const PLACEHOLDER = /\{\{(\w+)\}\}/g;

const cache = new Map<string, string>();

/** The template text, trailing whitespace removed; read once per process. */
export function loadPromptTemplate(language: Language, name: PromptName, dir = DEFAULT_PROMPTS_DIR): string {
  const file = join(dir, language, `${name}.md`);
  let template = cache.get(file);
  if (template === undefined) {
    template = readFileSync(file, 'utf8').replace(/\s+$/, '');
    cache.set(file, template);
  }
  return template;
}

/** Replaces every `{{name}}`; a placeholder without a value is a bug in the caller, so it throws. */
export function renderTemplate(template: string, vars: PromptVars): string {
  return template.replace(PLACEHOLDER, (_, name: string) => {
    const value = vars[name];
    if (value === undefined) throw new Error(`prompt variable {{${name}}} has no value`);
    return String(value);
  });
}

export function renderPrompt(language: Language, name: PromptName, vars: PromptVars): string {
  return renderTemplate(loadPromptTemplate(language, name), vars);
}

/** Names of the template's placeholders in order of appearance, repeats included. */
export function templateVariables(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((match) => match[1]!);
}

/** The language as prompts name it, in that language. */
export function languageName(language: Language): string {
  return language === 'zh' ? '简体中文' : 'English';
}
