// Reads a file of benchmark questions: JSONL (one record a line), JSON (an array of records, or
// an object holding one under data/rows/questions/items/examples), or Parquet (a Hugging Face
// dataset file). A record is a string or an object with a question field (benchmark-record.ts).
import { readFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { parquetReadObjects } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { DistillError } from '../core/distill-error.js';
import type { Benchmark, BenchmarkItem } from './contamination-index.js';
import { itemIdOf, questionTextOf } from './benchmark-record.js';

const ARRAY_KEYS = ['data', 'rows', 'questions', 'items', 'examples', 'test', 'train'];

export class BenchmarkFileError extends DistillError {
  override name = 'BenchmarkFileError';
}

/** The name a benchmark is known by when none is given: its file name without the extension. */
export function defaultBenchmarkName(file: string): string {
  return basename(file, extname(file)) || basename(file);
}

export async function readBenchmarkFile(file: string, name: string): Promise<Benchmark> {
  const records = await readRecords(file);
  const items: BenchmarkItem[] = [];
  records.forEach((record, index) => {
    const text = questionTextOf(record);
    if (text.trim() !== '') items.push({ id: itemIdOf(record, index + 1), text });
  });
  if (items.length === 0) {
    throw new BenchmarkFileError(`${file} holds no benchmark questions`, {
      hint: 'each record needs a question text: a "question", "problem", "prompt" or "instruction" field, or a user message',
    });
  }
  return { name, items };
}

async function readRecords(file: string): Promise<unknown[]> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new BenchmarkFileError(
      code === 'ENOENT' ? `benchmark file ${file} does not exist` : `cannot read benchmark file ${file}: ${code ?? String(error)}`,
      { cause: error },
    );
  }
  if (isParquet(bytes)) return readParquet(bytes, file);
  const text = bytes.toString('utf8').replace(/^\uFEFF/, '');
  const trimmed = text.trimStart();
  if (trimmed.startsWith('[') || (trimmed.startsWith('{') && !looksLikeJsonLines(trimmed))) return readJson(trimmed, file);
  return readJsonLines(text, file);
}

function isParquet(bytes: Buffer): boolean {
  return bytes.length >= 8 && bytes.subarray(0, 4).toString('latin1') === 'PAR1' && bytes.subarray(-4).toString('latin1') === 'PAR1';
}

async function readParquet(bytes: Buffer, file: string): Promise<unknown[]> {
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  try {
    return await parquetReadObjects({ file: buffer, compressors, rowFormat: 'object' });
  } catch (error) {
    throw new BenchmarkFileError(`cannot read Parquet file ${file}: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
}

/** A JSON Lines file's first line is a whole object; a JSON document's first line usually is not. */
function looksLikeJsonLines(text: string): boolean {
  const firstLine = text.slice(0, text.indexOf('\n') === -1 ? text.length : text.indexOf('\n')).trim();
  try {
    JSON.parse(firstLine);
    return text.trim() !== firstLine;
  } catch {
    return false;
  }
}

function readJson(text: string, file: string): unknown[] {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new BenchmarkFileError(`${file} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  if (Array.isArray(document)) return document;
  if (document && typeof document === 'object') {
    for (const key of ARRAY_KEYS) {
      const value = (document as Record<string, unknown>)[key];
      if (Array.isArray(value)) return value;
    }
    return [document];
  }
  throw new BenchmarkFileError(`${file} holds no list of benchmark questions`);
}

function readJsonLines(text: string, file: string): unknown[] {
  const records: unknown[] = [];
  const lines = text.split('\n');
  lines.forEach((line, index) => {
    if (line.trim() === '') return;
    try {
      records.push(JSON.parse(line));
    } catch {
      throw new BenchmarkFileError(`${file} line ${index + 1} is not valid JSON`, {
        hint: 'give JSON Lines (one record a line), a JSON array, or a Parquet file',
      });
    }
  });
  return records;
}
