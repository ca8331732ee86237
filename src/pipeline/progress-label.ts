import { sanitizeLine } from '../core/sanitize-text.js';

const MAX_LABEL = 60;

/**
 * A question as progress lines name it: one line (a line break shows as ⏎, so
 * a model cannot forge log lines), cut to a length that fits beside the rest.
 */
export function questionLabel(text: string): string {
  const line = sanitizeLine(text.trim());
  return line.length > MAX_LABEL ? `${line.slice(0, MAX_LABEL - 3)}…` : line;
}
