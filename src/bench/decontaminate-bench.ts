// Decontamination at the scale: 250,000 questions against 10,000 benchmark items, on one
// core (the index is built once; each question is looked up, fuzzy-compared only with the few
// items that share many rare trigrams with it).
import { ContaminationIndex, type Benchmark } from '../selection/contamination-index.js';
import type { Report } from './report.js';
import { randomText, seeded } from './synthetic-questions.js';

export async function benchDecontaminate(report: Report): Promise<void> {
  const random = seeded(11);
  const items = Array.from({ length: 10_000 }, (_, i) => ({ id: `#${i + 1}`, text: randomText(random, 20 + Math.floor(random() * 60)) }));
  const benchmark: Benchmark = { name: 'bench', items };
  // 1% repeat an item: half verbatim, half with two words dropped.
  const questions = Array.from({ length: 250_000 }, (_, i) => {
    if (i % 100 !== 0) return randomText(random, 15 + Math.floor(random() * 60));
    const words = items[i % items.length]!.text.split(' ');
    if (i % 200 === 0) words.splice(5, 2);
    return words.join(' ');
  });
  const started = performance.now();
  const index = new ContaminationIndex([benchmark]);
  const built = performance.now();
  let found = 0;
  for (const question of questions) if (index.match(question)) found++;
  const done = performance.now();
  report('decontaminate: index 10,000 benchmark items', built - started, 'ms');
  report('decontaminate: 250,000 questions against them', (done - built) / 1000, 's', '< 60 s, one core');
  report('decontaminate: questions found (2,500 planted)', found, 'questions');
  await Promise.resolve();
}
