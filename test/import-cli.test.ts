// `distill import questions|tags FILE`: JSON Lines, JSON and CSV, deduplicated against the project,
// every record checked first (an error names its line and writes nothing).
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { parseJson } from './support/json.js';
import { runMain } from './support/run-main.js';

interface Tree {
  tags: { path: string; questions: number }[];
}

async function treeOf(project: string): Promise<Record<string, number>> {
  const tree = parseJson<Tree>((await runMain(['tree', '--json', '--project', project])).stdout);
  return Object.fromEntries(tree.tags.map((row) => [row.path, row.questions]));
}

describe('distill import', () => {
  let dir: string;
  let project: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'distill-import-'));
    project = join(dir, 'p');
    expect((await runMain(['init', project, '--topic', 'Sports science', '--base-url', 'offline'])).code).toBe(0);
  });

  const file = async (name: string, text: string) => {
    const path = join(dir, name);
    await writeFile(path, text);
    return path;
  };

  it('imports a nested JSON tree, then CSV paths, skipping those the project has', async () => {
    const nested = await file('tags.json', '{"Endurance": {"Marathon": {}, "Cycling": ["Pacing", "Climbing"]}, "Strength": null}\n');
    const first = await runMain(['import', 'tags', nested, '--project', project]);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/^imported 6 tags; 0 paths the project had already skipped\n/);
    const csv = await file('tags.csv', 'path\n"endurance  >  MARATHON"\nNutrition > Hydration\n');
    const second = await runMain(['import', 'tags', csv, '--json', '--project', project]);
    expect(parseJson(second.stdout)).toEqual({ added: ['Nutrition', 'Nutrition > Hydration'], skipped: 1 });
    expect(Object.keys(await treeOf(project))).toEqual([
      'Endurance',
      'Endurance > Marathon',
      'Endurance > Cycling',
      'Endurance > Cycling > Pacing',
      'Endurance > Cycling > Climbing',
      'Strength',
      'Nutrition',
      'Nutrition > Hydration',
    ]);
  });

  it('imports questions from JSON Lines and CSV under their tags, making missing tags and skipping duplicates', async () => {
    const jsonl = await file(
      'q.jsonl',
      [
        { question: 'How much fluid per hour does a marathoner need?', tag: 'Nutrition > Hydration', reference: '400-800 ml' },
        { question: 'how much fluid per hour does a marathoner need', tag: 'nutrition > hydration' },
        { text: 'What limits VO2max?', tag: ['Physiology'], difficulty: 'hard' },
      ]
        .map((record) => JSON.stringify(record))
        .join('\n') + '\n',
    );
    const first = await runMain(['import', 'questions', jsonl, '--json', '--project', project]);
    expect(first.code, first.stderr).toBe(0);
    expect(parseJson(first.stdout)).toEqual({ added: 2, duplicates: 1, newTags: 3, tags: 2 });
    const csv = await file('q.csv', 'question,reference\n"What is a taper, and why?",\nWhat limits VO2max?,\n');
    const second = await runMain(['import', 'questions', csv, '--tag', 'Physiology', '--project', project]);
    expect(second.stdout).toMatch(/^imported 1 question into 1 tag; 1 duplicate skipped\n/);
    expect(await treeOf(project)).toEqual({ Nutrition: 1, 'Nutrition > Hydration': 1, Physiology: 2 });
    const data = await readFile(join(project, 'data', 'questions', `${await tagId(project, 'Nutrition > Hydration')}.json`), 'utf8');
    expect(data).toContain('"reference": "400-800 ml"');
  });

  it('stops at the first bad record with its line number, and writes nothing', async () => {
    const cases: [string, string, RegExp][] = [
      ['bad.jsonl', '{"question": "ok", "tag": "A"}\n{"question": "no tag"}\n', /bad\.jsonl line 2: no tag: give "tag"/],
      ['bad2.jsonl', '{"question": "ok", "tag": "A"}\n\n{"question": "x", "tag": "A",\n', /bad2\.jsonl line 3: not valid JSON/],
      [
        'bad.json',
        '[\n  {"question": "a", "tag": "A"},\n  {"question": "b", "tag": "A", "difficulty": "nasty"}\n]\n',
        /bad\.json line 3: "difficulty" must be one of easy, medium, hard/,
      ],
      ['bad2.json', '[\n  {"question": "a", "tag": "A"},\n  {"question": "b", "tag": "A",}\n]\n', /bad2\.json line 3: not valid JSON/],
      ['bad.csv', 'question,tag\nok,A\n"Why, though?",A,extra\n', /bad\.csv line 3: not valid CSV/],
      ['bad2.csv', 'question,tag\nok,A\n"unclosed,A\n', /bad2\.csv line 3: not valid CSV/],
      ['tags.json', '{"A": {"B": 3}}', /tags\.json line 1: the children of "B" must be/],
    ];
    for (const [name, text, error] of cases) {
      const kind = name.startsWith('tags') ? 'tags' : 'questions';
      const result = await runMain(['import', kind, await file(name, text), '--project', project]);
      expect(result.code, name).toBe(1);
      expect(result.stderr.trimEnd().split('\n'), name).toHaveLength(1);
      expect(result.stderr, name).toMatch(error);
    }
    expect(await treeOf(project)).toEqual({});
    const missing = await runMain(['import', 'questions', join(dir, 'nope.jsonl'), '--project', project]);
    expect(missing.stderr).toMatch(/cannot read .*nope\.jsonl: no such file/);
  });
});

async function tagId(project: string, path: string): Promise<string> {
  const tree = parseJson<{ tags: { id: string; path: string }[] }>((await runMain(['tree', '--json', '--project', project])).stdout);
  return tree.tags.find((row) => row.path === path)!.id;
}
