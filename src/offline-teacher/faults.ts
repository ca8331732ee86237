import { isListStyle, LIST_STYLES, type ListStyle } from './list-styles.js';
import type { RequestKind } from './recognize-request.js';

export type FaultAction =
  /** An HTTP error with an OpenAI-style error body; `retryAfter` in seconds (fractions allowed). */
  | { type: 'status'; status: number; retryAfter?: number; message?: string; echoKey?: boolean }
  | { type: 'delay'; ms: number }
  /** List requests only: a reply that is not valid JSON. */
  | { type: 'broken-json' }
  /** List requests only: the JSON wrapped in ```json fences and a sentence around it. */
  | { type: 'fenced-json' }
  /** List requests only: about half the items asked for (the `short` list style). */
  | { type: 'short-list' }
  /** List requests only: the list written in these styles (see list-styles.ts), on top of the server's. */
  | { type: 'list-style'; styles: ListStyle[] }
  /** finish_reason "length" with the reply cut in half. */
  | { type: 'truncate' }
  /** An empty reply (finish_reason "stop"). */
  | { type: 'empty' }
  /** Answers only: OpenAI's refusal, `message.refusal` (or `delta.refusal`) with `content: null`. */
  | { type: 'refuse'; message?: string }
  /** Answers only: finish_reason "content_filter", the answer cut where the filter stopped it. */
  | { type: 'content-filter' }
  /** Never answers (until the teacher is closed): for timeout tests. */
  | { type: 'hang' }
  /** Sends the headers and half the body, then nothing more: a server stuck mid-response. */
  | { type: 'stall' }
  /** Destroys the connection without a response. */
  | { type: 'drop' }
  /** Sends the headers and half the body, then destroys the connection: a cut in the middle of the answer. */
  | { type: 'cut' }
  /** Sends the response a piece at a time, one every `everyMs`: a server that trickles. */
  | { type: 'trickle'; everyMs: number }
  /** Answers only: an answer of `chars` characters, sent as the client reads it (it may stop reading). */
  | { type: 'huge'; chars: number };

export type FaultRule = FaultAction & {
  /** Which requests the rule looks at; default 'any'. */
  kind?: RequestKind | 'any';
  /** Only requests whose log key contains this text (a tag path, a question). */
  match?: string;
  /** Apply to the first N matching requests only. */
  times?: number;
  /** Apply to every Nth matching request (the Nth, 2Nth, …). */
  every?: number;
  /** Apply with this probability, drawn from an RNG seeded by `seed` (default 1). */
  probability?: number;
  seed?: number;
};

const LIST_ONLY = new Set<FaultAction['type']>(['broken-json', 'fenced-json', 'short-list', 'list-style']);
const ANSWER_ONLY = new Set<FaultAction['type']>(['huge', 'refuse', 'content-filter']);

/** Decides which faults hit each request; counters and RNGs live as long as the rules. */
export class FaultPlan {
  private readonly seen: number[];
  private readonly random: (() => number)[];

  constructor(private readonly rules: readonly FaultRule[]) {
    this.seen = rules.map(() => 0);
    this.random = rules.map((rule) => seededRandom(rule.seed ?? 1));
  }

  /** Applicable faults in rule order: every delay, and the first fault that shapes the response. */
  pick(kind: RequestKind, key: string): { delayMs: number; action: Exclude<FaultAction, { type: 'delay' }> | null } {
    let delayMs = 0;
    let action: Exclude<FaultAction, { type: 'delay' }> | null = null;
    this.rules.forEach((rule, index) => {
      if (!this.matches(rule, kind, key)) return;
      const seen = ++this.seen[index]!;
      if (!this.fires(rule, index, seen)) return;
      if (rule.type === 'delay') delayMs += rule.ms;
      else action ??= actionOf(rule);
    });
    return { delayMs, action };
  }

  private matches(rule: FaultRule, kind: RequestKind, key: string): boolean {
    if (rule.kind && rule.kind !== 'any' && rule.kind !== kind) return false;
    if (rule.match !== undefined && !key.includes(rule.match)) return false;
    if (ANSWER_ONLY.has(rule.type) && kind !== 'answer') return false;
    return !(LIST_ONLY.has(rule.type) && kind === 'answer');
  }

  private fires(rule: FaultRule, index: number, seen: number): boolean {
    if (rule.times !== undefined && seen > rule.times) return false;
    if (rule.every !== undefined && seen % rule.every !== 0) return false;
    if (rule.probability !== undefined && this.random[index]!() >= rule.probability) return false;
    return true;
  }
}

function actionOf(rule: FaultRule): Exclude<FaultAction, { type: 'delay' }> {
  const { kind: _kind, match: _match, times: _times, every: _every, probability: _p, seed: _seed, ...action } = rule;
  return action as Exclude<FaultAction, { type: 'delay' }>;
}

/** mulberry32: small, fast and reproducible, which is all a fault schedule needs. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FAULT_TYPES = new Set([
  'status',
  'delay',
  'broken-json',
  'fenced-json',
  'short-list',
  'list-style',
  'truncate',
  'empty',
  'refuse',
  'content-filter',
  'hang',
  'stall',
  'drop',
  'cut',
  'trickle',
  'huge',
]);

/** Fault rules from JSON text (the --faults option); throws a one-line error on a bad rule. */
export function parseFaultRules(json: string): FaultRule[] {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (err) {
    throw new Error(`--faults is not valid JSON: ${(err as Error).message}`, { cause: err });
  }
  const rules = Array.isArray(value) ? value : [value];
  rules.forEach((rule, index) => {
    const type = (rule as { type?: unknown } | null)?.type;
    if (typeof type !== 'string' || !FAULT_TYPES.has(type)) {
      throw new Error(`--faults rule ${index + 1} needs a type, one of: ${[...FAULT_TYPES].join(', ')}`);
    }
    const styles = (rule as { styles?: unknown }).styles;
    if (type === 'list-style' && (!Array.isArray(styles) || !styles.every(isListStyle))) {
      throw new Error(`--faults rule ${index + 1} (list-style) needs "styles", a list of: ${LIST_STYLES.join(', ')}`);
    }
  });
  return rules as FaultRule[];
}
