// The flows that ask something first (search, filter, reject reason, generation, thresholds,
// export, tag and question edits, help): one modal at a time, keys go to it until it closes.
import type { GenerationRunner } from './generation-runner.js';
import type { ReviewServices } from './review-services.js';
import type { ScreenTasks } from './screen-tasks.js';
import type { ReviewActions } from './view-model/review-actions.js';
import type { ReviewModel } from './view-model/review-model.js';
import type { ModalBox } from './widgets/modal-box.js';
import {
  type GenerationKind,
  type GenerationScope,
  confirmMenu,
  exportForm,
  exportValues,
  filterMenu,
  generationForm,
  generationMenu,
  generationRequest,
  textForm,
  thresholdValues,
  thresholdsForm,
} from './review-forms.js';
import { prefetchSmallProject } from './prefetch-tags.js';
import { helpModalLines } from './view-model/help-lines.js';
import { messageLogLines } from './view-model/message-lines.js';
import { MenuState } from './view-model/menu-state.js';
import { sanitizeLine } from '../core/sanitize-text.js';
import type { FormState, FormValues } from './view-model/form-state.js';
import { ReviewRefusal } from './view-model/review-actions.js';
import { type RejectChoice, RejectReasonForm, rejectReasonChoices } from './view-model/reject-reasons.js';

type ActiveModal =
  | { kind: 'form'; state: FormState; onSubmit: (values: FormValues) => void }
  | { kind: 'menu'; state: MenuState<unknown>; onPick: (value: unknown) => void }
  /** A read-only text to scroll: the help, the message log. */
  | { kind: 'text' };

/** Bulk actions over more candidates than this ask first, unless distill.json's review.confirmBulkOver says otherwise. */
export const DEFAULT_CONFIRM_BULK_OVER = 50;

export interface ModalFlowsParts {
  tasks: ScreenTasks;
  modal: ModalBox;
  model: ReviewModel;
  actions: ReviewActions;
  services: Pick<ReviewServices, 'checks' | 'exporter'>;
  generation: Pick<GenerationRunner, 'running' | 'start' | 'requestStop'>;
  /** Jumps to the next (or previous) match of the search in the focused pane. */
  searchStep(direction: 1 | -1, inclusive: boolean): void;
  /** Rejects the targets with what the reject form chose (then moves on to the next pending item). */
  rejectWith(choice: RejectChoice): void;
}

export class ModalFlows {
  private current: ActiveModal | null = null;

  constructor(private readonly parts: ModalFlowsParts) {}

  get active(): boolean {
    return this.current !== null;
  }

  handleKey(key: string | null, typed: string | null): void {
    const modal = this.current;
    if (!modal) return;
    if (modal.kind === 'text') {
      if (key === 'escape' || key === 'q' || key === '?' || key === 'enter' || key === 'L') this.close();
      else if (key === 'j' || key === 'down') this.parts.modal.scrollBy(1);
      else if (key === 'k' || key === 'up') this.parts.modal.scrollBy(-1);
      else if (key === 'pagedown' || key === 'space') this.parts.modal.scrollBy(10);
      else if (key === 'pageup') this.parts.modal.scrollBy(-10);
      else if (key === 'g' || key === 'home') this.parts.modal.scrollBy(-1e9);
      else if (key === 'G' || key === 'end') this.parts.modal.scrollBy(1e9);
      return;
    }
    if (modal.kind === 'menu') {
      const outcome = modal.state.handleKey(key);
      if (!outcome.done) return;
      this.close();
      if (outcome.value !== null) modal.onPick(outcome.value);
      return;
    }
    const outcome = modal.state.handleKey(key, typed);
    if (outcome === 'cancel') this.close();
    if (outcome === 'submit') {
      this.close();
      modal.onSubmit(modal.state.values());
    }
  }

  private close(): void {
    this.current = null;
    this.parts.modal.close();
  }

  private openForm(state: FormState, onSubmit: (values: FormValues) => void): void {
    this.current = { kind: 'form', state, onSubmit };
    this.parts.modal.open(
      state.title,
      (width) => state.render(width),
      80,
      () => state.focusedLine(),
    );
  }

  private openMenu<T>(state: MenuState<T>, onPick: (value: T) => void): void {
    this.current = { kind: 'menu', state: state, onPick: onPick as (value: unknown) => void };
    this.parts.modal.open(
      state.title,
      (width, rows) => state.render(width, rows),
      // A confirmation's question is its title: wide enough to be read whole. A menu in columns
      // asks for room for each column's longest entry (the screen's width caps it).
      (rows) => {
        const columns = state.columnsFor(rows);
        const single = Math.max(60, state.title.length + 6);
        return columns === 1 ? single : columns * (state.entryWidth() + 2) + 2;
      },
      () => state.cursorLine(),
    );
  }

  // ---- flows ----

