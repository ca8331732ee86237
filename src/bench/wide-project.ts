import { existsSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { newProjectConfig } from '../core/project-config.js';
import type { DecisionEntry, Question, Tag } from '../core/types.js';
import { writeConfig } from '../store/config-file.js';
import { encodeLines } from '../store/log-appender.js';
import { ProjectLayout } from '../store/project-layout.js';
import { syntheticCandidate } from './synthetic-project.js';

/** 500 areas of 100 topics: 50,500 tags, a question and two candidates per leaf, a third of them decided. */
export const WIDE_SHAPE: WideShape = { topTags: 500, subTags: 100, candidatesPerQuestion: 2, decidedShare: 0.3 };

export interface WideShape {
  topTags: number;
  subTags: number;
  candidatesPerQuestion: number;
  decidedShare: number;
}

const CREATED = '2026-11-21T00:00:00.000Z';

function tagIdOf(index: number): string {
  return 't' + index.toString(36).padStart(6, '0');
}

/**
 * Writes the project's files directly, in the store's formats (building 150,000 shards
 * through the store, each fsync'd, would take many minutes). No counters cache: the first
 * command to open it counts every shard, as after `rm -r cache/`.
 */
export async function writeWideProject(dir: string, shape: WideShape = WIDE_SHAPE): Promise<void> {
  const layout = new ProjectLayout(dir);
  await mkdir(dir, { recursive: true });
  await writeConfig(layout.config, newProjectConfig({ topic: 'Sports science', baseUrl: 'offline' }));
  const tags: Tag[] = [];
  let index = 0;
  for (let top = 0; top < shape.topTags; top++) {
    const topId = tagIdOf(index++);
    tags.push({ id: topId, parentId: null, name: `Area ${top + 1}`, origin: 'generated', createdAt: CREATED });
    for (let sub = 0; sub < shape.subTags; sub++) {
      tags.push({ id: tagIdOf(index++), parentId: topId, name: `Topic ${sub + 1}`, origin: 'generated', createdAt: CREATED });
    }
  }
  await mkdir(join(dir, 'data'), { recursive: true });
  await writeFile(layout.tags, JSON.stringify({ tags }, null, 2));
  for (const dirName of [layout.questionsDir, layout.candidatesDir, layout.decisionsDir]) await mkdir(dirName, { recursive: true });
  let candidateIndex = 0;
  const leaves = tags.filter((tag) => tag.parentId !== null);
  // A few files at a time: enough to keep the disk busy without thousands of open files.
  for (let from = 0; from < leaves.length; from += 64) {
    await Promise.all(
      leaves.slice(from, from + 64).map(async (leaf) => {
        const question: Question = {
          id: `${leaf.id}-1`,
          tagId: leaf.id,
          text: `Synthetic question about ${leaf.name}: estimate the oxygen cost of running at 12 km/h?`,
          origin: 'generated',
          createdAt: CREATED,
        };
        const candidates = Array.from({ length: shape.candidatesPerQuestion }, (_, sample) =>
          syntheticCandidate(question.id, leaf.id, sample, candidateIndex++),
        );
        const decided: DecisionEntry[] = candidates
          .filter((_, i) => ((candidateIndex + i) * 7919) % 1000 < shape.decidedShare * 1000)
          .map((candidate, i) => ({ id: candidate.id, status: i % 3 === 0 ? 'rejected' : 'accepted', at: CREATED }));
        await writeFile(layout.questions(leaf.id), JSON.stringify({ questions: [question] }, null, 2));
        await writeFile(layout.candidates(leaf.id), encodeLines(candidates));
        if (decided.length > 0) await writeFile(layout.decisions(leaf.id), encodeLines(decided));
      }),
    );
  }
}

/** The 50,000-tag project, built once and kept in `workDir` (a bench run only copies its cache state). */
export async function wideProject(workDir: string): Promise<string> {
  const dir = join(workDir, 'wide-50k');
  if (existsSync(join(dir, '.complete'))) return dir;
  await rm(dir, { recursive: true, force: true });
  process.stdout.write('building a synthetic project of 50,500 tags (once; kept in .bench/)…\n');
  await writeWideProject(dir);
  await writeFile(join(dir, '.complete'), '');
  return dir;
}
