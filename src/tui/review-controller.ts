// Keys → actions. The key handler only changes state and paints; anything slow (writes,
// loads, generation, re-running rules, export, stats) runs as a background task that repaints
// when it is done, and whose failure becomes a one-line message, never a crash.
import { type Action, type KeyContext, bindingFor } from './keymap.js';
import { type BlessedKey, keyName, typedText } from './key-name.js';
import { ModalFlows } from './modal-flows.js';
import type { ReviewScreen } from './review-screen.js';
import type { ReviewServices } from './review-services.js';
import { ReviewView } from './review-view.js';
import { GenerationRunner } from './generation-runner.js';
import type { ScreenTasks } from './screen-tasks.js';
import { StatsScreen } from './stats-screen.js';
import { ReviewActions, ReviewRefusal } from './view-model/review-actions.js';
import type { ReviewModel } from './view-model/review-model.js';
import { DETAIL_SEARCH_LINES, searchDetail } from './view-model/detail-search.js';
import { lineText } from './view-model/styled-text.js';
import { QueueFlows } from './queue-flows.js';
import type { RejectChoice } from './view-model/reject-reasons.js';
import { toggleCompare } from './view-model/compare-state.js';
import { clearTokenCursors, moveTokenCursor, scrollToTokenCursor } from './services/soft-label-view.js';
import { monotonicMicros, traceSpan, traced, tracing } from './key-timing-trace.js';

export class ReviewController implements ScreenTasks {
  readonly actions: ReviewActions;
  readonly view: ReviewView;
  readonly flows: ModalFlows;
  readonly generation: GenerationRunner;
  readonly stats: StatsScreen;
  readonly queue: QueueFlows;
  private quitRequested: (() => void) | null = null;
  private renderQueued = false;
  private tasks = 0;
  /** The cursor move under way (after `a`/`r`, `]`, `n`), if any: keys pressed meanwhile wait for it. */
  private move: { abort: AbortController } | null = null;
  /** Keys pressed while a move was under way, replayed in order once it is done. */
  private readonly heldKeys: { ch: string | undefined; key: BlessedKey | undefined }[] = [];

  constructor(
    readonly ui: ReviewScreen,
    readonly model: ReviewModel,
    readonly services: ReviewServices,
  ) {
    this.actions = new ReviewActions(model);
    this.view = new ReviewView(
      ui,
      model,
      () => this.keyContext(),
      () => this.schedulePaint(),
    );
    this.generation = new GenerationRunner({ tasks: this, model, ui, view: this.view, generator: services.generator });
    this.stats = new StatsScreen(this, ui, model.data);
    this.queue = new QueueFlows(this, model);
    // Each stage of a tag's read (questions, candidates, verdicts) is painted as it arrives.
    model.data.onStage = () => this.schedulePaint();
    this.flows = new ModalFlows({
      tasks: this,
      modal: ui.modal,
      model,
      actions: this.actions,
      services,
      generation: this.generation,
      searchStep: (direction, inclusive) => this.searchStep(direction, inclusive),
      rejectWith: (choice) => this.rejectWith(choice),
    });
  }

  keyContext(): KeyContext {
    return {
      focus: this.model.focus,
      hasMarks: this.model.marks.size > 0,
      hasChecks: this.services.checks !== undefined,
      hasGenerator: this.services.generator !== undefined,
      hasExporter: this.services.exporter !== undefined,
      generating: this.generation.running,
    };
  }

  /** Resolves when the reviewer quits. */
  run(): Promise<void> {
    return new Promise((resolve) => {
      this.quitRequested = resolve;
      this.ui.screen.on('keypress', (ch: string | undefined, key: BlessedKey | undefined) => this.onKey(ch, key));
      this.ui.screen.on('resize', () => {
        this.ui.layout();
        this.stats.relayout();
        this.paint();
      });
      this.paint();
    });
  }

  quit(): void {
    const done = this.quitRequested;
    this.quitRequested = null;
    done?.();
  }

  // ---- painting ----

  /** Updates every widget from the model and draws; starts loads the view is waiting for. */
  paint(): void {
    traced('paint counts', () => this.queue.fillCounts());
    traced('paint update', () => this.view.update());
    traced('paint render', () => this.ui.render());
    for (const tagId of this.model.neededLoads()) {
      this.runTask(() => this.model.data.open(tagId, () => this.model.selectedTagId() === tagId));
    }
    for (const tagId of this.model.neighbourTags()) this.prefetchQuestions(tagId);
  }

