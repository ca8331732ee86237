// Test support (used by the TUI unit and pty tests); not part of the product.
// Small real projects on disk for the TUI tests: a tag tree, questions and candidates written
// through the real store, plus a fixed table of check results where a test needs flags.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type NewProjectOptions, newProjectConfig } from '../../core/project-config.js';
import type { Candidate, Language } from '../../core/types.js';
import { buildCandidate } from '../../core/testing/candidate-builder.js';
import { ProjectStore } from '../../store/project-store.js';
import type { CandidateCheck, ReviewChecks } from '../review-services.js';

export interface SeedCandidate {
  reasoning?: string;
  answer: string;
  finishReason?: string;
  check?: CandidateCheck;
}

export interface SeedQuestion {
  text: string;
  candidates: SeedCandidate[];
}

export interface SeedTag {
  name: string;
  children?: SeedTag[];
  questions?: SeedQuestion[];
}

export interface SeededProject {
  dir: string;
  store: ProjectStore;
  /** Tag ids by name. */
  tags: Map<string, string>;
  /** Check results by candidate id, for `fixedChecks`. */
  checks: Map<string, CandidateCheck>;
}

export async function seedProject(
  topic: string,
  tree: SeedTag[],
  language: Language = 'en',
  config: Partial<NewProjectOptions> = {},
): Promise<SeededProject> {
  const dir = join(await mkdtemp(join(tmpdir(), 'distill-tui-')), 'project');
  const store = await ProjectStore.create(dir, newProjectConfig({ topic, language, baseUrl: 'offline', ...config }));
  const tags = new Map<string, string>();
  const checks = new Map<string, CandidateCheck>();
  const addLevel = async (parentId: string | null, level: SeedTag[]): Promise<void> => {
    for (const seed of level) {
      const [tag] = await store.addTags(parentId, [seed.name], 'generated');
      tags.set(seed.name, tag!.id);
      if (seed.questions) {
        const questions = await store.addQuestions(
          tag!.id,
          seed.questions.map((q) => ({ text: q.text })),
          'generated',
        );
        const candidates: Candidate[] = [];
        questions.forEach((question, qi) => {
          seed.questions![qi]!.candidates.forEach((c, sample) => {
            const id = `${question.id}-${sample}`;
            candidates.push(
              buildCandidate({
                question,
                sample,
                reasoning: c.reasoning ?? '',
                answer: c.answer,
                finishReason: c.finishReason ?? 'stop',
                usage: { promptTokens: 12, completionTokens: 34 },
                latencyMs: 1200,
              }),
            );
            if (c.check) checks.set(id, c.check);
          });
        });
        await store.appendCandidates(candidates);
      }
      if (seed.children) await addLevel(tag!.id, seed.children);
    }
  };
  await addLevel(null, tree);
  return { dir, store, tags, checks };
}

/** Check results from a fixed table (what the checks module would have computed). */
export function fixedChecks(table: ReadonlyMap<string, CandidateCheck>): ReviewChecks {
  return {
    checkTag(tagId) {
      return Promise.resolve(new Map([...table].filter(([id]) => id.startsWith(`${tagId}-`))));
    },
    rerun() {
      return Promise.resolve(`${table.size} candidates checked`);
    },
    thresholds() {
      return [];
    },
    async setThresholds() {},
  };
}

export const PASS_PREFERRED: CandidateCheck = { verdict: 'pass', flags: [], preferred: true };
export const PASS: CandidateCheck = { verdict: 'pass', flags: [], preferred: false };
export function failing(rule: string, detail: string): CandidateCheck {
  return { verdict: 'fail', flags: [{ rule, detail }], preferred: false };
}
