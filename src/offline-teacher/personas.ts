import type { Language } from '../core/types.js';
import type { ReasoningMode, TeacherReply } from './completion-body.js';
import type { FaultRule } from './faults.js';
import type { RecognizedRequest } from './recognize-request.js';
import { studentAnswer } from './student-persona.js';

/**
 * The offline teacher plays several teachers at once: the model name a request
 * asks for picks a style (where the reasoning goes, how fast) and a flaw of its
 * own, so a pool of offline teachers compares the way real ones do (the demo's
 * pool, and tests of slow or silent servers).
 */
export interface Persona {
  /** Overrides the server's reasoning mode. */
  reasoningMode?: ReasoningMode;
  /** Added to every chat completion. */
  latencyMs?: number;
  /** Faults this teacher always has (a silent server hangs on everything). */
  faults?: FaultRule[];
  /** Reshapes an answer in the persona's style; lists pass unchanged. */
  shapeAnswer?: (reply: TeacherReply, key: string, language: Language) => TeacherReply;
}

export const PERSONAS: Readonly<Record<string, Persona>> = {
  /** A DeepSeek-R1-like teacher: thinks in a <think> block, slower, and now and then talks past the token limit. */
  'offline-r1': {
    reasoningMode: 'think-tag',
    latencyMs: 40,
    shapeAnswer: (reply, key) => (unitHash(key) < 0.2 ? cutByTokenLimit(reply) : reply),
  },
  /** A small chat model: fast, and it barely reasons before answering (too short a trace). */
  'offline-mini': {
    latencyMs: 5,
    shapeAnswer: (reply, _key, language) => ({
      ...reply,
      reasoning: reply.reasoning ? SKIMPED_TRACE[language] : '',
    }),
  },
  /** Answers, but takes two seconds for each. */
  'offline-slow': { latencyMs: 2_000 },
  /** A small student model for distill probe: right on some questions, wrong on others (student-persona.ts). */
  'offline-student': { latencyMs: 2, shapeAnswer: studentAnswer },
  /** Accepts every connection and never answers. */
  'offline-silent': { faults: [{ type: 'hang' }] },
};

/** The persona of a model name; list styles may follow it (`offline-r1+strings`, see list-styles.ts). */
export function personaOf(model: string): Persona {
  return PERSONAS[model.split('+')[0]!] ?? {};
}

/** A persona's answer for one request: lists are everyone's; answers take the persona's shape. */
export function shapeReply(persona: Persona, request: RecognizedRequest, reply: TeacherReply, key: string): TeacherReply {
  if (request.kind !== 'answer' || !persona.shapeAnswer) return reply;
  return persona.shapeAnswer(reply, key, request.language);
}

function cutByTokenLimit(reply: TeacherReply): TeacherReply {
  const chars = Array.from(reply.content);
  return {
    ...reply,
    content: chars.slice(0, Math.floor(chars.length / 3)).join(''),
    finishReason: 'length',
  };
}

const SKIMPED_TRACE: Record<Language, string> = {
  en: 'Answering directly.',
  zh: '直接回答。',
};

/** FNV-1a of the key, in [0, 1): the same requests get the same flaws on every run. */
function unitHash(key: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) / 4294967296;
}
