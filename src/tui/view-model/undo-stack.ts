// Reversible actions, most recent last. Each entry says how to put things back; the model
// carries it out through the store, so an undo is as durable as the action it reverses.
import type { DecisionInput, UndoStep } from '../../store/store-api.js';

export type UndoEntry =
  /** `step` is what the store wrote (set once on disk): the undo reverts those lines of this reviewer only. */
  | { kind: 'decisions'; label: string; previous: DecisionInput[]; step?: Pick<UndoStep, 'at' | 'entries'> }
  | { kind: 'tag-deleted'; label: string; tagId: string }
  | { kind: 'tag-added'; label: string; tagId: string }
  | { kind: 'tag-renamed'; label: string; tagId: string; previousName: string }
  | { kind: 'question-edited'; label: string; questionId: string; previousText: string };

export class UndoStack {
  private readonly entries: UndoEntry[] = [];

  constructor(private readonly depth = 100) {}

  push(entry: UndoEntry): void {
    this.entries.push(entry);
    if (this.entries.length > this.depth) this.entries.shift();
  }

  pop(): UndoEntry | undefined {
    return this.entries.pop();
  }

  /** Puts an entry back when its undo failed, so the reviewer can try again. */
  restore(entry: UndoEntry): void {
    this.entries.push(entry);
  }

  get size(): number {
    return this.entries.length;
  }

  peek(): UndoEntry | undefined {
    return this.entries[this.entries.length - 1];
  }
}
