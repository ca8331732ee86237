// The import graph of the production code under src/ (tests left out), and the checks the
// layering test runs over it: rules of the form "files under A import nothing under B", and
// import cycles. Type-only imports count: a cycle of types is still a tangle to the next reader.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

/** File (relative to the source root, e.g. `tui/run-review.ts`) → what it imports: other files, or package specifiers. */
export type ImportGraph = ReadonlyMap<string, readonly string[]>;

export function readImportGraph(sourceRoot: string): ImportGraph {
  const graph = new Map<string, string[]>();
  for (const file of sourceFiles(sourceRoot)) {
    const text = readFileSync(file, 'utf8');
    const specifiers = [...ts.preProcessFile(text, true, true).importedFiles.map(({ fileName }) => fileName), ...moduleUrls(text)];
    graph.set(
      relative(sourceRoot, file),
      specifiers.map((specifier) =>
        specifier.startsWith('.') ? relative(sourceRoot, resolve(dirname(file), specifier.replace(/\.js$/, '.ts'))) : specifier,
      ),
    );
  }
  return graph;
}

/** Modules loaded by URL rather than imported (a worker thread's entry, a child process's script). */
function moduleUrls(text: string): string[] {
  return [...text.matchAll(/new URL\(\s*'(\.{1,2}\/[^']+\.js)',\s*import\.meta\.url\s*\)/g)].map((match) => match[1]!);
}

/** Every file `entries` import, directly or not, the entries included. */
export function reachableFrom(graph: ImportGraph, entries: readonly string[]): Set<string> {
  const seen = new Set<string>();
  const queue = [...entries];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file) || !graph.has(file)) continue;
    seen.add(file);
    queue.push(...graph.get(file)!);
  }
  return seen;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

/**
 * Files under any of `from` (folder prefixes such as `core/`; `**` + `/testing/` for a folder of
 * that name at any depth; `*` for every file), except those under `except`, import nothing under
 * `to`: source folders end in `/`, anything else is a package (`node:fs` also forbids `node:fs/promises`).
 */
export interface ImportRule {
  from: readonly string[];
  except?: readonly string[];
  to: readonly string[];
  why: string;
}

function inFolder(file: string, folder: string): boolean {
  return folder.startsWith('**/') ? `/${file}`.includes(`/${folder.slice(3)}`) : file.startsWith(folder);
}

/** One line per import that breaks a rule: `file → import (why)`. */
export function ruleViolations(graph: ImportGraph, rules: readonly ImportRule[]): string[] {
  const under = (file: string, prefixes: readonly string[]) => prefixes.some((prefix) => prefix === '*' || inFolder(file, prefix));
  const hits = (target: string, to: string) => (to.endsWith('/') ? inFolder(target, to) : target === to || target.startsWith(`${to}/`));
  const violations: string[] = [];
  for (const rule of rules) {
    for (const [file, imports] of graph) {
      if (!under(file, rule.from) || under(file, rule.except ?? [])) continue;
      for (const target of imports) {
        if (rule.to.some((to) => hits(target, to))) violations.push(`${file} → ${target} (${rule.why})`);
      }
    }
  }
  return violations;
}

/** Every import cycle among the files, each as the path that closes it (`a → b → a`). */
export function importCycles(graph: ImportGraph): string[] {
  // Tarjan's strongly connected components; a component of more than one file (or a file that
  // imports itself) holds a cycle, shown by one path around it.
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[] = [];
  const visit = (file: string): void => {
    index.set(file, counter);
    low.set(file, counter);
    counter++;
    stack.push(file);
    onStack.add(file);
    for (const next of graph.get(file) ?? []) {
      if (!graph.has(next)) continue;
      if (!index.has(next)) {
        visit(next);
        low.set(file, Math.min(low.get(file)!, low.get(next)!));
      } else if (onStack.has(next)) {
        low.set(file, Math.min(low.get(file)!, index.get(next)!));
      }
    }
    if (low.get(file) !== index.get(file)) return;
    const component = new Set<string>();
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.add(member);
    } while (member !== file);
    if (component.size > 1 || (graph.get(file) ?? []).includes(file)) cycles.push(pathAround(graph, file, component));
  };
  for (const file of graph.keys()) if (!index.has(file)) visit(file);
  return cycles;
}

/** A path from `start` back to itself inside one component (breadth-first, so it is a shortest one). */
function pathAround(graph: ImportGraph, start: string, component: ReadonlySet<string>): string {
  const previous = new Map<string, string>();
  const queue = [start];
  for (let i = 0; i < queue.length; i++) {
    const file = queue[i]!;
    for (const next of graph.get(file) ?? []) {
      if (!component.has(next)) continue;
      if (next === start) {
        const chain: string[] = [];
        for (let at: string | undefined = file; at !== undefined && at !== start; at = previous.get(at)) chain.unshift(at);
        return [start, ...chain, start].join(' → ');
      }
      if (!previous.has(next)) {
        previous.set(next, file);
        queue.push(next);
      }
    }
  }
  return [...component].join(' → ');
}

/**
 * What each file loads when it is loaded: its top-level imports and re-exports, without type-only
 * ones and without `import()` calls (which load when they run). The packages a command's start pays for.
 */
export function readStartupGraph(sourceRoot: string): ImportGraph {
  const graph = new Map<string, string[]>();
  for (const file of sourceFiles(sourceRoot)) {
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest);
    const specifiers: string[] = [];
    for (const statement of source.statements) {
      const loaded =
        (ts.isImportDeclaration(statement) && !statement.importClause?.isTypeOnly) ||
        (ts.isExportDeclaration(statement) && !statement.isTypeOnly && statement.moduleSpecifier !== undefined);
      if (!loaded || !statement.moduleSpecifier || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
      const specifier = statement.moduleSpecifier.text;
      specifiers.push(
        specifier.startsWith('.') ? relative(sourceRoot, resolve(dirname(file), specifier.replace(/\.js$/, '.ts'))) : specifier,
      );
    }
    graph.set(relative(sourceRoot, file), specifiers);
  }
  return graph;
}
