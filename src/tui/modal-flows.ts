// The flows that ask something first (search, filter, reject reason, generation, thresholds,
// export, tag and question edits, help): one modal at a time, keys go to it until it closes.
import { KEYMAP, helpLines } from './keymap.js';
import type { ReviewController } from './review-controller.js';
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

type ActiveModal =
  | { kind: 'form'; state: FormState; onSubmit: (values: FormValues) => void }
  | { kind: 'menu'; state: MenuState<unknown>; onPick: (value: unknown) => void }
  | { kind: 'help' };

export class ModalFlows {
  private current: ActiveModal | null = null;

  constructor(private readonly c: ReviewController) {}

  get active(): boolean {
    return this.current !== null;
  }

  handleKey(key: string | null, typed: string | null): void {
    const modal = this.current;
    if (!modal) return;
    if (modal.kind === 'help') {
      if (key === 'escape' || key === 'q' || key === '?' || key === 'enter') this.close();
      else if (key === 'j' || key === 'down') this.c.ui.modal.scrollBy(1);
      else if (key === 'k' || key === 'up') this.c.ui.modal.scrollBy(-1);
      else if (key === 'pagedown' || key === 'space') this.c.ui.modal.scrollBy(10);
      else if (key === 'pageup') this.c.ui.modal.scrollBy(-10);
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
    this.c.ui.modal.close();
  }

  private openForm(state: FormState, onSubmit: (values: FormValues) => void): void {
    this.current = { kind: 'form', state, onSubmit };
    this.c.ui.modal.open(
      state.title,
      (width) => state.render(width),
      80,
      () => state.focusedLine(),
    );
  }

  private openMenu<T>(state: MenuState<T>, onPick: (value: T) => void): void {
    this.current = { kind: 'menu', state: state, onPick: onPick as (value: unknown) => void };
    this.c.ui.modal.open(
      state.title,
      () => state.render(),
      60,
      () => state.index,
    );
  }

  // ---- flows ----

  search(): void {
    this.openForm(
      textForm('Search', 'Find', this.c.model.searchQuery ?? '', `in the ${this.c.model.focus} pane; n / N for next and previous`),
      (values) => {
        const query = String(values.text);
        this.c.model.searchQuery = query || null;
        if (query) this.c.searchStep(1, true);
      },
    );
  }

  filter(): void {
    this.openMenu(filterMenu(this.c.model.filter), (filter) => this.c.model.setFilter(filter));
  }

  reject(): void {
    const targets = this.c.actions.targets('rejected');
    if (targets.length === 0) {
      this.c.model.say('Select a question or candidate to reject.', 'flag');
      return;
    }
    const what = targets.length === 1 ? targets[0]! : `${targets.length} candidates`;
    this.openForm(
      textForm(`Reject ${what}`, 'Reason', this.c.actions.suggestedRejectReason(), 'prefilled with the flags; edit or clear it'),
      (values) => {
        this.c.runTask(() => this.c.actions.reject(String(values.text).trim()));
      },
    );
  }

  rerun(): void {
    const checks = this.c.services.checks;
    if (!checks) return;
    this.c.model.say('re-running the rules…', 'dim');
    this.c.runTask(async () => {
      const summary = await checks.rerun((done, total) => {
        this.c.model.say(`re-running the rules… ${done}/${total} tags`, 'dim');
        this.c.schedulePaint();
      });
      this.c.model.data.forgetAll();
      prefetchSmallProject(this.c);
      this.c.model.say(`rules re-run: ${summary}`, 'pass');
    });
  }

  thresholds(): void {
    const checks = this.c.services.checks;
    if (!checks) return;
    const fields = checks.thresholds();
    if (fields.length === 0) {
      this.c.model.say('No thresholds to edit.', 'dim');
      return;
    }
    this.openForm(thresholdsForm(fields), (values) => {
      this.c.runTask(async () => {
        await checks.setThresholds(thresholdValues(fields, values));
        const summary = await checks.rerun();
        this.c.model.data.forgetAll();
        prefetchSmallProject(this.c);
        this.c.model.say(`thresholds saved; ${summary}`, 'pass');
      });
    });
  }

  private generationScope(): GenerationScope {
    const model = this.c.model;
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
    if (this.c.generation.running) {
      this.c.model.say('A generation run is already going; wait for it to finish.', 'flag');
      return;
    }
    const scope = this.generationScope();
    this.openMenu(generationMenu(scope), (kind: GenerationKind) => {
      this.openForm(generationForm(kind, this.c.model.store.config), (values) => {
        this.c.generation.start(generationRequest(kind, values, scope));
      });
    });
  }

  addTag(): void {
    const model = this.c.model;
    const parentId = model.selectedTagId();
    const where = parentId === null ? 'at the top level' : `under ${sanitizeLine(model.store.tag(parentId)?.name ?? '')}`;
    this.openForm(textForm('Add a tag', 'Name', '', `a new tag ${where}`), (values) => {
      const name = String(values.text).trim();
      if (!name) return;
      this.c.runTask(() => this.c.actions.addTag(parentId, name));
    });
  }

  edit(): void {
    const model = this.c.model;
    if (model.focus === 'tree') {
      const tagId = model.selectedTagId();
      if (tagId === null) throw new ReviewRefusal('The topic is set with distill init; pick a tag to rename.');
      this.openForm(textForm('Rename tag', 'Name', model.store.tag(tagId)?.name ?? ''), (values) => {
        const name = String(values.text).trim();
        if (name) this.c.runTask(() => this.c.actions.renameTag(tagId, name));
      });
      return;
    }
    const question = model.selectedQuestion();
    if (!question) throw new ReviewRefusal('Select a question to edit.');
    this.openForm(textForm(`Edit question ${question.id}`, 'Text', question.text), (values) => {
      const text = String(values.text).trim();
      if (text && text !== question.text) this.c.runTask(() => this.c.actions.editQuestion(question.id, text));
    });
  }

  deleteTag(): void {
    const model = this.c.model;
    const tagId = model.selectedTagId();
    if (tagId === null) throw new ReviewRefusal('The topic cannot be deleted; pick a tag.');
    const name = sanitizeLine(model.store.tag(tagId)?.name ?? tagId);
    this.openMenu(confirmMenu(`Delete "${name}" and its sub-tags? (u undoes)`), (yes) => {
      if (yes) this.c.runTask(() => this.c.actions.deleteTag(tagId));
    });
  }

  exportAccepted(): void {
    const exporter = this.c.services.exporter;
    if (!exporter) return;
    this.openForm(
      exportForm((format) => exporter.defaultOut(format)),
      (values) => {
        const request = exportValues(values);
        if (!request.out) {
          this.c.model.say('Export needs a file name.', 'flag');
          return;
        }
        this.c.model.say('exporting…', 'dim');
        this.c.runTask(async () => {
          await this.c.actions.settled();
          this.c.model.say(await exporter.run(request), 'pass');
        });
      },
    );
  }

  help(): void {
    this.current = { kind: 'help' };
    const lines = helpLines(KEYMAP);
    this.c.ui.modal.open(
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
