// Keystroke to screen in the review TUI with 100,000 questions in one list: the real screen
// (runReview over a real project on disk) on in-memory terminal streams, timing each key from
// the moment its bytes are written to the moment the redrawn frame reaches the output.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { newProjectConfig } from '../core/project-config.js';
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

async function buildProject(dir: string): Promise<{ store: ProjectStore; tagId: string }> {
  const store = await ProjectStore.create(dir, newProjectConfig({ topic: 'Bench topic', baseUrl: 'offline' }));
  const [tag] = await store.addTags(null, ['One hundred thousand questions'], 'generated');
  const questions = Array.from({ length: ITEMS }, (_, i) => ({
    text: `Question ${i}: how does training load ${i % 7 === 0 ? '影响乳酸阈值' : 'change lactate threshold'} over ${i % 12} weeks?`,
  }));
  await store.addQuestions(tag!.id, questions, 'generated');
  return { store, tagId: tag!.id };
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

  const down = await timeKeys(input, sink, Array.from({ length: PRESSES }, () => 'j'));
  // The figure is only worth something if the frames are the real ones: the screen now shows
  // the newly selected row (blessed sends only the changed cells, so read its buffer).
  const lines = (c.ui.screen as unknown as { lines: [number, string][][] }).lines;
  const shown = lines.map((line) => line.map((cell) => cell[1]).join(''));
  if (c.model.questionIndex() !== PRESSES || !shown.some((line) => line.includes(`Question ${PRESSES}:`))) {
    throw new Error('tui bench: the screen after the keys does not show the selected row');
  }
  report('tui: keystroke to screen, move down (p50)', percentile(down, 50), 'ms');
  report('tui: keystroke to screen, move down (p99)', percentile(down, 99), 'ms', '< 30 ms');
  const pages = await timeKeys(input, sink, Array.from({ length: 100 }, (_, i) => (i % 2 === 0 ? '\x1b[6~' : '\x1b[5~')));
  report('tui: keystroke to screen, page down/up (p99)', percentile(pages, 99), 'ms', '< 30 ms');
  const jumps = await timeKeys(input, sink, Array.from({ length: 100 }, (_, i) => (i % 2 === 0 ? 'G' : 'g')));
  report('tui: keystroke to screen, jump to bottom/top (p99)', percentile(jumps, 99), 'ms', '< 30 ms');
  const marks = await timeKeys(input, sink, Array.from({ length: 100 }, () => ' '));
  report('tui: keystroke to screen, mark and step (p99)', percentile(marks, 99), 'ms', '< 30 ms');

  input.write('q');
  await closing;
  await store.close();
  await rm(root, { recursive: true, force: true });
}
