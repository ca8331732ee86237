/** A multiple-choice answer: its letter and the option text written after it ("B) 12 cm"). */
export interface Choice {
  letter: string;
  rest: string;
  /** The letter stood alone, in brackets or before punctuation ("(C)", "C.", "C) 4"), not as a word ("A dog"). */
  marked: boolean;
}

const PREFIX = /^(?:(?:[Tt]he\s+)?(?:[Cc]orrect\s+)?(?:[Oo]ption|[Cc]hoice|[Aa]nswer)\s*(?:is\s*)?[:：]?\s*|选项?\s*|答案\s*[:：]?\s*)/;
// "(C)", "(b)", "C.", "C) 12 cm", "C: 48", "C" alone, "C 15"
const LETTER = /^(?:[(（]\s*([A-Ea-e])\s*[)）]|([A-E]))(?:(\s*[.:：)）、]\s*)|(\s+)(?![=<>+\-*/^])|$)(.*)$/s;

/** Reads a choice letter at the start of an answer, or null when it does not start with one. */
export function readChoice(text: string): Choice | null {
  const trimmed = text.trim();
  const prefix = PREFIX.exec(trimmed);
  const body = prefix ? trimmed.slice(prefix[0].length) : trimmed;
  const match = LETTER.exec(body);
  if (!match) return null;
  const rest = match[5]!.trim().replace(/[.。]$/, '');
  return {
    letter: (match[1] ?? match[2])!.toUpperCase(),
    rest,
    marked: match[1] !== undefined || match[3] !== undefined || rest === '' || prefix !== null,
  };
}
