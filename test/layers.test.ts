// Layers that point one way (README "How the code is laid out"): llm → pipeline → store → checks →
// review → export, with core under all of them and the CLI on top. A new rule is one line.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { importCycles, reachableFrom, readImportGraph, readStartupGraph, ruleViolations, type ImportRule } from './support/import-graph.js';

const LAYERS = [
  'app/',
  'batch/',
  'bench/',
  'checks/',
  'cli/',
  'export/',
  'llm/',
  'offline-teacher/',
  'pipeline/',
  'schemas/',
  'store/',
  'tui/',
];

const RULES: ImportRule[] = [
  { from: ['core/'], to: LAYERS, why: 'core is the domain and imports no other layer' },
  { from: ['core/'], to: ['node:fs', 'node:net', 'node:http', 'node:child_process', 'blessed', 'openai'], why: 'core stays pure' },
  {
    from: ['llm/', 'store/'],
    to: ['checks/', 'tui/', 'cli/', 'export/'],
    why: 'the model client and the store sit below checks, review and export',
  },
  { from: ['checks/'], to: ['tui/'], why: 'the checks know nothing of the review screen; its adapter is in tui/services' },
  { from: ['*'], except: ['cli/'], to: ['cli/'], why: 'only bin/distill.js starts the CLI' },
  {
    from: ['*'],
    except: ['bench/', '**/testing/', '**/test-support/'],
    to: ['bench/', '**/testing/', '**/test-support/'],
    why: 'test and bench support is left out of the published package',
  },
  {
    from: ['*'],
    except: ['offline-teacher/', 'cli/offline-wiring.ts', 'cli/commands/demo.ts', 'bench/', 'pipeline/test-support/'],
    to: ['offline-teacher/'],
    why: "the offline teacher is started only by the CLI's demo and offline wiring, and injected into the app",
  },
];

describe('the import graph of src/', () => {
  const graph = readImportGraph(fileURLToPath(new URL('../src', import.meta.url)));

  it('holds every production file', () => {
    expect(graph.has('cli/main.ts')).toBe(true);
    expect(graph.get('tui/run-review.ts')).toContain('tui/review-controller.ts');
  });

  it('breaks no layering rule', () => {
    expect(ruleViolations(graph, RULES)).toEqual([]);
  });

  it('has no import cycle', () => {
    expect(importCycles(graph)).toEqual([]);
  });
});

describe('what every command loads before it runs', () => {
  const startup = readStartupGraph(fileURLToPath(new URL('../src', import.meta.url)));

  // `distill check`, `stats`, `accept` and `export` wait for every package the CLI loads on start:
  // the model client and the TUI load on demand, in the commands that use them.
  it('leaves out the model client and the TUI', () => {
    const loaded = [...reachableFrom(startup, ['cli/main.ts'])];
    const packages = new Set(
      loaded.flatMap((file) => startup.get(file) ?? []).filter((specifier) => !specifier.includes('/') || specifier.startsWith('@')),
    );
    expect(['openai', 'blessed', 'blessed-contrib', 'p-limit'].filter((name) => packages.has(name))).toEqual([]);
    expect(loaded.filter((file) => file.startsWith('tui/'))).toEqual([]);
  });
});

describe('the layering checks', () => {
  const graph = new Map([
    ['core/a.ts', ['tui/b.ts', 'node:fs/promises']],
    ['tui/b.ts', ['tui/c.ts']],
    ['tui/c.ts', ['tui/b.ts', 'core/a.ts']],
    ['cli/d.ts', ['cli/d.ts', 'core/testing/e.ts']],
  ]);

  it('name each forbidden import with the rule it breaks', () => {
    expect(ruleViolations(graph, RULES)).toEqual([
      'core/a.ts → tui/b.ts (core is the domain and imports no other layer)',
      'core/a.ts → node:fs/promises (core stays pure)',
      'cli/d.ts → core/testing/e.ts (test and bench support is left out of the published package)',
    ]);
  });

  it('show each cycle as a path around it', () => {
    expect(importCycles(graph).sort()).toEqual(['cli/d.ts → cli/d.ts', 'core/a.ts → tui/b.ts → tui/c.ts → core/a.ts']);
  });
});
