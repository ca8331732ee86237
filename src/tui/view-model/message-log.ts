// Every message the review screen showed, in full and with its time: the status line has room
// for one line of one message, the log (L) keeps them all so nothing said is lost.
import type { Tone } from './styled-text.js';

export interface LoggedMessage {
  at: Date;
  /** The whole message, every line of it (the bar shows the first line only). */
  text: string;
  tone: Tone;
}

/** Kept messages; older ones are dropped (a long session says a lot of "accepted …"). */
const KEPT = 2_000;

export class MessageLog {
  private readonly messages: LoggedMessage[] = [];

  add(text: string, tone: Tone, at = new Date()): void {
    this.messages.push({ at, text, tone });
    if (this.messages.length > KEPT) this.messages.splice(0, this.messages.length - KEPT);
  }

  entries(): readonly LoggedMessage[] {
    return this.messages;
  }

  get size(): number {
    return this.messages.length;
  }
}
