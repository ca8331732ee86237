// Keystroke to screen in the review TUI with 100,000 questions in one list: the real screen
// (runReview over a real project on disk) on in-memory terminal streams, timing each key from
// the moment its bytes are written to the moment the redrawn frame reaches the output.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { newProjectConfig } from '../core/project-config.js';
import { buildCandidates } from '../core/testing/candidate-builder.js';
import { ProjectStore } from '../store/project-store.js';
import type { ReviewController } from '../tui/review-controller.js';
import { runReview } from '../tui/run-review.js';
import { percentile } from './report.js';

export type TuiReport = (name: string, value: number, unit: string, target?: string) => void;

const ITEMS = 100_000;
const PRESSES = 300;

class FrameSink extends Writable {
  readonly columns = 120;
  readonly rows = 40;
  readonly isTTY = true;
  private waiter: (() => void) | null = null;
  lastFrame = '';

  override _write(chunk: unknown, _encoding: BufferEncoding, callback: () => void): void {
    this.lastFrame = String(chunk);
    const waiter = this.waiter;
    this.waiter = null;
    waiter?.();
    callback();
  }

  nextFrame(): Promise<void> {
    return new Promise((resolve) => {
      this.waiter = resolve;
    });
  }
}

export const LONG_TRACE_CANDIDATES = 30;
const LONG_TRACE_CHARS = 200_000;

/** A reasoning trace of about `chars` characters, English and Chinese paragraphs mixed. */
function longTrace(seed: number, chars: number): string {
  const paragraphs = [
    `Step ${seed}: the athlete's lactate threshold rises with sustained tempo work, so the weekly load should grow by about ten percent. `,
    '乳酸阈值随着持续的节奏跑训练而提高，因此每周的训练量应当逐步增加大约百分之十，并注意恢复。',
  ];
  let text = '';
  for (let i = 0; text.length < chars; i++) text += paragraphs[i % 2]!.repeat(3) + '\n\n';
  return text;
}

export async function addLongTraces(store: ProjectStore): Promise<string> {
  const [tag] = await store.addTags(null, ['Long traces'], 'generated');
  const [question] = await store.addQuestions(tag!.id, [{ text: 'A question with very long answers' }], 'generated');
  await store.appendCandidates(
    buildCandidates(question!, LONG_TRACE_CANDIDATES, (sample) => ({
      reasoning: longTrace(sample, LONG_TRACE_CHARS),
      answer: 'The final answer is \\boxed{10}.',
      model: 'bench',
    })),
  );
  return tag!.id;
}

const HUGE_CANDIDATES = 3;
const HUGE_CHARS = 20_000_000;

/** Candidates of 20 MB (an answer that ran away, from a project made before the size limit): each a different text. */
async function addHugeAnswers(store: ProjectStore): Promise<string> {
  const [tag] = await store.addTags(null, ['Huge answers'], 'generated');
  const [question] = await store.addQuestions(tag!.id, [{ text: 'A question whose answers never stopped' }], 'generated');
  await store.appendCandidates(
    buildCandidates(question!, HUGE_CANDIDATES, (sample) => ({
      reasoning:
        `Huge ${sample}: ` + 'The runner keeps a steady pace, so the split times stay even. 跑者保持稳定的配速。\n'.repeat(HUGE_CHARS / 80),
      answer: 'The final answer is \\boxed{10}.',
      model: 'bench',
    })),
  );
  return tag!.id;
}

/** Moving among 20 MB candidates and scrolling one: the detail wraps only what is on screen. */
async function benchHugeAnswers(report: TuiReport, store: ProjectStore, c: ReviewController, input: PassThrough, sink: FrameSink) {
  const hugeTagId = await addHugeAnswers(store);
  c.model.tagsChanged();
  c.model.selectTreeRow(hugeTagId);
  await c.model.data.load(hugeTagId);
  global.gc?.();
  const rssBefore = process.memoryUsage().rss;
  c.model.focus = 'candidates';
  c.model.reasoningFolded = false;
  c.paint();
  const moves = await timeKeys(
    input,
    sink,
    Array.from({ length: 30 }, (_, i) => (i % 6 < 3 ? 'j' : 'k')),
  );
  if (!screenRows(c).some((row) => /Huge \d:/.test(row))) throw new Error('tui bench: the screen does not show a 20 MB candidate');
  report('tui: keystroke to screen, between 20 MB candidates (p99)', percentile(moves, 99), 'ms', '< 30 ms');
  c.model.focus = 'detail';
  c.paint();
  const scrolls = await timeKeys(
    input,
    sink,
    Array.from({ length: 200 }, (_, i) => (i < 150 ? '\x1b[6~' : 'j')),
  );
  report('tui: keystroke to screen, scrolling a 20 MB candidate (p99)', percentile(scrolls, 99), 'ms', '< 30 ms');
  global.gc?.();
  report('tui: resident memory added while reading 20 MB candidates', (process.memoryUsage().rss - rssBefore) / 1024 / 1024, 'MB');
}

