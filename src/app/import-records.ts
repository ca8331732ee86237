// Records of a file a user imports (questions, tags), each with the line it starts on, so
// every error can say where: JSON Lines, a JSON document, or CSV with a header row. The
// format comes from the file's extension; without a known one, from its first character.
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { getNodeValue, type Node, parseTree, type ParseError, printParseErrorCode } from 'jsonc-parser';
import { DistillError } from '../core/distill-error.js';

export type ImportFormat = 'jsonl' | 'json' | 'csv';

export interface ImportRecord {
  /** 1-based line the record starts on. */
  line: number;
  value: unknown;
}

/** A JSON document's top level: an array's items, or an object's entries with the line of each key. */
export type JsonDocument =
  | { kind: 'array'; items: ImportRecord[] }
  | { kind: 'object'; node: Node; lineAt: (offset: number) => number }
  | { kind: 'other'; line: number };

/** A problem in the file, as one line: `FILE line N: what`. */
export class ImportFileError extends DistillError {
  override name = 'ImportFileError';

  constructor(file: string, line: number | null, problem: string) {
    super(`${file}${line === null ? '' : ` line ${line}`}: ${problem}`);
  }
}

export async function readImportText(file: string): Promise<string> {
  try {
    const text = await readFile(file, 'utf8');
    return text.startsWith('\uFEFF') ? text.slice(1) : text;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new DistillError(`cannot read ${file}: no such file`);
    if (code === 'EISDIR') throw new DistillError(`cannot read ${file}: it is a folder, not a file`);
    throw new DistillError(`cannot read ${file}: ${code ?? (error as Error).message}`);
  }
}

export function importFormat(file: string, text: string): ImportFormat {
  const extension = extname(file).toLowerCase();
  if (extension === '.jsonl' || extension === '.ndjson') return 'jsonl';
  if (extension === '.json') return 'json';
  if (extension === '.csv') return 'csv';
  const first = text.trimStart()[0];
  if (first === '[') return 'json';
  if (first === '{') return looksLikeOneDocument(text);
  return 'csv';
}

/** `{…}` alone is a JSON document; `{…}\n{…}` is JSON Lines. */
function looksLikeOneDocument(text: string): ImportFormat {
  try {
    JSON.parse(text);
    return 'json';
  } catch {
    return 'jsonl';
  }
}

/** Offsets to 1-based line numbers. */
export function lineCounter(text: string): (offset: number) => number {
  const starts = [0];
  for (let index = text.indexOf('\n'); index >= 0; index = text.indexOf('\n', index + 1)) starts.push(index + 1);
  return (offset) => {
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (starts[middle]! <= offset) low = middle;
      else high = middle - 1;
    }
    return low + 1;
  };
}

export function jsonLinesRecords(file: string, text: string): ImportRecord[] {
  const records: ImportRecord[] = [];
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    if (line === '') return;
    try {
      records.push({ line: index + 1, value: JSON.parse(line) as unknown });
    } catch (error) {
      throw new ImportFileError(file, index + 1, `not valid JSON (${(error as Error).message})`);
    }
  });
  return records;
}

export function jsonDocument(file: string, text: string): JsonDocument {
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false });
  const lineAt = lineCounter(text);
  const [error] = errors;
  if (error) throw new ImportFileError(file, lineAt(error.offset), `not valid JSON (${printParseErrorCode(error.error)})`);
  if (!root) throw new ImportFileError(file, null, 'the file is empty');
  if (root.type === 'array') {
    return {
      kind: 'array',
      items: (root.children ?? []).map((node) => ({ line: lineAt(node.offset), value: getNodeValue(node) as unknown })),
    };
  }
  if (root.type === 'object') return { kind: 'object', node: root, lineAt };
  return { kind: 'other', line: lineAt(root.offset) };
}

/** Rows as objects keyed by the header row's names (trimmed, lower case). */
export function csvRecords(file: string, text: string): ImportRecord[] {
  type Row = { record: Record<string, string>; info: { lines: number } };
  let rows: Row[];
  try {
    rows = parseCsv<Row>(text, {
      columns: (header: string[]) => header.map((name) => name.trim().toLowerCase()),
      info: true,
      skip_empty_lines: true,
      relax_column_count: false,
    });
  } catch (error) {
    const failure = error as Error & { lines?: number };
    throw new ImportFileError(file, failure.lines ?? null, `not valid CSV (${failure.message.replace(/^Invalid Record Length: /, '')})`);
  }
  // A record ends on info.lines; it starts where the one before ended (blank lines aside, which are rare in CSV).
  let previousEnd = 1;
  return rows.map(({ record, info }) => {
    const start = Math.min(previousEnd + 1, info.lines);
    previousEnd = info.lines;
    return { line: start, value: record };
  });
}
