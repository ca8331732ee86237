// Reads batch result files line by line (they can hold millions of answers): memory stays at one
// line, and a line that is not a result is reported with its file and line number.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { isBatchResultLine, type BatchResultLine } from './batch-lines.js';

export type ResultFileLine = { ok: true; result: BatchResultLine } | { ok: false; where: string; problem: string };

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
      yield { ok: false, where: `${file}:${number}`, problem: 'not valid JSON' };
      continue;
    }
    if (isBatchResultLine(value)) yield { ok: true, result: value };
    else yield { ok: false, where: `${file}:${number}`, problem: 'not a batch result (no custom_id)' };
  }
}

/** The chat completion of a result, or why there is none (an error line, a non-200 status). */
export function completionBodyOf(result: BatchResultLine): { body: unknown } | { failure: string } {
  if (result.error)
    return { failure: `batch error${result.error.code ? ` ${result.error.code}` : ''}: ${result.error.message ?? 'no message'}` };
  const response = result.response;
  if (!response) return { failure: 'batch result without a response' };
  if (response.status_code !== 200) {
    const body = response.body as { error?: { message?: unknown } } | null;
    const message = typeof body?.error?.message === 'string' ? body.error.message : JSON.stringify(response.body ?? null).slice(0, 200);
    return { failure: `HTTP ${response.status_code}: ${message}` };
  }
  return { body: response.body };
}
