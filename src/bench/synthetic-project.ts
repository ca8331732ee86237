import { newProjectConfig } from '../core/project-config.js';
import { buildCandidate } from '../core/testing/candidate-builder.js';
import type { Candidate } from '../core/types.js';
import { ProjectStore } from '../store/project-store.js';

export interface SyntheticShape {
  topTags: number;
  subTags: number;
  questionsPerLeaf: number;
  candidatesPerQuestion: number;
  /** Fraction of candidates with a decision already recorded. */
  decidedShare: number;
}

const REASONING = [
  'Okay, let me work through this carefully. The athlete covers the distance at a steady pace, so I should first convert the time into minutes. ',
  'Next I need the relationship between oxygen uptake and running speed; the ACSM equation gives VO2 = 0.2 × speed + 3.5 for level running. ',
  'Wait, I should double-check the units here: speed is in metres per minute, so 12 km/h is 200 m/min. ',
  'That gives 43.5 ml/kg/min, which seems reasonable for a trained recreational runner. ',
];
const ANSWER =
  'The estimated oxygen cost is **43.5 ml·kg⁻¹·min⁻¹**, so the final answer is \\boxed{43.5}. This assumes level running with no wind resistance.';

/** A realistic candidate of about 1.5 KB, varied a little by its index. */
export function syntheticCandidate(questionId: string, tagId: string, sample: number, index: number): Candidate {
  const reasoning = Array.from({ length: 3 }, (_, i) => REASONING[(index + i) % REASONING.length]).join('\n\n') + `Check ${index}.`;
  return buildCandidate({
    questionId,
    tagId,
    sample,
    reasoning,
    answer: ANSWER,
    usage: { promptTokens: 120, completionTokens: 380 },
    model: 'synthetic-teacher',
    latencyMs: 900,
    createdAt: '2026-11-21T00:00:00.000Z',
  });
}

/** Builds a project of topTags × subTags leaves through the store, as the generator would. */
export async function buildSyntheticProject(
  dir: string,
  shape: SyntheticShape,
  onProgress?: (done: number, total: number) => void,
): Promise<{ candidates: number }> {
  const store = await ProjectStore.create(dir, newProjectConfig({ topic: 'Sports science', baseUrl: 'offline' }));
  const tops = await store.addTags(
    null,
    Array.from({ length: shape.topTags }, (_, i) => `Area ${i + 1}`),
    'generated',
  );
  let candidates = 0;
  let index = 0;
  let leafCount = 0;
  const totalLeaves = shape.topTags * shape.subTags;
  for (const top of tops) {
    const leaves = await store.addTags(
      top.id,
      Array.from({ length: shape.subTags }, (_, i) => `Topic ${i + 1}`),
      'generated',
    );
    for (const leaf of leaves) {
      const questions = await store.addQuestions(
        leaf.id,
        Array.from({ length: shape.questionsPerLeaf }, (_, i) => ({
          text: `Synthetic question ${i + 1} about ${top.name} / ${leaf.name}: estimate the oxygen cost of running at 12 km/h?`,
        })),
        'generated',
      );
      const batch: Candidate[] = [];
      for (const question of questions) {
        for (let sample = 0; sample < shape.candidatesPerQuestion; sample++)
          batch.push(syntheticCandidate(question.id, leaf.id, sample, index++));
      }
      await store.appendCandidates(batch);
      candidates += batch.length;
      const decided = batch.filter((_, i) => (i * 7919) % 1000 < shape.decidedShare * 1000);
      if (decided.length > 0)
        await store.decide(decided.map((candidate, i) => ({ id: candidate.id, status: i % 3 === 0 ? 'rejected' : 'accepted' })));
      onProgress?.(++leafCount, totalLeaves);
    }
  }
  await store.close();
  return { candidates };
}
