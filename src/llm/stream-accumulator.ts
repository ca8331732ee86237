import type { TokenUsage } from '../core/types.js';
import { isRecord, parseUsage, reasoningFieldOf, type Completion } from './completion.js';
import { splitReasoning } from './reasoning.js';
import { SoftLabelCollector } from '../logprobs/soft-label-collector.js';

/** distill's own finish reason: the answer passed the size limit and was cut there (see maxAnswerChars). */
export const SIZE_LIMIT_FINISH = 'size_limit';

/**
 * Folds `chat.completion.chunk` objects into one Completion. Reasoning may come
 * as `reasoning_content`/`reasoning` deltas or inside the content as a `<think>`
 * block, so the content is split only once it is complete. Text beyond
 * `maxChars` (reasoning and content together) is not kept: `add` then returns
 * false, and the caller stops reading, so memory stays flat however much a
 * server sends.
 */
export class StreamAccumulator {
  // Pieces, joined once at the end: a long answer is hundreds of deltas.
  private readonly content: string[] = [];
  private readonly fieldReasoning: string[] = [];
  private chars = 0;
  private refusal = '';
  private finishReason: string | null = null;
  private usage: TokenUsage | null = null;
  private model = '';
  private cut = false;
  private readonly collector: SoftLabelCollector | null;

  constructor(
    private readonly maxChars = Number.POSITIVE_INFINITY,
    logprobsTopK = 0,
  ) {
    this.collector = logprobsTopK > 0 ? new SoftLabelCollector(logprobsTopK) : null;
  }

  /** False once the text reached the size limit: read no more. */
  add(chunk: unknown): boolean {
    if (!isRecord(chunk) || this.cut) return !this.cut;
    if (typeof chunk['model'] === 'string' && chunk['model']) this.model = chunk['model'];
    // With stream_options.include_usage the last chunk carries usage and no choices.
    const usage = parseUsage(chunk['usage']);
    if (usage) this.usage = usage;
    const choices = chunk['choices'];
    if (!Array.isArray(choices)) return true;
    for (const choice of choices) {
      if (!isRecord(choice) || (choice['index'] ?? 0) !== 0) continue;
      const delta = choice['delta'];
      if (isRecord(delta)) {
        const field = reasoningFieldOf(delta);
        const content = typeof delta['content'] === 'string' ? delta['content'] : '';
        if (field) this.fieldReasoning.push(this.fitting(field));
        if (content) this.content.push(this.fitting(content));
        if (typeof delta['refusal'] === 'string') this.refusal += delta['refusal'];
        this.collector?.addChunk(choice, field + content);
      } else {
        this.collector?.addChunk(choice, '');
      }
      if (typeof choice['finish_reason'] === 'string') this.finishReason = choice['finish_reason'];
    }
    return !this.cut;
  }

  result(latencyMs: number): Completion {
    const content = this.content.join('');
    const fieldReasoning = this.fieldReasoning.join('');
    const { reasoning, answer } = splitReasoning(content, fieldReasoning);
    const finishReason = this.cut ? SIZE_LIMIT_FINISH : this.finishReason;
    const softLabels = this.collector?.finish(fieldReasoning, content, { reasoning, answer }, finishReason);
    return {
      reasoning,
      answer,
      finishReason,
      ...(softLabels ? { softLabels } : {}),
      ...(this.refusal !== '' ? { refusal: this.refusal } : {}),
      usage: this.usage,
      model: this.model,
      latencyMs,
    };
  }

  private fitting(text: string): string {
    const room = this.maxChars - this.chars;
    if (text.length <= room) {
      this.chars += text.length;
      return text;
    }
    this.cut = true;
    this.chars = this.maxChars;
    return text.slice(0, Math.max(0, room));
  }
}