  /**
   * Reads a neighbouring tag's questions ahead. Selected while the read was under way, the tag
   * was not read for the screen (a read was in progress): the repaint then starts that read.
   */
  private prefetchQuestions(tagId: string): void {
    this.model.data
      .prefetchQuestions(tagId)
      .catch(() => undefined)
      .finally(() => {
        if (this.model.selectedTagId() === tagId) this.schedulePaint();
      });
  }

  /** Paints soon, once, however many background events ask for it. */
  schedulePaint(): void {
    if (this.renderQueued) return;
    this.renderQueued = true;
    setImmediate(() => {
      this.renderQueued = false;
      if (this.quitRequested) this.paint();
    });
  }

  /** Runs slow work off the key handler; its error becomes the bar's message. */
  runTask(work: () => Promise<unknown>): void {
    this.tasks++;
    work()
      .catch((error: unknown) => this.showError(error))
      .finally(() => {
        this.tasks--;
        this.schedulePaint();
      });
  }

  /**
   * Runs a cursor move that may have to read tags (the next pending item after a decision, the
   * next match). Keys pressed until it is done are held and then handled in order, so a key
   * acts on where the cursor is after the move, never before it and never overridden by it;
   * Esc stops the move (and drops the keys held behind it).
   */
  runMove(work: (signal: AbortSignal) => Promise<unknown>): void {
    const move = { abort: new AbortController() };
    this.move = move;
    this.runTask(async () => {
      try {
        await work(move.abort.signal);
      } finally {
        if (this.move === move) {
          this.move = null;
          this.releaseKeys();
        }
      }
    });
  }

  /** Whether a cursor move is under way (keys are being held). */
  get moving(): boolean {
    return this.move !== null;
  }

  private releaseKeys(): void {
    // A replayed key may start another move: the keys after it wait for that one in turn.
    while (this.heldKeys.length > 0 && !this.move) {
      const { ch, key } = this.heldKeys.shift()!;
      this.onKey(ch, key);
    }
  }

  get busy(): boolean {
    return this.tasks > 0;
  }

  showError(error: unknown): void {
    const text = error instanceof Error ? error.message : String(error);
    // The bar shows the first line (and points to the log when there is more); the log keeps it all.
    this.model.say(text, error instanceof ReviewRefusal ? 'flag' : 'error');
  }

  // ---- keys ----

  private onKey(ch: string | undefined, key: BlessedKey | undefined): void {
    const started = tracing ? monotonicMicros() : 0;
    this.handleKey(ch, key);
    if (tracing) traceSpan(`key ${keyName(ch, key) ?? ch ?? '?'}`, started);
  }

  private handleKey(ch: string | undefined, key: BlessedKey | undefined): void {
    const name = keyName(ch, key);
    if (name === 'C-c') {
      this.quit();
      return;
    }
    if (this.move) {
      if (name === 'escape' && !this.flows.active) {
        this.move.abort.abort();
        this.move = null;
        this.heldKeys.length = 0;
        this.model.say('stopped looking', 'dim');
        this.schedulePaint();
      } else this.heldKeys.push({ ch, key });
      return;
    }
    try {
      if (this.flows.active) this.flows.handleKey(name, typedText(ch, key));
      else if (this.stats.visible) this.stats.handleKey(name);
      else if (name !== null) this.dispatch(name);
    } catch (error) {
      this.showError(error);
    }
    if (this.quitRequested) this.paint();
  }

  private dispatch(name: string): void {
    const binding = bindingFor(name, this.keyContext());
    if (!binding) return;
    // A message stays until the next key that does something.
    this.model.message = null;
    this.perform(binding.action);
  }

