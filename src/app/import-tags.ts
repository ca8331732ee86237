// `distill import tags FILE`: a seed tag tree, as paths ("A > B", or ["A", "B"]) one per record,
// or as one nested JSON object ({"A": {"B": {}, "C": ["D", "E"]}}). Every record is checked
// before the first tag is written; paths the project has already are skipped.
import type { Node } from 'jsonc-parser';
import { normalizeTagName, splitTagPath } from '../core/tag-path.js';
import type { ProjectStoreApi } from '../store/store-api.js';
import {
  csvRecords,
  ImportFileError,
  importFormat,
  jsonDocument,
  jsonLinesRecords,
  readImportText,
  type ImportRecord,
} from './import-records.js';

const MAX_NAME_CHARS = 200;
const MAX_DEPTH = 8;
const PATH_FIELDS = ['path', 'tag', 'tag_path'] as const;

export interface TagPathRecord {
  line: number;
  names: string[];
}

/** A path as a record gives it; throws the record's one-line error. */
export function tagPathOf(file: string, line: number, value: unknown, what = 'a tag path'): string[] {
  const names = Array.isArray(value) ? value : typeof value === 'string' ? splitTagPath(value) : null;
  if (!names) throw new ImportFileError(file, line, `expected ${what} (a string like "A > B" or a list of names)`);
  if (names.length === 0) throw new ImportFileError(file, line, `${what} is empty`);
  if (names.length > MAX_DEPTH) throw new ImportFileError(file, line, `${what} has ${names.length} levels; at most ${MAX_DEPTH}`);
  return names.map((name) => {
    if (typeof name !== 'string') throw new ImportFileError(file, line, `a tag name must be a string, not ${JSON.stringify(name)}`);
    const clean = name.trim().replace(/\s+/g, ' ');
    if (clean === '') throw new ImportFileError(file, line, 'a tag name is empty');
    if (clean.includes('>')) throw new ImportFileError(file, line, `tag name "${clean}" contains '>' (it separates path parts)`);
    if (clean.length > MAX_NAME_CHARS) throw new ImportFileError(file, line, `a tag name is longer than ${MAX_NAME_CHARS} characters`);
    return clean;
  });
}

function pathOfRecord(file: string, record: ImportRecord): TagPathRecord {
  const { value, line } = record;
  if (typeof value === 'string' || Array.isArray(value)) return { line, names: tagPathOf(file, line, value) };
  if (value && typeof value === 'object') {
    const field = PATH_FIELDS.find((name) => (value as Record<string, unknown>)[name] !== undefined);
    if (field) return { line, names: tagPathOf(file, line, (value as Record<string, unknown>)[field]) };
  }
  throw new ImportFileError(file, line, `expected a tag path: a string, a list of names, or an object with "${PATH_FIELDS.join('", "')}"`);
}

/** {"A": {"B": {}}, "C": ["D"], "E": null}: every key is a tag, a list holds leaf names. */
function nestedPaths(file: string, node: Node, lineAt: (offset: number) => number, above: string[], into: TagPathRecord[]): void {
  for (const property of node.children ?? []) {
    const [key, child] = property.children ?? [];
    const line = lineAt(property.offset);
    const names = tagPathOf(file, line, [...above, String(key?.value ?? '')]);
    into.push({ line, names });
    if (!child || child.type === 'null') continue;
    if (child.type === 'object') nestedPaths(file, child, lineAt, names, into);
    else if (child.type === 'array') {
      for (const leaf of child.children ?? [])
        into.push({ line: lineAt(leaf.offset), names: tagPathOf(file, lineAt(leaf.offset), [...names, leaf.value]) });
    } else
      throw new ImportFileError(file, lineAt(child.offset), `the children of "${names.at(-1)}" must be an object, a list of names or null`);
  }
}

export async function readTagPaths(file: string): Promise<TagPathRecord[]> {
  const text = await readImportText(file);
  const format = importFormat(file, text);
  if (format === 'jsonl') return jsonLinesRecords(file, text).map((record) => pathOfRecord(file, record));
  if (format === 'csv') {
    const records = csvRecords(file, text);
    const first = records[0]?.value as Record<string, unknown> | undefined;
    if (first && !PATH_FIELDS.some((name) => name in first)) {
      throw new ImportFileError(file, 1, `no "path" column (the first row names the columns; a path reads "A > B")`);
    }
    return records.map((record) => pathOfRecord(file, record));
  }
  const document = jsonDocument(file, text);
  if (document.kind === 'array') return document.items.map((record) => pathOfRecord(file, record));
  if (document.kind === 'object') {
    const paths: TagPathRecord[] = [];
    nestedPaths(file, document.node, document.lineAt, [], paths);
    return paths;
  }
  throw new ImportFileError(file, document.line, 'expected a list of tag paths or a nested object of tag names');
}

const pathKey = (names: readonly string[]) => names.map(normalizeTagName).join('\u0000');

export interface TagImport {
  /** Paths new to the project, every ancestor before its descendants. */
  added: string[][];
  /** Paths the project had already, or the file gave twice. */
  skipped: number;
}

/** What an import would add: each path and its ancestors, minus those that exist. */
export function planTagImport(store: ProjectStoreApi, records: readonly TagPathRecord[]): TagImport {
  const seen = new Set<string>();
  const added: string[][] = [];
  let skipped = 0;
  for (const { names } of records) {
    const before = added.length;
    let known = true;
    for (let depth = 1; depth <= names.length; depth++) {
      const prefix = names.slice(0, depth);
      const key = pathKey(prefix);
      if (seen.has(key)) continue;
      seen.add(key);
      if (store.findTag(prefix)) continue;
      known = false;
      added.push(prefix);
    }
    if (known && added.length === before) skipped++;
  }
  return { added, skipped };
}

/** Creates the planned tags level by level, one write per parent (a parent exists by then). */
export async function addTagPaths(store: ProjectStoreApi, paths: readonly string[][]): Promise<void> {
  const depth = Math.max(0, ...paths.map((names) => names.length));
  for (let level = 1; level <= depth; level++) {
    const byParent = new Map<string | null, string[]>();
    for (const names of paths.filter((each) => each.length === level)) {
      const parentId = level === 1 ? null : (store.findTag(names.slice(0, -1))?.id ?? null);
      byParent.set(parentId, [...(byParent.get(parentId) ?? []), names.at(-1)!]);
    }
    for (const [parentId, names] of byParent) await store.addTags(parentId, names, 'manual');
  }
}
