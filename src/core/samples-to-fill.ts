/**
 * The sample numbers to generate so that a question has `k` candidates that answer its current
 * text: the lowest numbers not used yet. A candidate of an edited question (stale) keeps its
 * number and its decisions (an undo of the edit brings them back), so its replacement takes a new one.
 */
export function samplesToFill(existing: readonly { sample: number; stale: boolean }[], k: number): number[] {
  const used = new Set(existing.map((candidate) => candidate.sample));
  let needed = k - existing.filter((candidate) => !candidate.stale).length;
  const samples: number[] = [];
  for (let sample = 0; needed > 0; sample++) {
    if (used.has(sample)) continue;
    samples.push(sample);
    needed--;
  }
  return samples;
}
