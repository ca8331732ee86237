// Generation started from the review screen: runs in the background, feeds the gauges from
// pipeline events, and brings new tags, questions and candidates onto the screen as they land.
import type { PipelineEvent } from '../pipeline/events.js';
import { prefetchSmallProject } from './prefetch-tags.js';
import type { ReviewScreen } from './review-screen.js';
import type { GenerationRequest, ReviewServices } from './review-services.js';
import type { ReviewView } from './review-view.js';
import type { ScreenTasks } from './screen-tasks.js';
import { ProgressState } from './view-model/progress-state.js';
import { tagOfItem } from './view-model/review-actions.js';
import type { ReviewModel } from './view-model/review-model.js';

const REPAINT_MS = 100;
/** How long the finished panel stays before it folds away. */
const LINGER_MS = 6_000;

const TITLES: Record<GenerationRequest['kind'], string> = {
  tags: 'Generating sub-tags',
  questions: 'Generating questions',
  answers: 'Generating candidates',
  auto: 'Auto run',
};

export interface GenerationRunnerParts {
  tasks: ScreenTasks;
  model: ReviewModel;
  /** The progress panel, and the layout that makes room for it. */
  ui: Pick<ReviewScreen, 'progress' | 'layout'>;
  /** Where the status bar's "generating …" note goes. */
  view: Pick<ReviewView, 'backgroundStatus'>;
  generator: ReviewServices['generator'];
}

export class GenerationRunner {
  private abort: AbortController | null = null;
  /** The reviewer pressed S (or chose to stop on quit): the run's end says what was kept. */
  private stopRequested = false;
  private run: Promise<void> | null = null;
  private readonly dirtyTags = new Set<string>();
  private treeDirty = false;
  private repaintTimer: NodeJS.Timeout | null = null;
  private lingerTimer: NodeJS.Timeout | null = null;

  /** Called when a run ended, however it ended (the screen re-reads the failures). */
  onFinished: (() => void) | null = null;

  constructor(private readonly parts: GenerationRunnerParts) {}

  get running(): boolean {
    return this.run !== null;
  }

  start(request: GenerationRequest): void {
    const generator = this.parts.generator;
    if (!generator || this.run) return;
    const state = new ProgressState(TITLES[request.kind]);
    const abort = new AbortController();
    this.abort = abort;
    this.stopRequested = false;
    if (this.lingerTimer) clearTimeout(this.lingerTimer);
    this.parts.ui.progress.show(state);
    this.parts.ui.layout();
    const onEvent = (event: PipelineEvent) => {
      state.apply(event);
      this.noteChange(event);
      this.scheduleRepaint();
    };
    this.run = generator
      .run(request, onEvent, abort.signal)
      .then((summary) => {
        if (!state.summary) state.apply({ kind: 'finished', summary });
        const line = state
          .line()
          .map((s) => s.text)
          .join('');
        this.parts.model.say(
          this.stopRequested
            ? `generation stopped; nothing written is lost and c (or distill auto) resumes where it stopped. ${line}`
            : line,
          summary.aborted ? 'flag' : 'pass',
        );
      })
      .catch((error: unknown) => {
        state.running = false;
        state.error = error instanceof Error ? error.message.split('\n')[0]! : String(error);
        this.parts.tasks.showError(error);
      })
      .finally(() => {
        this.run = null;
        this.abort = null;
        this.flushChanges();
        // The run may have ended with a check of the whole project: every verdict may have moved.
        this.parts.model.data.forgetAll();
        prefetchSmallProject(this.parts.model.data, this.parts.tasks);
        this.parts.view.backgroundStatus = [];
        this.onFinished?.();
        this.parts.ui.progress.update();
        this.parts.tasks.schedulePaint();
        this.lingerTimer = setTimeout(() => {
          if (this.run) return;
          this.parts.ui.progress.hide();
          this.parts.ui.layout();
          this.parts.tasks.schedulePaint();
        }, LINGER_MS);
        this.lingerTimer.unref();
      });
  }

  /**
   * Stops the run from the screen: the pipeline stops starting work, what is on disk stays, and
   * every stage skips what exists, so the next run completes the target. Resolves when it ended.
   */
  async requestStop(): Promise<void> {
    const run = this.run;
    if (!run) return;
    this.stopRequested = true;
    this.abort?.abort();
    await run;
  }

  /** Stops a run (the pipeline is resumable) and waits a little for in-flight writes. */
  async stop(waitMs = 3_000): Promise<void> {
    if (this.lingerTimer) clearTimeout(this.lingerTimer);
    if (this.repaintTimer) clearTimeout(this.repaintTimer);
    const run = this.run;
    if (!run) return;
    this.abort?.abort();
    await Promise.race([run, new Promise((resolve) => setTimeout(resolve, waitMs).unref())]);
  }

  private noteChange(event: PipelineEvent): void {
    if (event.kind !== 'done') return;
    if (event.stage === 'tags') {
      this.treeDirty = true;
      return;
    }
    const tagId = event.stage === 'questions' ? event.target : tagOfItem(event.target);
    if (tagId) this.dirtyTags.add(tagId);
  }

  private scheduleRepaint(): void {
    if (this.repaintTimer) return;
    this.repaintTimer = setTimeout(() => {
      this.repaintTimer = null;
      this.flushChanges();
      const state = this.parts.ui.progress.state;
      if (state?.running) {
        const stage = state.stages.answers.planned > 0 ? 'answers' : 'questions';
        this.parts.view.backgroundStatus = [{ text: `generating ${state.stageLabel(stage)}`, tone: 'preferred' }];
      }
      this.parts.ui.progress.update();
      this.parts.tasks.schedulePaint();
    }, REPAINT_MS);
    this.repaintTimer.unref();
  }

  /** New items are on disk: the tree re-reads its tags, open tags reload their data. */
  private flushChanges(): void {
    const model = this.parts.model;
    if (this.treeDirty) {
      this.treeDirty = false;
      model.tagsChanged();
    }
    for (const tagId of this.dirtyTags) {
      if (model.data.isLoaded(tagId)) this.parts.tasks.runTask(() => model.data.reload(tagId));
    }
    if (this.dirtyTags.size > 0) model.itemsChanged([...this.dirtyTags]);
    this.dirtyTags.clear();
  }
}
