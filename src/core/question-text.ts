/**
 * The form two questions are compared in: case, width, spacing and punctuation
 * do not make a question new. Used wherever questions are deduplicated (the
 * questions stage and batch import).
 */
export function normalizeQuestionText(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s\p{P}]+/gu, ' ')
    .trim();
}