  /** Does what a key's action says; every action of the keymap has a case (checked by the compiler). */
  perform(action: Action): void {
    const model = this.model;
    const pane = model.focus;
    switch (action) {
      case 'down':
      case 'up': {
        const delta = action === 'down' ? 1 : -1;
        if (pane === 'detail') this.ui.detail.scrollBy(delta);
        else model.move(pane, delta);
        return;
      }
      case 'pageDown':
      case 'pageUp': {
        const sign = action === 'pageDown' ? 1 : -1;
        if (pane === 'detail') this.ui.detail.scrollBy(sign * this.ui.detail.pageSize);
        else model.move(pane, sign * this.listFor(pane).pageSize);
        return;
      }
      case 'top':
      case 'bottom':
        if (pane === 'detail') this.ui.detail.scrollTo(action);
        else model.moveTo(pane, action);
        return;
      case 'nextPane':
        return model.focusNext(1);
      case 'prevPane':
        return model.focusNext(-1);
      case 'left':
        return pane === 'tree' ? model.collapseOrParent() : model.focusNext(-1);
      case 'right': {
        const row = model.selectedTreeRow();
        if (pane === 'tree' && row?.tagId && row.hasChildren && !row.expanded) model.setExpanded(row.tagId, true);
        else model.focusNext(1);
        return;
      }
      case 'open':
        return model.open();
      case 'accept':
        return this.flows.confirmBulkAccept(() => this.decideAndMoveOn('accepted', () => this.actions.accept()));
      case 'reject':
        return this.flows.reject();
      case 'mark':
        return model.toggleMark();
      case 'acceptPassing':
        return this.flows.acceptPassing();
      case 'undo':
        return this.runTask(async () => {
          if ((await this.actions.undo()) === null) model.say('nothing to undo', 'dim');
        });
      case 'fold':
        return model.toggleFold();
      case 'tokenNext':
      case 'tokenPrev': {
        const candidate = model.selectedCandidate();
        const refusal = candidate ? moveTokenCursor(candidate, action === 'tokenNext' ? 1 : -1) : 'no candidate selected';
        if (refusal) return model.say(refusal, 'dim');
        const { detail } = this.ui;
        detail.scrollTop = scrollToTokenCursor(this.view.detailContent(), detail.scrollTop, detail.pane.innerHeight);
        return;
      }
      case 'nextMatch':
      case 'prevMatch':
        return this.queue.step(action === 'nextMatch' ? 1 : -1);
      case 'detailDown':
      case 'detailUp':
        return this.ui.detail.scrollBy(action === 'detailDown' ? 3 : -3);
      case 'compare':
        return toggleCompare(model);
      case 'search':
        return this.flows.search();
      case 'searchNext':
      case 'searchPrev':
        return this.searchStep(action === 'searchNext' ? 1 : -1, false);
      case 'filter':
        return this.flows.filter();
      case 'clear':
        clearTokenCursors();
        model.marks.clear();
        model.searchQuery = null;
        model.compare = null;
        return;
      case 'rerun':
        return this.flows.rerun();
      case 'thresholds':
        return this.flows.thresholds();
      case 'generate':
        return this.flows.generate();
      case 'stopGeneration':
        return this.flows.stopGeneration();
      case 'addTag':
        return this.flows.addTag();
      case 'edit':
        return this.flows.edit();
      case 'deleteTag':
        return this.flows.deleteTag();
      case 'stats':
        return this.stats.open();
      case 'export':
        return this.flows.exportAccepted();
      case 'log':
        return this.flows.messageLog();
      case 'help':
        return this.flows.help();
      case 'quit':
        return this.flows.quit(() => this.quit());
      default: {
        // A new action in the keymap fails the build here until it is handled.
        const unhandled: never = action;
        throw new Error(`no handler for the action ${String(unhandled)}`);
      }
    }
  }

  /**
   * A decision on the selection, then on to the next pending item of the filter (not after a
   * bulk decision on marks), once the decision is on disk (a failed write leaves the cursor on
   * the item). Keys pressed meanwhile wait for the move and then act in order.
   */
  private decideAndMoveOn(status: 'accepted' | 'rejected', decide: () => Promise<number>): void {
    const from = this.model.place();
    const bulk = this.model.marks.size > 0;
    const ids = this.actions.targets(status);
    this.runMove(async (signal) => {
      await decide();
      if (!bulk && !signal.aborted) await this.queue.afterDecision(ids, from, signal);
    });
  }

  private rejectWith(choice: RejectChoice): void {
    this.decideAndMoveOn('rejected', () =>
      this.actions.reject(choice.kind === 'reason' ? choice.reason : (id) => this.actions.ownFlagsReason(id)),
    );
  }

  private listFor(pane: 'tree' | 'questions' | 'candidates') {
    return pane === 'tree' ? this.ui.tree : pane === 'questions' ? this.ui.questions : this.ui.candidates;
  }

  /** Jumps to the next (or previous) row of the focused pane matching the search. */
  searchStep(direction: 1 | -1, inclusive: boolean): void {
    const model = this.model;
    const query = model.searchQuery;
    if (!query) {
      model.say('no search yet: press / to search', 'dim');
      return;
    }
    const pane = model.focus;
    if (pane === 'detail') {
      const search = searchDetail(this.view.detailContent(), lineText, query, this.ui.detail.scrollTop, direction, inclusive);
      if (search.found >= 0) this.ui.detail.scrollTop = search.found;
      else if ('stoppedAt' in search && search.stoppedAt !== undefined) {
        // A huge text: searched a stretch of it; the view moves on so that n goes on from there.
        this.ui.detail.scrollTop = search.stoppedAt;
        model.say(`not found in the next ${DETAIL_SEARCH_LINES} lines: n searches on`, 'dim');
      } else model.say(`not found: ${query}`, 'flag');
      return;
    }
    this.queue.searchStep(query, direction, inclusive);
  }
}
