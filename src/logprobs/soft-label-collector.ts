import { readTokenLogprobs } from './read-token-logprobs.js';
import { concatBytes, type SampledToken, type SoftLabelCapture, type SoftLabels } from './soft-labels.js';

const decoder = new TextDecoder();
/** Tokens a reasoning parser (vLLM's) takes out of the text while their logprobs stay. */
const THINK_MARKUP = /^\s*<\/?think>\s*$/;

/**
 * Gathers the logprobs of one reply, chunk by chunk or from a whole message, and at
 * the end checks them against the text the reply holds: a candidate keeps its logprobs
 * only when the tokens spell exactly its reasoning and answer.
 */
export class SoftLabelCollector {
  private readonly tokens: SampledToken[] = [];
  private problem: string | null = null;
  private chunksWith = 0;
  private chunksWithout = 0;

  constructor(readonly topK: number) {}

  /** One streamed choice; `text` is what its delta added (reasoning or content). */
  addChunk(choice: Record<string, unknown>, text: string): void {
    const list = contentListOf(choice);
    if (list === undefined) {
      if (text !== '') this.chunksWithout++;
      return;
    }
    this.chunksWith++;
    this.addList(list);
  }

  /** The one choice of a non-streamed reply. */
  addMessage(choice: Record<string, unknown>): void {
    const list = contentListOf(choice);
    if (list === undefined) return;
    this.chunksWith++;
    this.addList(list);
  }

  /** `fieldReasoning` and `content` as received; `stored` as split for the candidate. */
  finish(
    fieldReasoning: string,
    content: string,
    stored: { reasoning: string; answer: string },
    finishReason: string | null,
  ): SoftLabelCapture {
    if (this.problem) return { kind: 'dropped', reason: this.problem };
    if (this.chunksWith === 0) return { kind: 'unsupported', reason: 'the server sent no log-probabilities' };
    if (this.chunksWithout > 0) {
      const all = this.chunksWith + this.chunksWithout;
      return { kind: 'dropped', reason: `${this.chunksWithout} of ${all} chunks came without log-probabilities` };
    }
    if (finishReason === 'size_limit') return { kind: 'dropped', reason: 'the answer was cut at the size limit' };
    const raw = fieldReasoning + content;
    const tokens = matchingTokens(this.tokens, raw);
    if (!tokens) return { kind: 'dropped', reason: 'the tokens do not spell the text the server sent' };
    const labels = placeText(tokens, raw, stored, this.topK);
    return typeof labels === 'string' ? { kind: 'dropped', reason: labels } : { kind: 'kept', labels };
  }

  private addList(list: unknown): void {
    if (this.problem) return;
    const read = readTokenLogprobs(list, this.topK);
    if ('problem' in read) this.problem = read.problem;
    else this.tokens.push(...read.tokens);
  }
}

/** `choice.logprobs.content`, or undefined when the choice carries none. */
function contentListOf(choice: Record<string, unknown>): unknown {
  const logprobs = choice['logprobs'];
  if (typeof logprobs !== 'object' || logprobs === null) return undefined;
  const list = (logprobs as Record<string, unknown>)['content'];
  return list === null ? undefined : list;
}

function matchingTokens(tokens: SampledToken[], raw: string): SampledToken[] | null {
  if (decoder.decode(concatBytes(tokens)) === raw) return tokens;
  const withoutMarkup = tokens.filter((token) => !THINK_MARKUP.test(decoder.decode(token.bytes)));
  return decoder.decode(concatBytes(withoutMarkup)) === raw ? withoutMarkup : null;
}

/** Where the stored reasoning and answer sit in the raw text, in bytes, and the token where the answer begins. */
function placeText(tokens: SampledToken[], raw: string, stored: { reasoning: string; answer: string }, topK: number): SoftLabels | string {
  const reasoningAt = stored.reasoning ? raw.indexOf(stored.reasoning) : 0;
  if (reasoningAt < 0) return 'the reasoning is not one run of the tokens (it came both in a field and in a <think> block)';
  const reasoningEnd = reasoningAt + stored.reasoning.length;
  const answerAt = stored.answer ? raw.lastIndexOf(stored.answer) : raw.length;
  if (answerAt < reasoningEnd) return 'the answer is not where the tokens put it';
  const bytesTo = (index: number) => Buffer.byteLength(raw.slice(0, index));
  const answerSpan: [number, number] = [bytesTo(answerAt), bytesTo(answerAt + stored.answer.length)];
  let reasoningTokens = 0;
  for (let end = 0; reasoningTokens < tokens.length; reasoningTokens++) {
    end += tokens[reasoningTokens]!.bytes.length;
    if (stored.answer && end > answerSpan[0]) break;
  }
  return {
    topK,
    tokens,
    reasoningTokens,
    reasoningSpan: [bytesTo(reasoningAt), bytesTo(reasoningEnd)],
    answerSpan,
  };
}
