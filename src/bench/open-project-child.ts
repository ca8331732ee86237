import { ProjectStore } from '../store/project-store.js';

// Run in a fresh process so that its RSS is the cost of opening, not of the benchmark around it.
const dir = process.argv[2]!;
const started = performance.now();
const store = await ProjectStore.open(dir);
const first = store.children(null)[0]!;
const leaf = store.children(first.id)[0]!;
// "Ready" is the first screen: tree with counts, the first leaf's questions, candidates and decisions.
let total = 0;
for (const tag of store.tags()) total += store.counts(tag.id).candidates;
await store.questions(leaf.id);
await store.candidates(leaf.id);
await store.decisions(leaf.id);
const ms = performance.now() - started;
process.stdout.write(JSON.stringify({ ms, rssMb: process.memoryUsage().rss / 1024 / 1024, candidates: total }) + '\n');
// Not timed: leaves the counters cache written, as any distill command does on exit.
await store.close();
