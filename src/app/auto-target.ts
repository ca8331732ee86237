import type { GenerationDefaults } from '../core/types.js';
import type { ProjectStoreApi } from '../store/store-api.js';

/** The sizes a user may give `auto`; those left out keep the project's target. */
export type TargetFlags = Partial<GenerationDefaults>;

const KEYS: (keyof GenerationDefaults)[] = ['levels', 'tagsPerLevel', 'questionsPerTag', 'candidates'];

/** The target an `auto` run works to: the project's saved one, with the sizes given on the command line. */
export function autoTarget(saved: GenerationDefaults, flags: TargetFlags): { target: GenerationDefaults; changed: boolean } {
  const target = { ...saved };
  for (const key of KEYS) if (flags[key] !== undefined) target[key] = flags[key];
  return { target, changed: KEYS.some((key) => target[key] !== saved[key]) };
}

/**
 * Makes `target` the project's own: a plain `distill auto`, `batch export` and
 * the review screen's forms then work to it, until sizes are given again.
 */
export async function saveTarget(store: ProjectStoreApi, target: GenerationDefaults): Promise<void> {
  await store.updateConfig((fresh) => ({ ...fresh, generation: { ...target } }));
}

export function describeTarget(target: GenerationDefaults): string {
  const per = (count: number, noun: string) => `${count} ${noun}${count === 1 ? '' : 's'}`;
  return `${per(target.levels, 'level')}, ${per(target.tagsPerLevel, 'tag')} per level, ${per(target.questionsPerTag, 'question')} per tag, ${per(target.candidates, 'candidate')} per question`;
}
