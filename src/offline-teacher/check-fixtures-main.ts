// Checks fixture files the way the offline teacher loads them, and lists what it would have to synthesise.
//   node dist/offline-teacher/check-fixtures-main.js [fixtures/demo-en.json ...]   (default: fixtures/demo-*.json)
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { packagePath } from '../core/package-paths.js';
import { validateFixtureSet } from './fixtures.js';

async function main(): Promise<void> {
  const files = process.argv.slice(2);
  if (files.length === 0) {
    const dir = packagePath('fixtures');
    files.push(...(await readdir(dir)).filter((name) => /^demo-.*\.json$/.test(name)).map((name) => join(dir, name)));
  }
  for (const file of files) {
    try {
      const { fixture, warnings } = validateFixtureSet(JSON.parse(await readFile(file, 'utf8')), file);
      const questions = Object.values(fixture.questions).flat().length;
      process.stdout.write(
        `${file}: ok (${Object.keys(fixture.tags).length} tag paths, ${questions} questions, ${Object.keys(fixture.answers).length} answered)\n`,
      );
      for (const warning of warnings) process.stdout.write(`  warning: ${warning}\n`);
    } catch (err) {
      process.stderr.write(`${(err as Error).message.startsWith('fixture ') ? '' : `fixture ${file}: `}${(err as Error).message}\n`);
      process.exitCode = 1;
    }
  }
}

void main();
