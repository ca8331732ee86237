import type { Completion } from './completion.js';
import { splitReasoning } from './reasoning.js';
import { SIZE_LIMIT_FINISH } from './stream-accumulator.js';

/**
 * What can be kept of a non-streamed response that was too big to read whole:
 * the beginning of its `reasoning_content` (or `reasoning`) and `content`
 * strings, decoded from the JSON prefix that was read, at most `maxChars` in all.
 */
export function salvageCompletion(prefix: string, maxChars: number, latencyMs: number): Completion {
  const content = jsonStringAfter(prefix, 'content') ?? '';
  const field = jsonStringAfter(prefix, 'reasoning_content') ?? jsonStringAfter(prefix, 'reasoning') ?? '';
  const keptField = field.slice(0, maxChars);
  const { reasoning, answer } = splitReasoning(content.slice(0, Math.max(0, maxChars - keptField.length)), keptField);
  const model = /"model"\s*:\s*"([^"\\]{1,200})"/.exec(prefix)?.[1] ?? '';
  return { reasoning, answer, finishReason: SIZE_LIMIT_FINISH, usage: null, model, latencyMs };
}

const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

/** The (possibly unterminated) JSON string value of the first `"key": "…"` in `text`, decoded. */
export function jsonStringAfter(text: string, key: string): string | null {
  // An escaped quote inside another string reads `\"key\"`, which this never matches.
  const match = new RegExp(`"${key}"\\s*:\\s*"`).exec(text);
  if (!match) return null;
  let out = '';
  for (let i = match.index + match[0].length; i < text.length; i++) {
    const char = text[i]!;
    if (char === '"') return out;
    if (char !== '\\') {
      out += char;
      continue;
    }
    const next = text[i + 1];
    if (next === undefined) break;
    if (next === 'u') {
      const hex = text.slice(i + 2, i + 6);
      if (!/^[0-9a-fA-F]{4}$/.test(hex)) break; // cut inside the escape
      out += String.fromCharCode(parseInt(hex, 16));
      i += 5;
      continue;
    }
    out += ESCAPES[next] ?? next;
    i++;
  }
  return out;
}
