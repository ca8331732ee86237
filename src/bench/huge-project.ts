// A project whose one tag holds runaway answers (a teacher that looped for 20 MB), built through
// the store (tags, questions) and written in the store's line format (candidates: appended
// without an fsync each, which on a shared disk took a minute): issue 15's "eight 21 MB answers".
import { appendFile, mkdir } from 'node:fs/promises';
import { newProjectConfig } from '../core/project-config.js';
import { buildCandidate } from '../core/testing/candidate-builder.js';
import { withIdentity } from '../store/decision-entries.js';
import { ProjectLayout } from '../store/project-layout.js';
import { ProjectStore } from '../store/project-store.js';

export interface HugeShape {
  /** Questions of the huge tag, each with two huge candidates. */
  questions: number;
  /** Characters of each huge text. */
  chars: number;
}

export const HUGE_SHAPE: HugeShape = { questions: 4, chars: 21_000_000 };

const LOOP = [
  'Wait, let me reconsider the boundary term: if we integrate by parts, the factor \\frac{d}{dx}(x^2 e^{-x}) gives 2x e^{-x} − x² e^{-x}.',
  'Hmm, but that contradicts what I found before, so let me check the sign again. ',
  'Actually the "standard" result says ∫₀^∞ x² e^{-x} dx = 2, so the earlier step must be right.',
  'Let me verify once more by computing Γ(3) = 2! = 2 — yes. But wait, the question asked about the variance, not the second moment.',
  'So Var = E[X²] − (E[X])² = 2 − 1 = 1. Let me re-derive E[X] to be sure: ∫₀^∞ x e^{-x} dx = Γ(2) = 1.',
];

/** A runaway trace of about `chars` characters: the same reasoning going round, numbered so no two lines are equal. */
export function runawayText(chars: number, seed: number): string {
  const lines: string[] = [];
  let length = 0;
  for (let round = 0; length < chars; round++) {
    const line = `${LOOP[(round + seed) % LOOP.length]} (round ${round})`;
    lines.push(line);
    length += line.length + 1;
  }
  return lines.join('\n').slice(0, chars);
}

/**
 * Writes the project: a tag "Runaway answers" with `questions` questions of two candidates each,
 * one whose reasoning and one whose answer is huge, and a small tag beside it.
 */
export async function writeHugeProject(dir: string, shape: HugeShape = HUGE_SHAPE): Promise<{ tagId: string; candidateIds: string[] }> {
  const store = await ProjectStore.create(dir, newProjectConfig({ topic: 'Probability', baseUrl: 'offline' }));
  try {
    const [huge, small] = await store.addTags(null, ['Runaway answers', 'Ordinary answers'], 'manual');
    const questions = await store.addQuestions(
      huge!.id,
      Array.from({ length: shape.questions }, (_, i) => ({ text: `Variant ${i + 1}: what is the variance of an Exp(1) variable?` })),
      'manual',
    );
    const candidateIds: string[] = [];
    const layout = new ProjectLayout(dir);
    await mkdir(layout.candidatesDir, { recursive: true });
    let seed = 0;
    for (const question of questions) {
      for (const sample of [0, 1]) {
        const text = runawayText(shape.chars, seed++);
        const candidate = buildCandidate({
          question,
          sample,
          teacher: 'looping-teacher',
          model: 'looping-teacher',
          finishReason: 'length',
          ...(sample === 0 ? { reasoning: text, answer: 'The variance is \\boxed{1}.' } : { reasoning: 'Short trace.', answer: text }),
        });
        await appendFile(layout.candidates(huge!.id), JSON.stringify(withIdentity(candidate, question)) + '\n');
        candidateIds.push(candidate.id);
      }
    }
    const [ordinary] = await store.addQuestions(small!.id, [{ text: 'What is the mean of an Exp(1) variable?' }], 'manual');
    await store.appendCandidates([buildCandidate({ question: ordinary!, sample: 0, answer: 'The mean is \\boxed{1}.' })]);
    return { tagId: huge!.id, candidateIds };
  } finally {
    await store.close();
  }
}