  search(): void {
    this.openForm(
      textForm(
        'Search',
        'Find',
        this.parts.model.searchQuery ?? '',
        this.parts.model.focus === 'tree'
          ? 'tag names in the whole tree; n / N for next and previous'
          : `the whole project's ${this.parts.model.focus === 'questions' ? 'questions' : 'answers and reasoning'}; n / N for next and previous`,
      ),
      (values) => {
        const query = String(values.text);
        this.parts.model.searchQuery = query || null;
        if (query) this.parts.searchStep(1, true);
      },
    );
  }

  filter(): void {
    this.openMenu(filterMenu(this.parts.model.filter, this.parts.model.store), (filter) => this.parts.model.setFilter(filter));
  }

  /** The count over which a bulk action asks first (distill.json review.confirmBulkOver, read now). */
  private bulkLimit(): number {
    return this.parts.model.store.config.review?.confirmBulkOver ?? DEFAULT_CONFIRM_BULK_OVER;
  }

  /** Runs `act` at once, or after a yes when it would decide more than the bulk limit. */
  private confirmBulk(count: number, question: string, act: () => void): void {
    if (count <= this.bulkLimit()) {
      act();
      return;
    }
    this.openMenu(confirmMenu(`${question} (one u undoes them all)`), (yes) => {
      if (yes) act();
      else this.parts.model.say('nothing decided', 'dim');
    });
  }

  /** a: decides at once, or after a yes when the marks (or a question) take more than the bulk limit. */
  confirmBulkAccept(accept: () => void): void {
    const count = this.parts.actions.targets('accepted').length;
    this.confirmBulk(count, `Accept ${count} candidates?`, accept);
  }

  /** A: every pending passing preferred candidate under the tag (the topic: the project), asking first when they are many. */
  acceptPassing(): void {
    const { actions, model, tasks } = this.parts;
    const tagId = model.selectedTagId();
    model.say('finding passing candidates…', 'dim', { transient: true });
    tasks.runTask(async () => {
      const found = await actions.passingUnder(tagId);
      if (found.ids.length <= this.bulkLimit()) {
        await actions.acceptPassing(found);
        return;
      }
      model.message = null;
      this.confirmBulk(found.ids.length, `Accept ${found.ids.length} passing candidates under ${found.where}?`, () => {
        tasks.runTask(() => actions.acceptPassing(found));
      });
    });
  }

  reject(): void {
    const { actions, model } = this.parts;
    const targets = actions.targets('rejected');
    if (targets.length === 0) {
      model.say('Select a question or candidate to reject.', 'flag');
      return;
    }
    const what = targets.length === 1 ? targets[0]! : `${targets.length} candidates`;
    const rules = actions.targetFlagRules();
    const ownFlags = rules.length === 0 ? 'no reason' : targets.length === 1 ? rules.join(', ') : 'each candidate its own flags as reason';
    const form = new RejectReasonForm(`Reject ${what}`, rejectReasonChoices(rules, model.store.config), ownFlags);
    this.openForm(form, () => {
      const choice = form.choice();
      this.confirmBulk(targets.length, `Reject ${targets.length} candidates?`, () => this.parts.rejectWith(choice));
    });
  }

  rerun(): void {
    const checks = this.parts.services.checks;
    if (!checks) return;
    this.parts.model.say('re-running the rules…', 'dim');
    this.parts.tasks.runTask(async () => {
      const summary = await checks.rerun((done, total) => {
        this.parts.model.say(`re-running the rules… ${done}/${total} tags`, 'dim', { transient: true });
        this.parts.tasks.schedulePaint();
      });
      this.parts.model.data.forgetAll();
      prefetchSmallProject(this.parts.model.data, this.parts.tasks);
      this.parts.model.say(`rules re-run: ${summary}`, 'pass');
    });
  }

  thresholds(): void {
    const checks = this.parts.services.checks;
    if (!checks) return;
    const fields = checks.thresholds();
    if (fields.length === 0) {
      this.parts.model.say('No thresholds to edit.', 'dim');
      return;
    }
    this.openForm(thresholdsForm(fields), (values) => {
      this.parts.tasks.runTask(async () => {
        await checks.setThresholds(thresholdValues(fields, values));
        const summary = await checks.rerun();
        this.parts.model.data.forgetAll();
        prefetchSmallProject(this.parts.model.data, this.parts.tasks);
        this.parts.model.say(`thresholds saved; ${summary}`, 'pass');
      });
    });
  }

  private generationScope(): GenerationScope {
    const model = this.parts.model;
    const tagId = model.selectedTagId();
    const markedQuestions = [...model.marks].filter((id) => /^t[0-9a-z]{6}-\d+$/.test(id));
    const selected = model.selectedQuestion();
    return {
      tagId,
      tagName: tagId === null ? 'the topic' : sanitizeLine(model.store.tag(tagId)?.name ?? tagId),
      isLeaf: tagId !== null && model.store.isLeaf(tagId),
      questionIds: markedQuestions.length > 0 ? markedQuestions : selected ? [selected.id] : [],
    };
  }

