import type { TokenUsage } from '../core/types.js';
import { isRecord, parseUsage, reasoningFieldOf, type Completion } from './completion.js';
import { splitReasoning } from './reasoning.js';

/**
 * Folds `chat.completion.chunk` objects into one Completion. Reasoning may come
 * as `reasoning_content`/`reasoning` deltas or inside the content as a `<think>`
 * block, so the content is split only once it is complete.
 */
export class StreamAccumulator {
  private content = '';
  private fieldReasoning = '';
  private refusal = '';
  private finishReason: string | null = null;
  private usage: TokenUsage | null = null;
  private model = '';

  add(chunk: unknown): void {
    if (!isRecord(chunk)) return;
    if (typeof chunk['model'] === 'string' && chunk['model']) this.model = chunk['model'];
    // With stream_options.include_usage the last chunk carries usage and no choices.
    const usage = parseUsage(chunk['usage']);
    if (usage) this.usage = usage;
    const choices = chunk['choices'];
    if (!Array.isArray(choices)) return;
    for (const choice of choices) {
      if (!isRecord(choice) || (choice['index'] ?? 0) !== 0) continue;
      const delta = choice['delta'];
      if (isRecord(delta)) {
        this.fieldReasoning += reasoningFieldOf(delta);
        if (typeof delta['content'] === 'string') this.content += delta['content'];
        if (typeof delta['refusal'] === 'string') this.refusal += delta['refusal'];
      }
      if (typeof choice['finish_reason'] === 'string') this.finishReason = choice['finish_reason'];
    }
  }

  result(latencyMs: number): Completion {
    const { reasoning, answer } = splitReasoning(this.content, this.fieldReasoning);
    return {
      reasoning,
      answer,
      finishReason: this.finishReason,
      ...(this.refusal !== '' ? { refusal: this.refusal } : {}),
      usage: this.usage,
      model: this.model,
      latencyMs,
    };
  }
}
