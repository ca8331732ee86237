// Export throughput at 1,000,000 accepted candidates. The project is built through the store, with
// texts of the size a reasoning teacher writes (a ~2 KB trace, a ~600-char answer), then exported
// as alpaca with <think> blocks, the default and the largest of the three layouts.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildCandidates } from '../core/testing/candidate-builder.js';
import { newProjectConfig } from '../core/project-config.js';
import type { Candidate, Question } from '../core/types.js';
import { ProjectLayout } from '../store/project-layout.js';
import { ProjectStore } from '../store/project-store.js';
import { defaultWorkerCount, exportAccepted } from '../export/export-accepted.js';
import type { Report } from './report.js';

const TOP_TAGS = 10;
const LEAVES_PER_TOP = 25;
const QUESTIONS_PER_LEAF = 1000;
const CANDIDATES_PER_QUESTION = 4;

const SENTENCES = [
  'The athlete’s lactate threshold sets the fastest pace that can be held for about an hour.',
  'Glycogen stores in the liver and muscles last roughly ninety minutes of hard running.',
  'Training at low intensity builds mitochondrial density and capillary networks.',
  'Heart rate drifts upward over a long effort even when the pace stays the same.',
  'Strength work twice a week lowers the risk of overuse injuries in runners.',
  'We can estimate VO2max from a 12-minute run with the Cooper formula.',
  'Hydration needs depend on sweat rate, which varies between 0.5 and 2 litres per hour.',
  'A taper of two to three weeks lets the body absorb the training load.',
  '马拉松运动员的乳酸阈值决定了他们能够长时间维持的配速。',
  'Let me check this again: the numbers add up, so the reasoning holds.',
];

/** A deterministic pseudo-random text of about `chars` characters. */
function text(seed: number, chars: number): string {
  let state = seed * 2654435761;
  const parts: string[] = [];
  let length = 0;
  while (length < chars) {
    state = (Math.imul(state ^ (state >>> 15), 2246822507) + 0x6d2b79f5) >>> 0;
    const sentence = SENTENCES[state % SENTENCES.length]!;
    parts.push(sentence);
    length += sentence.length + 1;
    if (state % 7 === 0) parts.push('\n\n');
  }
  return parts.join(' ');
}

function candidatesOf(question: Question, seed: number): Candidate[] {
  return buildCandidates(question, CANDIDATES_PER_QUESTION, (sample) => ({
    reasoning: text(seed * 8 + sample, 2000),
    answer: text(seed * 8 + sample + 4, 600),
    usage: { promptTokens: 60, completionTokens: 700, reasoningTokens: 500 },
    model: 'bench-teacher',
    latencyMs: 1000,
  }));
}

/**
 * Tags and questions go through the store; candidates and decisions are written straight into
 * their shard files (one JSON line each, as the store writes them), which builds the million
 * in seconds instead of minutes and keeps the builder's own memory out of the measurement.
 */
async function buildProject(dir: string): Promise<ProjectStore> {
  const store = await ProjectStore.create(dir, newProjectConfig({ topic: 'Sports science', baseUrl: 'offline' }));
  const layout = new ProjectLayout(dir);
  await mkdir(layout.candidatesDir, { recursive: true });
  await mkdir(layout.decisionsDir, { recursive: true });
  const tops = await store.addTags(
    null,
    Array.from({ length: TOP_TAGS }, (_, i) => `Area ${i}`),
    'generated',
  );
  let seed = 0;
  for (const top of tops) {
    const leaves = await store.addTags(
      top.id,
      Array.from({ length: LEAVES_PER_TOP }, (_, i) => `Topic ${i}`),
      'generated',
    );
    for (const leaf of leaves) {
      const questions = await store.addQuestions(
        leaf.id,
        Array.from({ length: QUESTIONS_PER_LEAF }, (_, i) => ({ text: `${text(++seed, 140)} (${leaf.id}/${i})?` })),
        'generated',
      );
      const candidates = questions.flatMap((question) => candidatesOf(question, ++seed));
      const decisions = candidates.map((candidate) => ({ id: candidate.id, status: 'accepted', at: candidate.createdAt }));
      await writeFile(layout.candidates(leaf.id), jsonLines(candidates));
      await writeFile(layout.decisions(leaf.id), jsonLines(decisions));
    }
  }
  // Not reopened: counting a million freshly written candidates on open is the store's bench, not this one.
  return store;
}

function jsonLines(records: readonly unknown[]): string {
  return records.map((record) => JSON.stringify(record)).join('\n') + '\n';
}

export async function benchExport(report: Report): Promise<void> {
  const root = await mkdtemp(join(tmpdir(), 'distill-export-bench-'));
  try {
    const buildStarted = performance.now();
    const store = await buildProject(join(root, 'project'));
    report('export: building the 1M-candidate project', (performance.now() - buildStarted) / 1000, 's');
    const rssBefore = process.memoryUsage().rss;
    let peakRss = rssBefore;
    // The store's counters do not know the shards written behind its back, so the worker count the
    // CLI would pick for a project this size is passed explicitly.
    const options = { format: 'alpaca' as const, out: join(root, 'export', 'train.jsonl'), workers: defaultWorkerCount() };
    const result = await exportAccepted(store, options, () => {
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
    });
    await store.close();
    const seconds = result.elapsedMs / 1000;
    report('export: records', result.records, 'records');
    report('export: output size', result.bytes / 1e6, 'MB');
    report(`export: throughput (alpaca, think, ${result.workers} workers)`, result.bytes / 1e6 / seconds, 'MB/s', '>= 100');
    report('export: RSS growth during export', (peakRss - rssBefore) / 1e6, 'MB');
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}
