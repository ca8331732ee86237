// Rows and lines the view-model produces and the widgets paint: plain text plus a tone per
// segment. Text here is already sanitized; widgets never parse it as markup.

export type Tone =
  | 'normal'
  | 'dim'
  | 'heading'
  | 'accepted'
  | 'rejected'
  | 'pending'
  | 'flag'
  | 'pass'
  | 'preferred'
  | 'mark'
  | 'match'
  | 'cursor'
  | 'error'
  /** The stretch of model text a flag is about. */
  | 'span'
  /** The final answer the checks extracted. */
  | 'final';

export interface Segment {
  text: string;
  tone?: Tone;
}

export type StyledLine = Segment[];

export function plain(text: string, tone: Tone = 'normal'): StyledLine {
  return [{ text, tone }];
}

export function lineText(line: StyledLine): string {
  return line.map((segment) => segment.text).join('');
}
