// How messages are shown: one line in the status bar (cut with a pointer to the log when it
// does not fit), and in full, wrapped and timed, in the log view.
import { sanitizeLine, sanitizeText } from '../../core/sanitize-text.js';
import { stringWidth, truncateToWidth } from '../text-width.js';
import { wrapText } from '../wrap-text.js';
import type { LoggedMessage } from './message-log.js';
import type { Segment, StyledLine, Tone } from './styled-text.js';

export const MORE_IN_LOG = ' … (L: more in the log)';

/** The bar's line for a message: its first line, cut to `width` with "more in the log" when anything is left out. */
export function fitMessage(text: string, tone: Tone, width: number): Segment[] {
  const lines = sanitizeText(text).split('\n');
  const first = ' ' + sanitizeLine(lines[0] ?? '');
  const cut = lines.length > 1 && lines.slice(1).some((line) => line.trim() !== '');
  if (!cut && stringWidth(first) <= width) return [{ text: first, tone }];
  const room = Math.max(0, width - stringWidth(MORE_IN_LOG));
  return [
    { text: truncateToWidth(first, room), tone },
    { text: MORE_IN_LOG, tone: 'dim' },
  ];
}

function clock(at: Date): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(at.getHours())}:${two(at.getMinutes())}:${two(at.getSeconds())}`;
}

/** The log view: each message with its time, wrapped to `width`, oldest first. */
export function messageLogLines(messages: readonly LoggedMessage[], width: number): StyledLine[] {
  if (messages.length === 0) return [[{ text: 'No messages yet.', tone: 'dim' }]];
  const indent = '          ';
  const textWidth = Math.max(10, width - indent.length);
  const out: StyledLine[] = [];
  for (const message of messages) {
    const wrapped = wrapText(sanitizeText(message.text), textWidth);
    wrapped.forEach((line, i) => {
      out.push([
        { text: i === 0 ? `${clock(message.at)}  ` : indent, tone: 'dim' },
        { text: line, tone: message.tone },
      ]);
    });
  }
  return out;
}
