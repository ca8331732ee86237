// Varied synthetic question texts for the decontamination benches: words drawn from a large
// vocabulary with common function words mixed in, so that two questions share an 8-gram only when
// one was planted from the other (the million-candidate project's questions are templated and all
// share one, which would make every question "repeat" a benchmark item).
const VOCABULARY = Array.from({ length: 6000 }, (_, i) => `w${i.toString(36)}${'aeiou'[i % 5]}`);
const COMMON = ['the', 'of', 'a', 'what', 'is', 'and', 'in', 'to', 'how', 'does', 'which', 'for'];

/** A deterministic generator of numbers in [0, 1) (a linear congruential one: fast, reproducible). */
export function seeded(seed: number): () => number {
  let state = seed;
  return () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 4294967296;
}

/** A question of `words` words ending in "?". */
export function randomText(random: () => number, words: number): string {
  const out: string[] = [];
  for (let i = 0; i < words; i++) {
    out.push(random() < 0.35 ? COMMON[Math.floor(random() * COMMON.length)]! : VOCABULARY[Math.floor(random() * VOCABULARY.length)]!);
  }
  return out.join(' ') + '?';
}
