// The flows that ask something first (search, filter, reject reason, generation, thresholds,
// export, tag and question edits, help): one modal at a time, keys go to it until it closes.
import { KEYMAP, helpLines } from './keymap.js';
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
import { sanitizeLine } from '../core/sanitize-text.js';
import type { FormState, FormValues } from './view-model/form-state.js';
import type { MenuState } from './view-model/menu-state.js';
import type { StyledLine } from './view-model/styled-text.js';
import { ReviewRefusal } from './view-model/review-actions.js';
import { type RejectChoice, RejectReasonForm, rejectReasonChoices } from './view-model/reject-reasons.js';

type ActiveModal =
  | { kind: 'form'; state: FormState; onSubmit: (values: FormValues) => void }
  | { kind: 'menu'; state: MenuState<unknown>; onPick: (value: unknown) => void }
  | { kind: 'help' };

export interface ModalFlowsParts {
  tasks: ScreenTasks;
  modal: ModalBox;
  model: ReviewModel;
  actions: ReviewActions;
  services: Pick<ReviewServices, 'checks' | 'exporter'>;
  generation: Pick<GenerationRunner, 'running' | 'start'>;
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
    if (modal.kind === 'help') {
      if (key === 'escape' || key === 'q' || key === '?' || key === 'enter') this.close();
      else if (key === 'j' || key === 'down') this.parts.modal.scrollBy(1);
      else if (key === 'k' || key === 'up') this.parts.modal.scrollBy(-1);
      else if (key === 'pagedown' || key === 'space') this.parts.modal.scrollBy(10);
      else if (key === 'pageup') this.parts.modal.scrollBy(-10);
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
      () => state.render(),
      60,
      () => state.index,
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
    this.openForm(form, () => this.parts.rejectWith(form.choice()));
  }

  rerun(): void {
    const checks = this.parts.services.checks;
    if (!checks) return;
    this.parts.model.say('re-running the rules…', 'dim');
    this.parts.tasks.runTask(async () => {
      const summary = await checks.rerun((done, total) => {
        this.parts.model.say(`re-running the rules… ${done}/${total} tags`, 'dim');
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
      this.parts.model.say('A generation run is already going; wait for it to finish.', 'flag');
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
    this.openForm(
      exportForm((format) => exporter.defaultOut(format)),
      (values) => {
        const request = exportValues(values);
        if (!request.out) {
          this.parts.model.say('Export needs a file name.', 'flag');
          return;
        }
        this.parts.model.say('exporting…', 'dim');
        this.parts.tasks.runTask(async () => {
          await this.parts.actions.settled();
          this.parts.model.say(await exporter.run(request), 'pass');
        });
      },
    );
  }

  help(): void {
    this.current = { kind: 'help' };
    const lines = helpLines(KEYMAP);
    this.parts.modal.open(
      'Keys (esc closes)',
      () => {
        const out: StyledLine[] = [];
        let group = '';
        for (const line of lines) {
          if (line.group !== group) {
            if (group) out.push([]);
            group = line.group;
            out.push([{ text: group, tone: 'heading' }]);
          }
          out.push([{ text: `  ${line.keys.padEnd(16)}`, tone: 'preferred' }, { text: line.help }]);
        }
        return out;
      },
      100,
    );
  }
}
