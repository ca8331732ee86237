// The entry of the review screen. Opens the screen over a project, polls the project for
// changes made by other processes, and always gives the terminal back: on quit, on Ctrl-C,
// on a signal and on a crash (the crash is then re-thrown to the caller, the CLI).
import type { ProjectStoreApi } from '../store/store-api.js';
import { prefetchSmallProject } from './prefetch-tags.js';
import { ReviewController } from './review-controller.js';
import { ReviewScreen } from './review-screen.js';
import type { ReviewServices } from './review-services.js';
import { loadSelectionMarks } from './services/selection-marks.js';
import { ReviewData } from './view-model/review-data.js';
import { ReviewModel } from './view-model/review-model.js';
import { monotonicMicros, traceSpan, tracing } from './key-timing-trace.js';

export interface ReviewOptions extends Omit<ReviewServices, 'store'> {
  /** Terminal streams; default the process's stdin/stdout. */
  input?: NodeJS.ReadableStream;
  output?: NodeJS.WritableStream;
  /** How often to look for changes made by other processes; default 1 s. */
  refreshMs?: number;
  /** The API keys of the environment: scrubbed from any failure reason shown. */
  secrets?: readonly string[];
  /** Called once the first screen is drawn, with the controller (bench and tests drive it). */
  onReady?: (controller: ReviewController) => void;
}

/** How long after the first screen the checks' modules are loaded (off the first screen, ahead of the first keys). */
const WARM_UP_AFTER_MS = 250;

/** Tags shown expanded on open when the whole tree is this small. */
const EXPAND_ALL_UP_TO = 40;

export async function runReview(store: ProjectStoreApi, options: ReviewOptions = {}): Promise<void> {
  const ui = new ReviewScreen({
    ...(options.input ? { input: options.input } : {}),
    ...(options.output ? { output: options.output } : {}),
  });
  const services: ReviewServices = {
    store,
    ...(options.checks ? { checks: options.checks } : {}),
    ...(options.generator ? { generator: options.generator } : {}),
    ...(options.exporter ? { exporter: options.exporter } : {}),
  };
  // Selections and the student probe, for the filter menu and the detail pane (a few small files).
  const marks = await loadSelectionMarks(store);
  const model = new ReviewModel(new ReviewData(store, options.checks));
  const controller = new ReviewController(ui, model, services);
  openOnFirstTag(model);
  if (store.warnings.length > 0) model.say(`warning: ${store.warnings[0]}`, 'flag');
  else if (marks.problem) model.say(`warning: selections not shown: ${marks.problem}`, 'flag');

  let crash: ((error: unknown) => void) | null = null;
  const crashed = new Promise<never>((_, reject) => {
    crash = reject;
  });
  const onCrash = (error: unknown) => crash?.(error);
  const onSignal = () => controller.quit();
  process.on('uncaughtException', onCrash);
  process.on('unhandledRejection', onCrash);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, onSignal);
  const loadFailures = () => loadGenerationFailures(controller, options.secrets ?? []);
  controller.generation.onFinished = loadFailures;
  const poller = startPolling(controller, options.refreshMs ?? 1_000, loadFailures);
  // When a key's bytes reached this process's event loop (before the key handler): the trace then
  // tells a key that waited in the terminal from one that waited for work here.
  if (tracing) (options.input ?? process.stdin).prependListener('data', () => traceSpan('input', monotonicMicros()));
  try {
    const quit = controller.run();
    options.onReady?.(controller);
    prefetchSmallProject(model.data, controller);
    loadFailures();
    warmUpChecks(controller, options.checks);
    await Promise.race([quit, crashed]);
  } finally {
    clearInterval(poller);
    process.off('uncaughtException', onCrash);
    process.off('unhandledRejection', onCrash);
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.off(signal, onSignal);
    ui.destroy();
    // A tag's check under way in the background is dropped (the next visit starts it again).
    await options.checks?.close?.();
    // Let a running generation stop cleanly and every decision reach the disk.
    await controller.generation.stop();
    await controller.actions.settled();
  }
}

/** A small tree opens fully expanded on its first leaf, so questions show at once; a large one on its first tag. */
function openOnFirstTag(model: ReviewModel): void {
  const store = model.store;
  let first = store.children(null)[0];
  if (store.tags().length <= EXPAND_ALL_UP_TO) {
    for (const tag of store.tags()) model.setExpanded(tag.id, true);
    while (first && store.children(first.id).length > 0) first = store.children(first.id)[0];
  }
  if (first) model.selectTreeRow(first.id);
}

/**
 * The first tag's verdicts need the span finders (module evaluation that blocks for ~0.1 s):
 * loaded just after the first screen, so that it is not the first `]` or leaf that waits for them.
 */
function warmUpChecks(controller: ReviewController, checks: ReviewOptions['checks']): void {
  if (!checks?.warmUp) return;
  setTimeout(() => controller.runTask(async () => checks.warmUp?.()), WARM_UP_AFTER_MS).unref();
}

/** Reads data/failures.json again (small): after a run here, or when another process changed the project. */
function loadGenerationFailures(controller: ReviewController, secrets: readonly string[]): void {
  controller.runTask(async () => {
    controller.model.failures.replace(await controller.model.store.failures(), secrets);
  });
}

/** Picks up what other processes wrote (a `distill auto` in another terminal, a second reviewer). */
function startPolling(controller: ReviewController, everyMs: number, onChange: () => void): NodeJS.Timeout {
  let inFlight = false;
  const timer = setInterval(() => {
    if (inFlight) return;
    inFlight = true;
    const started = monotonicMicros();
    const { model } = controller;
    model.store
      .refresh()
      .then(async (changes) => {
        if (!changes.tags && changes.tagIds.length === 0) return;
        await controller.actions.settled();
        if (changes.tags) model.tagsChanged();
        for (const tagId of changes.tagIds) {
          if (model.data.isLoaded(tagId)) await model.data.reload(tagId);
        }
        model.itemsChanged(changes.tags ? undefined : changes.tagIds);
        onChange();
        controller.schedulePaint();
      })
      .catch((error: unknown) => {
        controller.showError(error);
        controller.schedulePaint();
      })
      .finally(() => {
        inFlight = false;
        traceSpan('refresh', started);
      });
  }, everyMs);
  timer.unref();
  return timer;
}
