/** What the language analysis found in one text (reasoning or answer). */
export interface LanguageFeatures {
  /** The language with the most prose, or 'und' when the text has too little prose to judge. */
  dominant: string;
  /** Prose in the expected language, in units (a word, or a Han character). */
  expectedUnits: number;
  /** Prose judged to be in another natural language, in the same units. */
  foreignUnits: number;
  /** The longest run of foreign prose ('' when none): language, size, text (trimmed), offset in the text. */
  spanLanguage: string;
  spanUnits: number;
  spanText: string;
  spanOffset: number;
}

export const NO_LANGUAGE: LanguageFeatures = {
  dominant: 'und',
  expectedUnits: 0,
  foreignUnits: 0,
  spanLanguage: '',
  spanUnits: 0,
  spanText: '',
  spanOffset: -1,
};

/** Expected-language share of the judged prose; 1 for a text without prose. */
export function expectedShare(features: LanguageFeatures): number {
  const total = features.expectedUnits + features.foreignUnits;
  return total === 0 ? 1 : features.expectedUnits / total;
}
