// The suite runs with `isolate: false` (vitest.config.ts): the test files of one worker share its module
// cache and its process. A test that mocks a module, stubs a global, changes process.env or the cwd, or
// leaves fake timers on would leak into the files after it, and fail (or pass) depending on the order.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

const LEAKS: { pattern: RegExp; why: string }[] = [
  { pattern: /\bvi\.(mock|doMock|stubGlobal|stubEnv)\(/, why: 'mocks and stubs outlive the file' },
  { pattern: /process\.env(\.\w+|\[[^\]]+\])\s*=[^=]/, why: 'pass an env to the command instead of changing this process' },
  { pattern: /\bdelete process\.env\b/, why: 'pass an env to the command instead of changing this process' },
  { pattern: /process\.chdir\(/, why: 'pass a cwd or --project instead' },
];

/** Things a file may do when it also undoes them after each test. */
const UNDONE: { pattern: RegExp; undo: RegExp; why: string }[] = [
  { pattern: /\bvi\.spyOn\(/, undo: /\bvi\.restoreAllMocks\(\)/, why: 'a spy needs vi.restoreAllMocks() after each test' },
  { pattern: /\bvi\.useFakeTimers\(/, undo: /\bvi\.useRealTimers\(\)/, why: 'fake timers need vi.useRealTimers()' },
];

function testFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...testFiles(path));
    else if (entry.name.endsWith('.test.ts')) out.push(path);
  }
  return out;
}

describe('test files that share a worker', () => {
  const files = [...testFiles(join(ROOT, 'src')), ...testFiles(join(ROOT, 'test'))].filter(
    (file) => !file.endsWith('suite-hygiene.test.ts'),
  );

  it('are found', () => {
    expect(files.length).toBeGreaterThan(50);
  });

  it('change nothing global that the next file would inherit', () => {
    const found: string[] = [];
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      for (const rule of UNDONE) {
        if (rule.pattern.test(text) && !rule.undo.test(text)) found.push(`${relative(ROOT, file)}: ${rule.why}`);
      }
      const lines = text.split('\n');
      lines.forEach((line, index) => {
        for (const leak of LEAKS) {
          if (leak.pattern.test(line)) found.push(`${relative(ROOT, file)}:${index + 1}: ${line.trim()} (${leak.why})`);
        }
      });
    }
    expect(found).toEqual([]);
  });

  it('would be caught if they did', () => {
    const samples = ["vi.mock('../x.js')", 'process.env.HOME = dir;', "process.env['A'] = '1'", 'process.chdir(dir)'];
    for (const sample of samples) expect(LEAKS.some((leak) => leak.pattern.test(sample))).toBe(true);
    expect(LEAKS.some((leak) => leak.pattern.test("if (process.env.CI === '1')"))).toBe(false);
  });
});