async function buildProject(dir: string): Promise<{ store: ProjectStore; tagId: string }> {
  const store = await ProjectStore.create(dir, newProjectConfig({ topic: 'Bench topic', baseUrl: 'offline' }));
  const [tag] = await store.addTags(null, ['One hundred thousand questions'], 'generated');
  const questions = Array.from({ length: ITEMS }, (_, i) => ({
    text: `Question ${i}: how does training load ${i % 7 === 0 ? '影响乳酸阈值' : 'change lactate threshold'} over ${i % 12} weeks?`,
  }));
  await store.addQuestions(tag!.id, questions, 'generated');
  return { store, tagId: tag!.id };
}

/** What the screen buffer holds, row by row (blessed sends only changed cells, so read the buffer). */
function screenRows(c: ReviewController): string[] {
  const lines = (c.ui.screen as unknown as { lines: [number, string][][] }).lines;
  return lines.map((line) => line.map((cell) => cell[1]).join(''));
}

async function timeKeys(input: PassThrough, sink: FrameSink, keys: string[]): Promise<number[]> {
  const times: number[] = [];
  for (const key of keys) {
    const frame = sink.nextFrame();
    const started = performance.now();
    input.write(key);
    await frame;
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b);
}

export async function benchTui(report: TuiReport): Promise<void> {
  const root = await mkdtemp(join(tmpdir(), 'distill-tui-bench-'));
  const { store, tagId } = await buildProject(join(root, 'project'));
  const input = new PassThrough();
  const sink = new FrameSink();
  let onReady!: (controller: ReviewController) => void;
  const ready = new Promise<ReviewController>((resolve) => (onReady = resolve));
  const closing = runReview(store, { input, output: sink, refreshMs: 60_000, onReady });
  const c = await ready;
  const opening = performance.now();
  c.model.selectTreeRow(tagId);
  await c.model.data.load(tagId);
  c.model.focus = 'questions';
  const firstFrame = sink.nextFrame();
  c.paint();
  await firstFrame;
  report('tui: first screen of a 100,000-question tag (shard in memory)', performance.now() - opening, 'ms');
  report('tui: questions in the list', c.model.questions().length, 'items');

  const down = await timeKeys(
    input,
    sink,
    Array.from({ length: PRESSES }, () => 'j'),
  );
  // The figure is only worth something if the frames are the real ones: the screen now shows
  // the newly selected row (blessed sends only the changed cells, so read its buffer).
  if (c.model.questionIndex() !== PRESSES || !screenRows(c).some((line) => line.includes(`Question ${PRESSES}:`))) {
    throw new Error('tui bench: the screen after the keys does not show the selected row');
  }
  report('tui: keystroke to screen, move down (p50)', percentile(down, 50), 'ms');
  report('tui: keystroke to screen, move down (p99)', percentile(down, 99), 'ms', '< 30 ms');
  const pages = await timeKeys(
    input,
    sink,
    Array.from({ length: 100 }, (_, i) => (i % 2 === 0 ? '\x1b[6~' : '\x1b[5~')),
  );
  report('tui: keystroke to screen, page down/up (p99)', percentile(pages, 99), 'ms', '< 30 ms');
  const jumps = await timeKeys(
    input,
    sink,
    Array.from({ length: 100 }, (_, i) => (i % 2 === 0 ? 'G' : 'g')),
  );
  report('tui: keystroke to screen, jump to bottom/top (p99)', percentile(jumps, 99), 'ms', '< 30 ms');
  const marks = await timeKeys(
    input,
    sink,
    Array.from({ length: 100 }, () => ' '),
  );
  report('tui: keystroke to screen, mark and step (p99)', percentile(marks, 99), 'ms', '< 30 ms');

  // Moving through candidates whose unfolded 200 KB traces are each wrapped on first view.
  const longTagId = await addLongTraces(store);
  c.model.tagsChanged();
  c.model.selectTreeRow(longTagId);
  await c.model.data.load(longTagId);
  c.model.focus = 'candidates';
  c.model.reasoningFolded = false;
  c.paint();
  const traces = await timeKeys(
    input,
    sink,
    Array.from({ length: LONG_TRACE_CANDIDATES - 1 }, () => 'j'),
  );
  if (
    c.model.candidateIndex() !== LONG_TRACE_CANDIDATES - 1 ||
    !screenRows(c).some((row) => row.includes(`Step ${LONG_TRACE_CANDIDATES - 1}:`))
  ) {
    throw new Error('tui bench: the screen does not show the last long-trace candidate');
  }
  report('tui: keystroke to screen, next candidate, 200 KB trace first shown (p50)', percentile(traces, 50), 'ms');
  report('tui: keystroke to screen, next candidate, 200 KB trace first shown (max)', traces[traces.length - 1]!, 'ms', '< 30 ms');
  const back = await timeKeys(
    input,
    sink,
    Array.from({ length: LONG_TRACE_CANDIDATES - 1 }, () => 'k'),
  );
  report('tui: keystroke to screen, back to a 200 KB trace already wrapped (p99)', percentile(back, 99), 'ms', '< 30 ms');

  await benchHugeAnswers(report, store, c, input, sink);

  input.write('q');
  await closing;
  await store.close();
  await rm(root, { recursive: true, force: true });
}
