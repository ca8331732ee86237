// The small forms and menus of the review screen, as data: what they ask and their defaults.
import type { ProjectConfig } from '../core/types.js';
import { chooseFormat, targetRules } from '../export/export-targets.js';
import type {
  ExportFormatName,
  ExportReasoningName,
  ExportTargetName,
  GenerationRequest,
  ReviewExportRequest,
  ThresholdField,
} from './review-services.js';
import type { ProjectStoreApi } from '../store/store-api.js';
import { type Filter, filterChoices, sameFilter } from './view-model/list-filter.js';
import { FormState, type FormField, type FormOutcome, type FormValues } from './view-model/form-state.js';
import { MenuState } from './view-model/menu-state.js';

export type GenerationKind = GenerationRequest['kind'];

export interface GenerationScope {
  /** The selected tag (null: the topic). */
  tagId: string | null;
  tagName: string;
  isLeaf: boolean;
  /** Questions a candidates run would cover: the marked ones, else the selected one. */
  questionIds: string[];
}

export function filterMenu(current: Filter, store: ProjectStoreApi): MenuState<Filter> {
  const choices = filterChoices(store);
  return new MenuState(
    'Filter (the whole tree; ] and [ go to the next and previous match)',
    choices.map((choice) => ({ label: choice.label, value: choice.filter, ...(choice.hotkey ? { hotkey: choice.hotkey } : {}) })),
    Math.max(
      0,
      choices.findIndex((choice) => sameFilter(choice.filter, current)),
    ),
  );
}

export function generationMenu(scope: GenerationScope): MenuState<GenerationKind> {
  return new MenuState<GenerationKind>('Generate', [
    { label: `sub-tags of ${scope.tagName}`, value: 'tags', hotkey: 't' },
    {
      label: `questions of ${scope.tagName}`,
      value: 'questions',
      hotkey: 'q',
      ...(scope.tagId === null ? { disabledReason: 'pick a tag' } : !scope.isLeaf ? { disabledReason: 'pick a leaf tag' } : {}),
    },
    {
      label:
        scope.questionIds.length > 1 ? `candidates of ${scope.questionIds.length} marked questions` : 'candidates of the selected question',
      value: 'answers',
      hotkey: 'c',
      ...(scope.questionIds.length === 0 ? { disabledReason: 'select or mark questions' } : {}),
    },
    { label: 'whole auto run (tags, questions, candidates)', value: 'auto', hotkey: 'a' },
  ]);
}

const count = (key: string, label: string, value: number, max: number): FormField => ({
  kind: 'number',
  key,
  label,
  value: String(value),
  min: 1,
  max,
  integer: true,
});

export function generationForm(kind: GenerationKind, config: ProjectConfig): FormState {
  const g = config.generation;
  switch (kind) {
    case 'tags':
      return new FormState('Generate sub-tags', [count('count', 'How many', g.tagsPerLevel, 200)]);
    case 'questions':
      return new FormState('Generate questions', [count('count', 'How many', g.questionsPerTag, 500)]);
    case 'answers':
      return new FormState(
        'Generate candidates',
        [count('candidates', 'Candidates per question', g.candidates, 64)],
        'Existing samples are kept; only missing ones are generated.',
      );
    case 'auto':
      return new FormState('Auto run', [
        count('levels', 'Levels', g.levels, 6),
        count('tagsPerLevel', 'Tags per level', g.tagsPerLevel, 200),
        count('questionsPerTag', 'Questions per tag', g.questionsPerTag, 500),
        count('candidates', 'Candidates', g.candidates, 64),
      ]);
  }
}

export function generationRequest(kind: GenerationKind, values: FormValues, scope: GenerationScope): GenerationRequest {
  const n = (key: string) => Number(values[key]);
  switch (kind) {
    case 'tags':
      return { kind, parentId: scope.tagId, count: n('count') };
    case 'questions':
      return { kind, tagId: scope.tagId!, count: n('count') };
    case 'answers':
      return { kind, questionIds: scope.questionIds, candidates: n('candidates') };
    case 'auto':
      return {
        kind,
        levels: n('levels'),
        tagsPerLevel: n('tagsPerLevel'),
        questionsPerTag: n('questionsPerTag'),
        candidates: n('candidates'),
      };
  }
}

export function textForm(title: string, label: string, value: string, note?: string): FormState {
  return new FormState(title, [{ kind: 'text', key: 'text', label, value }], note);
}

const NO_TARGET = 'any';

/**
 * The export form. The file name follows the format and trainer chosen (export/trl-messages.jsonl)
 * until the reviewer types a name of their own, which then stays.
 */
