// Small forms (counts for a generation run, a reject reason, a tag name, thresholds, export
// options) as pure state: keys in, lines out. The screen only paints what this returns.
import { sanitizeLine, stripControls } from '../../core/sanitize-text.js';
import { stringWidth, truncateToWidth } from '../text-width.js';
import type { StyledLine } from './styled-text.js';

interface FieldBase {
  key: string;
  label: string;
  value: string;
  /** One line shown under the form while the field has focus. */
  help?: string;
}

export type FormField =
  | (FieldBase & { kind: 'text' })
  | (FieldBase & { kind: 'number'; min: number; max: number; integer: boolean })
  | (FieldBase & { kind: 'choice'; choices: string[] });

export type FormValues = Record<string, string | number>;
export type FormOutcome = 'submit' | 'cancel' | null;

export class FormState {
  focus = 0;
  /** Cursor position (in UTF-16 units) inside the focused text or number field. */
  cursor: number;
  error: string | null = null;

  constructor(
    readonly title: string,
    readonly fields: FormField[],
    readonly note?: string,
  ) {
    this.cursor = fields[0]?.value.length ?? 0;
  }

  private get field(): FormField | undefined {
    return this.fields[this.focus];
  }

  private moveFocus(delta: number): void {
    if (this.fields.length === 0) return;
    this.focus = (this.focus + delta + this.fields.length) % this.fields.length;
    this.cursor = this.field!.value.length;
  }

  /** Applies a key (named as in keymap.ts) or typed text; says whether the form is done. */
  handleKey(key: string | null, typed: string | null): FormOutcome {
    const field = this.field;
    if (key === 'escape') return 'cancel';
    if (key === 'enter') return this.validate() ? 'submit' : null;
    if (key === 'tab' || key === 'down') return (this.moveFocus(1), null);
    if (key === 'S-tab' || key === 'up') return (this.moveFocus(-1), null);
    if (!field) return null;
    this.error = null;
    if (field.kind === 'choice') {
      const index = field.choices.indexOf(field.value);
      if (key === 'right' || key === 'space' || key === 'l') field.value = field.choices[(index + 1) % field.choices.length]!;
      else if (key === 'left' || key === 'h') field.value = field.choices[(index - 1 + field.choices.length) % field.choices.length]!;
      return null;
    }
    this.editText(field, key, typed);
    return null;
  }

  private editText(field: FormField, key: string | null, typed: string | null): void {
    const value = field.value;
    if (key === 'backspace') {
      if (this.cursor > 0) {
        const cut = this.cursor - (isLowSurrogate(value.charCodeAt(this.cursor - 1)) ? 2 : 1);
        field.value = value.slice(0, cut) + value.slice(this.cursor);
        this.cursor = cut;
      }
    } else if (key === 'delete') {
      field.value = value.slice(0, this.cursor) + value.slice(this.cursor + 1);
    } else if (key === 'left') {
      this.cursor = Math.max(0, this.cursor - 1);
    } else if (key === 'right') {
      this.cursor = Math.min(value.length, this.cursor + 1);
    } else if (key === 'home' || key === 'C-a') {
      this.cursor = 0;
    } else if (key === 'end' || key === 'C-e') {
      this.cursor = value.length;
    } else if (key === 'C-u') {
      field.value = '';
      this.cursor = 0;
    } else if (typed !== null) {
      // Pasted text may carry line breaks or controls; a one-line field keeps none of them.
      const clean = stripControls(typed);
      field.value = value.slice(0, this.cursor) + clean + value.slice(this.cursor);
      this.cursor += clean.length;
    }
  }

  private validate(): boolean {
    for (const [index, field] of this.fields.entries()) {
      if (field.kind !== 'number') continue;
      const parsed = Number(field.value);
      const ok =
        field.value.trim() !== '' &&
        Number.isFinite(parsed) &&
        (!field.integer || Number.isInteger(parsed)) &&
        parsed >= field.min &&
        parsed <= field.max;
      if (!ok) {
        this.error = `${field.label} must be ${field.integer ? 'a whole number' : 'a number'} from ${field.min} to ${field.max}.`;
        this.focus = index;
        this.cursor = field.value.length;
        return false;
      }
    }
    return true;
  }

  values(): FormValues {
    const values: FormValues = {};
    for (const field of this.fields) values[field.key] = field.kind === 'number' ? Number(field.value) : field.value;
    return values;
  }

  /** Index of the focused field's line in `render`'s output, to keep it in view. */
  focusedLine(): number {
    return (this.note ? 2 : 0) + this.focus;
  }

  /** The form as lines for a box `width` columns wide; the focused field shows a cursor. */
  render(width: number): StyledLine[] {
    const labelWidth = Math.min(36, Math.max(...this.fields.map((field) => stringWidth(field.label)), 0) + 2);
    const lines: StyledLine[] = [];
    if (this.note) lines.push([{ text: this.note, tone: 'dim' }], []);
    this.fields.forEach((field, index) => {
      const focused = index === this.focus;
      const shownLabel = stringWidth(field.label) >= labelWidth ? truncateToWidth(field.label, labelWidth - 2) + '…' : field.label;
      const label = shownLabel + ' '.repeat(Math.max(1, labelWidth - stringWidth(shownLabel)));
      const room = Math.max(4, width - labelWidth - 1);
      lines.push([{ text: label, tone: focused ? 'heading' : 'dim' }, ...fieldValue(field, focused, this.cursor, room)]);
    });
    lines.push([]);
    const help = this.fields[this.focus]?.help;
    if (help) lines.push([{ text: sanitizeLine(help), tone: 'dim' }]);
    if (this.error) lines.push([{ text: this.error, tone: 'error' }]);
    lines.push([{ text: 'enter ok · esc cancel · tab next field', tone: 'dim' }]);
    return lines;
  }
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

function fieldValue(field: FormField, focused: boolean, cursor: number, room: number): StyledLine {
  if (field.kind === 'choice') {
    return field.choices.flatMap((choice) => [
      {
        text: choice === field.value ? `[${choice}]` : ` ${choice} `,
        tone: choice === field.value ? (focused ? 'match' : 'normal') : 'dim',
      },
      { text: ' ' },
    ]);
  }
  const value = sanitizeLine(field.value);
  if (!focused) return [{ text: truncateToWidth(value, room) }];
  // Keep the cursor in view: show the tail of a value longer than the field.
  const before = field.value.slice(0, cursor);
  const after = field.value.slice(cursor);
  let shownBefore = sanitizeLine(before);
  while (stringWidth(shownBefore) > room - 1) shownBefore = shownBefore.slice(1);
  const firstLength = after.length > 0 && after.codePointAt(0)! > 0xffff ? 2 : 1;
  const atCursor = after.length > 0 ? sanitizeLine(after.slice(0, firstLength)) : ' ';
  const rest = sanitizeLine(after.slice(firstLength));
  return [
    { text: shownBefore, tone: 'match' },
    { text: atCursor, tone: 'cursor' },
    { text: truncateToWidth(rest, Math.max(0, room - stringWidth(shownBefore) - stringWidth(atCursor))), tone: 'match' },
  ];
}
