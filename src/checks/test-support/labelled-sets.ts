import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const FIXTURES = fileURLToPath(new URL('../../../fixtures/checks/', import.meta.url));

export interface LanguageExample {
  id: string;
  language: 'en' | 'zh';
  text: string;
  mixed: boolean;
  wrong: boolean;
}

export interface AnswerExample {
  /** Named for what it shows ("relation-chain-vs-interval"). */
  id: string;
  /** The question, when the case depends on it (a percentage, a rounding, options). */
  question?: string;
  reference: string;
  /** The candidate's whole answer text: the final answer is extracted from it. */
  answer: string;
  equal: boolean;
}

export function readLabelled<T>(name: string): T[] {
  return readFileSync(FIXTURES + name, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as T);
}
