// Function words that tell Latin-script languages apart in a sentence of a few words,
// where franc's trigram models are unreliable (short English is often called Scots).
// Each word maps to a bit set of the languages it belongs to.

export const LATIN_LANGUAGES = ['en', 'es', 'fr', 'de', 'pt', 'it', 'id', 'nl'] as const;
export type LatinLanguage = (typeof LATIN_LANGUAGES)[number];

const WORDS: Record<LatinLanguage, string> = {
  en:
    'the is are was were be been being of and to that this these those it its for with on as by at from we you he she ' +
    'they them their our us so but not or if then have has had will would can could should let me my what which there ' +
    'an do does did about into than also because must may just need now wait actually which when where how why here ' +
    'after before since while all each both only very more most some any such same other first next finally therefore ' +
    'thus hence however means mean get gives give take makes make use used using called per in not no one two there',
  es:
    'el la los las del que y es por para con una se su sus al lo como más mas pero muy puede este esta estos estas ' +
    'son está están también sin sobre entre cuando hay embargo depende ser han desde donde porque durante cada ' +
    'nos les muchas muchos personas resultado podemos valor',
  fr:
    'le la les des du de est et une que qui pour dans sur pas avec ce cette ces sont au aux ne plus nous vous il elle ' +
    'ils elles permet mieux être donc mais ou par comme peut sont leur leurs très aussi entre',
  de:
    'der die das und ist nicht ein eine einer eines mit sich auf für von den dem des zu auch es wird werden sind nach ' +
    'bei aus eher allerdings wenn oder dass wie im zum zur wir ihr sie kann können mehr nur noch schon sehr über',
  pt:
    'o os as da do das dos em um uma não com para mais por como mas é são ao se que pelo pela isso este esta também ' +
    'muito quando ou seu sua',
  it: 'il lo gli della delle dei degli è che non con per una un sono nel nella anche più come ma questo questa molto ' + 'quando essere',
  id: 'yang dan di ke dari ini itu dengan untuk tidak adalah dalam akan pada juga bisa atau karena oleh kita kami',
  nl: 'de het een van en is dat niet op voor met zijn te er ook maar om wordt bij naar hebben heeft worden',
};

/** The function words of each language, one array per language. */
export const STOPWORDS: Record<LatinLanguage, readonly string[]> = {
  en: split(WORDS.en),
  es: split(WORDS.es),
  fr: split(WORDS.fr),
  de: split(WORDS.de),
  pt: split(WORDS.pt),
  it: split(WORDS.it),
  id: split(WORDS.id),
  nl: split(WORDS.nl),
};

function split(words: string): string[] {
  return words.split(' ').filter((word) => word !== '');
}

/** franc's ISO 639-3 codes for the languages above. */
export const FRANC_CODES: Record<string, LatinLanguage> = {
  eng: 'en',
  spa: 'es',
  fra: 'fr',
  deu: 'de',
  por: 'pt',
  ita: 'it',
  ind: 'id',
  nld: 'nl',
};
