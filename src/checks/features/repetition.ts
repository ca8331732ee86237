/** How much of a text is degenerate repetition. */
export interface RepetitionFeatures {
  /** Share of the text's characters in sentences or lines that repeat an earlier one exactly. */
  repeatedShare: number;
  /** Occurrences of the most repeated sentence or line. */
  maxRepeats: number;
  /** Longest run of one sentence repeated back to back (a loop; legitimate repeats are rarely adjacent). */
  maxRun: number;
  /** Characters at the end of the text covered by a loop of one phrase (period ≤ 400), 0 when none. */
  tailLoopChars: number;
  /** The repeated unit (the tail loop's, else the most repeated sentence), trimmed for quoting. */
  unit: string;
}

export const NO_REPETITION: RepetitionFeatures = { repeatedShare: 0, maxRepeats: 0, maxRun: 0, tailLoopChars: 0, unit: '' };

const MIN_SENTENCE_CHARS = 6;
const MAX_PERIOD = 400;
const MIN_LOOP_CYCLES = 3;
const UNIT_QUOTE = 60;

export function measureRepetition(text: string): RepetitionFeatures {
  if (text.length < MIN_SENTENCE_CHARS * 2) return NO_REPETITION;
  const sentences = measureSentenceRepeats(text);
  const tail = measureTailLoop(text);
  return {
    repeatedShare: sentences.repeatedChars / text.length,
    maxRepeats: sentences.maxRepeats,
    maxRun: sentences.maxRun,
    tailLoopChars: tail.chars,
    unit: quote(tail.chars > 0 ? tail.unit : sentences.unit),
  };
}

// Sentence ends: . ! ? followed by a space, CJK 。！？, and newlines.
const SENTENCE_END = /[。！？\n]|[.!?](?=\s|$)/g;

function measureSentenceRepeats(text: string): { repeatedChars: number; maxRepeats: number; maxRun: number; unit: string } {
  const counts = new Map<string, number>();
  let repeatedChars = 0;
  let maxRepeats = 0;
  let maxRun = 0;
  let run = 0;
  let previous = '';
  let unit = '';
  let start = 0;
  SENTENCE_END.lastIndex = 0;
  for (;;) {
    const match = SENTENCE_END.exec(text);
    const end = match ? match.index + 1 : text.length;
    if (end - start >= MIN_SENTENCE_CHARS) {
      const sentence = text.slice(start, end).trim();
      if (sentence.length >= MIN_SENTENCE_CHARS) {
        const count = (counts.get(sentence) ?? 0) + 1;
        counts.set(sentence, count);
        if (count > 1) repeatedChars += sentence.length;
        run = sentence === previous ? run + 1 : 1;
        previous = sentence;
        if (run > maxRun) maxRun = run;
        if (count > maxRepeats) {
          maxRepeats = count;
          unit = sentence;
        }
      }
    }
    if (!match) break;
    start = end;
  }
  return { repeatedChars, maxRepeats, maxRun, unit };
}

/**
 * A model stuck in a loop repeats one phrase until max_tokens: the end of the text
 * is periodic. For each period p, count how far back text[i] === text[i - p] holds.
 */
function measureTailLoop(text: string): { chars: number; unit: string } {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) <= 0x20) end--;
  let bestChars = 0;
  let bestPeriod = 0;
  const maxPeriod = Math.min(MAX_PERIOD, Math.floor(end / MIN_LOOP_CYCLES));
  for (let period = 1; period <= maxPeriod; period++) {
    let run = 0;
    for (let i = end - 1; i - period >= 0 && text.charCodeAt(i) === text.charCodeAt(i - period); i--) run++;
    const covered = run + period;
    if (covered >= period * MIN_LOOP_CYCLES && covered > bestChars) {
      bestChars = covered;
      bestPeriod = period;
    }
  }
  // Runs of one character ("......", "====") are formatting, not a loop of words.
  if (bestPeriod < 4) return { chars: 0, unit: '' };
  return { chars: bestChars, unit: text.slice(end - bestPeriod, end) };
}

function quote(unit: string): string {
  const flat = unit.replace(/\s+/g, ' ').trim();
  return flat.length <= UNIT_QUOTE ? flat : flat.slice(0, UNIT_QUOTE - 1) + '…';
}
