// The reject form: a reason typed, or picked with one number key from the item's flags and the
// project's list (`review.rejectReasons` in distill.json). Enter with nothing typed rejects
// each candidate with its own flags as reason, so a marked question's candidates each keep why.
import type { ProjectConfig } from '../../core/types.js';
import { FormState, type FormOutcome } from './form-state.js';
import type { StyledLine } from './styled-text.js';

/** Offered when the project lists none. */
export const DEFAULT_REJECT_REASONS: readonly string[] = ['wrong answer', 'incomplete', 'off topic', 'unclear reasoning', 'bad format'];

const MAX_CHOICES = 9;

/** The reasons a number key picks: the targets' flags first, then the configured list; at most nine. */
export function rejectReasonChoices(flagRules: readonly string[], config: Pick<ProjectConfig, 'review'>): string[] {
  const configured = config.review?.rejectReasons;
  const listed = configured && configured.length > 0 ? configured : DEFAULT_REJECT_REASONS;
  const seen = new Set<string>();
  const out: string[] = [];
  for (const reason of [...flagRules, ...listed]) {
    const clean = reason.trim();
    if (!clean || seen.has(clean)) continue;
    seen.add(clean);
    out.push(clean);
    if (out.length === MAX_CHOICES) break;
  }
  return out;
}

/** What the reviewer chose: one reason for all, or each candidate's own flags. */
export type RejectChoice = { kind: 'reason'; reason: string } | { kind: 'own-flags' };

export class RejectReasonForm extends FormState {
  /** Set when a number key picked a reason (the form then submits at once). */
  private picked: string | null = null;

  constructor(
    title: string,
    readonly choices: readonly string[],
    /** What enter with nothing typed does, for the note ("each its own flags"). */
    private readonly ownFlagsText: string,
  ) {
    super(title, [{ kind: 'text', key: 'text', label: 'Reason', value: '' }], 'a number picks a reason; or type one');
  }

  override handleKey(key: string | null, typed: string | null): FormOutcome {
    const value = this.fields[0]!.value;
    if (value === '' && typed !== null && /^[1-9]$/.test(typed)) {
      const reason = this.choices[Number(typed) - 1];
      if (reason !== undefined) {
        this.picked = reason;
        return 'submit';
      }
    }
    return super.handleKey(key, typed);
  }

  choice(): RejectChoice {
    if (this.picked !== null) return { kind: 'reason', reason: this.picked };
    const typed = this.fields[0]!.value.trim();
    return typed ? { kind: 'reason', reason: typed } : { kind: 'own-flags' };
  }

  override render(width: number): StyledLine[] {
    const lines = super.render(width);
    const list: StyledLine[] = this.choices.map((reason, index) => [
      { text: `${index + 1}  `, tone: 'preferred' },
      { text: reason, tone: 'normal' },
    ]);
    list.push([{ text: `enter with nothing typed: ${this.ownFlagsText}`, tone: 'dim' }], []);
    // The list goes just above the last line (the keys), after the field, so the field's line index stays put.
    return [...lines.slice(0, -1), ...list, ...lines.slice(-1)];
  }
}
