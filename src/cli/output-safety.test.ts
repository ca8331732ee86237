// Model text on the CLI's output: a `--json` document escapes C1 and bidi controls (JSON.stringify
// leaves them raw), and a text line that quotes model text stays one line a terminal shows as is.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildCandidates } from '../core/testing/candidate-builder.js';
import { newProjectConfig } from '../core/project-config.js';
import { ProjectStore } from '../store/project-store.js';
import { parseJson } from '../../test/support/json.js';
import { runMain } from '../../test/support/run-main.js';

// U+009B is the 8-bit CSI (a terminal reads "\u009b2J" as "clear the screen"); U+202E reverses
// the text after it; U+0085 (NEL) and U+2028 split a line for some readers.
const HOSTILE = 'Six sevens: \\boxed{4\u009b2J\u202E2\u2028\u0085x}';
// eslint-disable-next-line no-control-regex -- the test looks for exactly the controls that must not reach the output
const RAW_CONTROL = /[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069\u2028\u2029]/;

async function hostileProject(): Promise<string> {
  const dir = join(await mkdtemp(join(tmpdir(), 'distill-output-safety-')), 'p');
  const store = await ProjectStore.create(dir, newProjectConfig({ topic: 'Sports science', baseUrl: 'offline' }));
  // Tag names come from the model too.
  const [tag] = await store.addTags(null, ['Pacing\u009b31m\n\u202Ereversed'], 'generated');
  const [question] = await store.addQuestions(tag!.id, [{ text: 'What is six times seven?' }], 'generated');
  await store.appendCandidates(buildCandidates(question!, 2, { answer: HOSTILE }));
  await store.close();
  return dir;
}

describe('model text on the CLI output', () => {
  it('check --json prints one JSON line with C1 and bidi controls escaped, and the same text when parsed', async () => {
    const dir = await hostileProject();
    const result = await runMain(['check', '--json', '--project', dir]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.trimEnd().split('\n')).toHaveLength(1);
    expect(result.stdout).not.toMatch(RAW_CONTROL);
    expect(result.stdout).toContain('Pacing\\u009b31m \\u202ereversed');
    const summary = parseJson<{ tags: { path: string }[] }>(result.stdout);
    expect(summary.tags[0]!.path).toBe('Pacing\u009b31m \u202Ereversed');
  });

  it('check --input writes result lines with the final answer escaped the same way', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'distill-output-safety-'));
    const input = join(dir, 'in.jsonl');
    await writeFile(input, JSON.stringify({ id: 'a', question: 'What is six times seven?', answer: HOSTILE }) + '\n');
    const result = await runMain(['check', '--input', input]);
    expect(result.code, result.stderr).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toMatch(RAW_CONTROL);
    expect(lines[0]).toContain('\\u009b2J\\u202e2\\u2028\\u0085x');
    expect(parseJson<{ final_answer: string }>(lines[0]!).final_answer).toBe('4\u009b2J\u202E2\u2028\u0085x');
  });

  it('check in text mode shows a tag name with controls on one line, the controls replaced by visible marks', async () => {
    const dir = await hostileProject();
    const result = await runMain(['check', '--project', dir]);
    expect(result.code, result.stderr).toBe(0);
    const tagLine = result.stdout.split('\n').find((line) => line.includes('Pacing'));
    expect(tagLine).toBe('  Pacing\uFFFD31m \uFFFDreversed: 0/2 pass (too_short 2)');
    expect(result.stdout).not.toMatch(RAW_CONTROL);
  });

  it('an error that quotes outside text is one line with its controls made visible', async () => {
    const result = await runMain(['check', '--input', 'no\u001b]0;pwned\u0007such\nfile.jsonl']);
    expect(result.code).toBe(1);
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(result.stderr).not.toMatch(RAW_CONTROL);
    expect(result.stderr).toContain('no␛]0;pwned␇such ⏎ file.jsonl');
  });
});
