// Reads batch result files line by line (they can hold millions of answers): memory stays at one
// line, and a line that is not a result is reported with its file and line number.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { sanitizeLine } from '../core/sanitize-text.js';
import { batchLineKind, type BatchResultLine } from './batch-lines.js';

export type ResultFileLine =
  { ok: true; line: number; result: BatchResultLine } | { ok: false; line: number; problem: string; request: boolean };

export async function* readResultLines(file: string): AsyncGenerator<ResultFileLine> {
  const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
  let number = 0;
  for await (const line of lines) {
    number += 1;
    if (line.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      yield { ok: false, line: number, problem: 'not valid JSON', request: false };
      continue;
    }
    const kind = batchLineKind(value);
    if (kind === 'result') yield { ok: true, line: number, result: value as BatchResultLine };
    else if (kind === 'request') yield { ok: false, line: number, problem: 'a batch request, not a result', request: true };
    else yield { ok: false, line: number, problem: 'not a batch result (no custom_id with a response or an error)', request: false };
  }
}

const MAX_REASON = 300;

/** The chat completion of a result, or why there is none (an error of any shape, a non-200 status). */
export function completionBodyOf(result: BatchResultLine): { body: unknown } | { failure: string } {
  const error = errorText(result.error);
  if (error !== null) return { failure: `batch error${error}` };
  const response = result.response;
  if (!response) return { failure: 'batch result without a response' };
  const status = response.status_code ?? 200;
  if (status !== 200) {
    const inBody = errorText((response.body as { error?: unknown } | null | undefined)?.error);
    return { failure: `HTTP ${status}${inBody ?? (response.body == null ? ': no body' : `: ${clean(JSON.stringify(response.body))}`)}` };
  }
  if (response.body == null) return { failure: 'batch result without a response body' };
  return { body: response.body };
}

/** ` code: message` for any error shape the runners write, or null for none. */
function errorText(error: unknown): string | null {
  if (error === null || error === undefined) return null;
  if (typeof error === 'string') return `: ${clean(error) || 'no message'}`;
  if (typeof error !== 'object') return `: ${clean(JSON.stringify(error) ?? 'no message')}`;
  const outer = error as Record<string, unknown>;
  const inner = typeof outer.error === 'object' && outer.error !== null ? (outer.error as Record<string, unknown>) : outer;
  const code = typeof inner.code === 'string' || typeof inner.code === 'number' ? ` ${clean(String(inner.code))}` : '';
  const message = typeof inner.message === 'string' ? clean(inner.message) : clean(JSON.stringify(error));
  return `${code}: ${message || 'no message'}`;
}

// Runner-written text reaches the terminal and data/failures.json: one safe, short line.
function clean(text: string): string {
  const line = sanitizeLine(text).replace(/\s+/g, ' ').trim();
  return line.length > MAX_REASON ? `${line.slice(0, MAX_REASON - 1)}…` : line;
}