  generate(): void {
    if (this.parts.generation.running) {
      this.parts.model.say('A generation run is already going; wait for it to finish or press S to stop it.', 'flag');
      return;
    }
    const scope = this.generationScope();
    this.openMenu(generationMenu(scope), (kind: GenerationKind) => {
      this.openForm(generationForm(kind, this.parts.model.store.config), (values) => {
        this.parts.generation.start(generationRequest(kind, values, scope));
      });
    });
  }

  addTag(): void {
    const model = this.parts.model;
    const parentId = model.selectedTagId();
    const where = parentId === null ? 'at the top level' : `under ${sanitizeLine(model.store.tag(parentId)?.name ?? '')}`;
    this.openForm(textForm('Add a tag', 'Name', '', `a new tag ${where}`), (values) => {
      const name = String(values.text).trim();
      if (!name) return;
      this.parts.tasks.runTask(() => this.parts.actions.addTag(parentId, name));
    });
  }

  edit(): void {
    const model = this.parts.model;
    if (model.focus === 'tree') {
      const tagId = model.selectedTagId();
      if (tagId === null) throw new ReviewRefusal('The topic is set with distill init; pick a tag to rename.');
      this.openForm(textForm('Rename tag', 'Name', model.store.tag(tagId)?.name ?? ''), (values) => {
        const name = String(values.text).trim();
        if (name) this.parts.tasks.runTask(() => this.parts.actions.renameTag(tagId, name));
      });
      return;
    }
    const question = model.selectedQuestion();
    if (!question) throw new ReviewRefusal('Select a question to edit.');
    this.openForm(textForm(`Edit question ${question.id}`, 'Text', question.text), (values) => {
      const text = String(values.text).trim();
      if (text && text !== question.text) this.parts.tasks.runTask(() => this.parts.actions.editQuestion(question.id, text));
    });
  }

  deleteTag(): void {
    const model = this.parts.model;
    const tagId = model.selectedTagId();
    if (tagId === null) throw new ReviewRefusal('The topic cannot be deleted; pick a tag.');
    const name = sanitizeLine(model.store.tag(tagId)?.name ?? tagId);
    this.openMenu(confirmMenu(`Delete "${name}" and its sub-tags? (u undoes)`), (yes) => {
      if (yes) this.parts.tasks.runTask(() => this.parts.actions.deleteTag(tagId));
    });
  }

  exportAccepted(): void {
    const exporter = this.parts.services.exporter;
    if (!exporter) return;
    const { model, tasks, actions } = this.parts;
    this.openForm(
      exportForm((format, target) => exporter.defaultOut(format, target)),
      (values) => {
        const request = exportValues(values);
        if ('problem' in request) {
          model.say(request.problem, 'flag');
          return;
        }
        if (!request.out) {
          model.say('Export needs a file name.', 'flag');
          return;
        }
        const write = () => {
          model.say('exporting…', 'dim', { transient: true });
          tasks.runTask(async () => {
            await actions.settled();
            model.say(await exporter.run(request), 'pass');
          });
        };
        tasks.runTask(async () => {
          const existing = await exporter.existing(request.out);
          if (existing === null) return write();
          this.openMenu(confirmMenu(`${sanitizeLine(existing)} exists. Replace it?`), (yes) => {
            if (yes) write();
            else model.say(`not exported: ${sanitizeLine(existing)} is left as it was`, 'dim');
          });
        });
      },
    );
  }

  /** S: stops the running generation; nothing written is lost and the next run completes the target. */
  stopGeneration(): void {
    if (!this.parts.generation.running) {
      this.parts.model.say('No generation is running.', 'dim');
      return;
    }
    this.parts.model.say('stopping the generation… (requests in flight finish or are dropped; nothing written is lost)', 'flag');
    // The run's end says what was kept (generation-runner.ts); until then the keys keep working.
    this.parts.tasks.runTask(() => this.parts.generation.requestStop());
  }

  /** q: quits, but asks first while a generation runs (stop it and quit, or keep it running). */
  quit(quitNow: () => void): void {
    if (!this.parts.generation.running) {
      quitNow();
      return;
    }
    const menu = new MenuState<'stop' | 'keep'>(
      'A generation is running. Quit?',
      [
        { label: 'stop it and quit (what is written stays; the next run resumes)', value: 'stop', hotkey: 's' },
        { label: 'keep it running (do not quit)', value: 'keep', hotkey: 'k' },
      ],
      1,
    );
    this.openMenu(menu, (choice) => {
      if (choice !== 'stop') return;
      this.parts.model.say('stopping the generation, then quitting…', 'flag');
      this.parts.tasks.runTask(async () => {
        await this.parts.generation.requestStop();
        quitNow();
      });
    });
  }

  /** L: every message of this session, in full, with its time, newest at the bottom. */
  messageLog(): void {
    this.current = { kind: 'text' };
    const log = this.parts.model.log;
    this.parts.modal.open(`Messages (${log.size}; esc closes, j/k scroll)`, (width) => messageLogLines(log.entries(), width), 110);
    this.parts.modal.scrollBy(1e9);
  }

  help(): void {
    this.current = { kind: 'text' };
    this.parts.modal.open('Keys (esc closes) and marks', (width) => helpModalLines(width), 100);
  }
}
