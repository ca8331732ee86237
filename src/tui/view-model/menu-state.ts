// A pick-one menu (filter, generation kind, confirmations) as pure state.
import type { StyledLine } from './styled-text.js';

export interface MenuItem<T> {
  label: string;
  value: T;
  /** A key that picks the item directly. */
  hotkey?: string;
  /** Shown dimmed and not pickable, with the reason as its note. */
  disabledReason?: string;
}

export type MenuOutcome<T> = { done: true; value: T | null } | { done: false };

export class MenuState<T> {
  index: number;

  constructor(
    readonly title: string,
    readonly items: MenuItem<T>[],
    initial = 0,
  ) {
    this.index = Math.max(0, Math.min(initial, items.length - 1));
  }

  handleKey(key: string | null): MenuOutcome<T> {
    const byHotkey = this.items.findIndex((item) => item.hotkey !== undefined && item.hotkey === key);
    if (byHotkey >= 0) return this.pick(byHotkey);
    if (key === 'escape' || key === 'q') return { done: true, value: null };
    if (key === 'j' || key === 'down' || key === 'tab') this.index = (this.index + 1) % this.items.length;
    else if (key === 'k' || key === 'up' || key === 'S-tab') this.index = (this.index - 1 + this.items.length) % this.items.length;
    else if (key === 'g' || key === 'home') this.index = 0;
    else if (key === 'G' || key === 'end') this.index = this.items.length - 1;
    else if (key === 'enter') return this.pick(this.index);
    return { done: false };
  }

  private pick(index: number): MenuOutcome<T> {
    const item = this.items[index];
    if (!item || item.disabledReason) {
      this.index = index;
      return { done: false };
    }
    return { done: true, value: item.value };
  }

  render(): StyledLine[] {
    const lines: StyledLine[] = this.items.map((item, index) => [
      { text: index === this.index ? '▶ ' : '  ', tone: 'heading' },
      { text: item.hotkey ? `${item.hotkey}  ` : '   ', tone: 'preferred' },
      { text: item.label, tone: item.disabledReason ? 'dim' : index === this.index ? 'match' : 'normal' },
      ...(item.disabledReason ? [{ text: `  (${item.disabledReason})`, tone: 'dim' as const }] : []),
    ]);
    lines.push([], [{ text: 'enter pick · esc cancel', tone: 'dim' }]);
    return lines;
  }
}
