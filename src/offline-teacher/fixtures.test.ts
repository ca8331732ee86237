import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FixtureError, loadDefaultFixtures, loadFixtureFile, validateFixtureSet } from './fixtures.js';

async function fixtureFile(name: string, content: unknown): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'distill-fixtures-'));
  const file = join(dir, name);
  await writeFile(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

const minimal = { language: 'en', topic: 'Running', tags: {}, questions: {}, answers: {} };

describe('fixture loading', () => {
  it('loads the demo fixtures the offline teacher replays by default', async () => {
    const sets = await loadDefaultFixtures();
    expect(sets.length).toBeGreaterThan(0);
    for (const set of sets) expect(Object.keys(set.tags)).toContain(set.topic);
  });

  it('finds no fixtures in a folder without demo files', async () => {
    const file = await fixtureFile('other.json', minimal);
    expect(await loadDefaultFixtures(join(file, '..'))).toEqual([]);
    expect(await loadDefaultFixtures(join(file, 'missing'))).toEqual([]);
  });

  it('names the file that is not JSON', async () => {
    const file = await fixtureFile('demo-en.json', '{"language": "en",');
    await expect(loadFixtureFile(file)).rejects.toThrow(new RegExp(`^fixture ${file}: not valid JSON`));
  });

  it('names the file and the place where the schema is broken', async () => {
    const bad = {
      ...minimal,
      questions: { 'Running > Pacing': [{ text: 'What is pacing in running?', difficulty: 'trivial' }] },
    };
    const file = await fixtureFile('demo-en.json', bad);
    const err = await loadFixtureFile(file).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FixtureError);
    expect((err as Error).message).toContain(file);
    expect((err as Error).message).toContain('questions.Running > Pacing.0.difficulty must be equal to one of the allowed values');
  });

  it('rejects a path that does not start with the topic', () => {
    expect(() => validateFixtureSet({ ...minimal, tags: { 'Jogging > Pacing': ['Even pace'] } }, 'x.json')).toThrow(
      'fixture x.json: path "Jogging > Pacing" does not start with the topic "Running"',
    );
  });

  it('warns about answers no question leads to and questions without answers', () => {
    const { warnings } = validateFixtureSet(
      {
        ...minimal,
        questions: { 'Running > Pacing': [{ text: 'What is an even pace?', difficulty: 'easy' }] },
        answers: { 'What is a negative split?': [{ reasoning: 'r', answer: 'a', finish_reason: 'stop', flaw: null }] },
      },
      '/somewhere/demo-en.json',
    );
    expect(warnings).toEqual([
      'demo-en.json: answers for a question no path lists: "What is a negative split?"',
      'demo-en.json: no answers for "What is an even pace?" (they will be synthesised)',
    ]);
  });
});
