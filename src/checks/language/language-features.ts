/** What the language analysis found in one text (reasoning or answer). */
export interface LanguageFeatures {
  /** The language with the most prose, or 'und' when the text has too little prose to judge. */
  dominant: string;
  /** Prose in the expected language (or one the question asks for), in units (a word, or a Han character). */
  expectedUnits: number;
  /** Prose judged to be in another natural language, in the same units. */
  foreignUnits: number;
  /** The longest clause of foreign prose ('' when none): language, size, text (trimmed), offset in the text. */
  spanLanguage: string;
  spanUnits: number;
  spanText: string;
  spanOffset: number;
  /** Slips of a word or two of another language inside a sentence ("still真 real", "国旗下 troublesome的讲话"). */
  leaks: number;
  /** The first slip's language and the slip quoted with the words around it. */
  leakLanguage: string;
  leakText: string;
}

export const NO_LANGUAGE: LanguageFeatures = {
  dominant: 'und',
  expectedUnits: 0,
  foreignUnits: 0,
  spanLanguage: '',
  spanUnits: 0,
  spanText: '',
  spanOffset: -1,
  leaks: 0,
  leakLanguage: '',
  leakText: '',
};

/** Expected-language share of the judged prose; 1 for a text without prose. */
export function expectedShare(features: LanguageFeatures): number {
  const total = features.expectedUnits + features.foreignUnits;
  return total === 0 ? 1 : features.expectedUnits / total;
}