export class ExportFormState extends FormState {
  private suggested: string;

  constructor(private readonly defaultOut: (format: ExportFormatName, target?: ExportTargetName) => string) {
    const out = defaultOut('sharegpt');
    super(
      'Export accepted candidates',
      [
        {
          kind: 'choice',
          key: 'target',
          label: 'For',
          value: NO_TARGET,
          choices: [NO_TARGET, 'llama-factory', 'trl', 'openai'],
          help: "the trainer that reads the file (distill export --for); it picks the format's default",
        },
        {
          kind: 'choice',
          key: 'format',
          label: 'Format',
          value: 'sharegpt',
          choices: ['alpaca', 'sharegpt', 'messages', 'prompt-completion'],
        },
        { kind: 'choice', key: 'reasoning', label: 'Reasoning', value: 'think', choices: ['think', 'field', 'none'] },
        {
          kind: 'text',
          key: 'out',
          label: 'File',
          value: out,
          help: 'relative to the project folder; an existing file is replaced only if you say so',
        },
      ],
      '←/→ change a choice · tab next field',
    );
    this.suggested = out;
  }

  override handleKey(key: string | null, typed: string | null): FormOutcome {
    const before = this.fieldValue('target');
    const outcome = super.handleKey(key, typed);
    const target = this.fieldValue('target');
    if (target !== before && target !== NO_TARGET) {
      // A trainer brings its own default format and reasoning (chooseFormat's rules).
      const rules = targetRules(target as ExportTargetName);
      this.setField('format', rules.formats[0]!);
      this.setField('reasoning', rules.reasoning);
    }
    const out = this.fields.find((field) => field.key === 'out')!;
    if (out.value === this.suggested) {
      const next = this.defaultOut(
        this.fieldValue('format') as ExportFormatName,
        target === NO_TARGET ? undefined : (target as ExportTargetName),
      );
      if (next !== out.value) {
        out.value = next;
        if (this.fields[this.focus] === out) this.cursor = next.length;
      }
      this.suggested = next;
    }
    return outcome;
  }

  private fieldValue(key: string): string {
    return this.fields.find((field) => field.key === key)!.value;
  }

  private setField(key: string, value: string): void {
    this.fields.find((field) => field.key === key)!.value = value;
  }
}

export function exportForm(defaultOut: (format: ExportFormatName, target?: ExportTargetName) => string): ExportFormState {
  return new ExportFormState(defaultOut);
}

/** The form's values as a request, or the problem (a format the trainer does not read) to show. */
export function exportValues(values: FormValues): ReviewExportRequest | { problem: string } {
  const target = values.target === NO_TARGET ? undefined : (values.target as ExportTargetName);
  const choice = chooseFormat(target, values.format as ExportFormatName, values.reasoning as ExportReasoningName);
  if ('problem' in choice) return { problem: choice.problem.replace(/--(for|reasoning|format) /g, '$1 ') };
  return {
    format: choice.format,
    ...(target ? { target } : {}),
    reasoning: choice.reasoning,
    out: String(values.out).trim(),
  };
}

export function thresholdsForm(fields: ThresholdField[]): FormState {
  return new FormState(
    'Rule thresholds',
    fields.map((field): FormField => {
      const base = { key: field.key, label: field.key, ...(field.help ? { help: field.help } : {}) };
      if (typeof field.value === 'boolean') return { ...base, kind: 'choice', value: String(field.value), choices: ['true', 'false'] };
      if (typeof field.value === 'number') {
        // The schema's bounds: a log-probability threshold is negative, and 0 as the floor made the form unsavable.
        return { ...base, kind: 'number', value: String(field.value), min: field.min ?? 0, max: field.max ?? 1e9, integer: false };
      }
      return { ...base, kind: 'text', value: field.value };
    }),
    'enter saves to distill.json and re-runs the rules',
  );
}

export function thresholdValues(fields: ThresholdField[], values: FormValues): Record<string, number | string | boolean> {
  const out: Record<string, number | string | boolean> = {};
  for (const field of fields) {
    const value = values[field.key];
    out[field.key] = typeof field.value === 'boolean' ? value === 'true' : typeof field.value === 'number' ? Number(value) : String(value);
  }
  return out;
}

export function confirmMenu(question: string): MenuState<boolean> {
  return new MenuState(
    question,
    [
      { label: 'yes', value: true, hotkey: 'y' },
      { label: 'no', value: false, hotkey: 'n' },
    ],
    1,
  );
}
