// A question can ask for another language than the project's ("Translate into
// Spanish", "用英文回答", "How do you say thank you in Japanese?"). The answer
// is then right to be in that language, or to mix it with the project's: those
// languages are allowed as well as the expected one.

const ENGLISH_NAMES: Record<string, string> = {
  english: 'en',
  chinese: 'zh',
  mandarin: 'zh',
  cantonese: 'zh',
  spanish: 'es',
  french: 'fr',
  german: 'de',
  portuguese: 'pt',
  italian: 'it',
  indonesian: 'id',
  dutch: 'nl',
  japanese: 'ja',
  korean: 'ko',
  russian: 'ru',
  arabic: 'ar',
  hebrew: 'he',
  thai: 'th',
  hindi: 'hi',
};

const CHINESE_NAMES: Record<string, string> = {
  英: 'en',
  中: 'zh',
  汉: 'zh',
  华: 'zh',
  西班牙: 'es',
  法: 'fr',
  德: 'de',
  葡萄牙: 'pt',
  葡: 'pt',
  意大利: 'it',
  意: 'it',
  印尼: 'id',
  荷兰: 'nl',
  日: 'ja',
  韩: 'ko',
  朝鲜: 'ko',
  俄: 'ru',
  阿拉伯: 'ar',
  希伯来: 'he',
  泰: 'th',
  印地: 'hi',
};

const LANGUAGE_WORD = Object.keys(ENGLISH_NAMES).join('|');
// "in Spanish", "into French", "to German" after a verb of saying or writing, or
// "in Japanese" closing the question; "Chinese medicine" is a topic, not a request.
const ENGLISH_REQUEST = new RegExp(
  `\\b(?:translat\\w*|answer\\w*|respond\\w*|repl\\w*|writ\\w*|wrote|say\\w*|said|express\\w*|rewrite\\w*|put|render\\w*|called|spell\\w*|pronounc\\w*|mean\\w*|explain\\w*|speak\\w*|tell)\\b[^.?!\\n]{0,80}?\\b(?:in|into|to)\\s+(${LANGUAGE_WORD})\\b` +
    `|\\b(?:in|into)\\s+(${LANGUAGE_WORD})\\s*(?:[?.!:,)]|$)` +
    `|\\b(${LANGUAGE_WORD})\\s+(?:translation|version|word|phrase|equivalent|sentence|text|characters?|name)\\b` +
    // "What's the Japanese for 'good morning'?", "What is French for cat?"
    `|\\b(?:the|what['’]s|what\\s+is|how\\s+is)\\s+(${LANGUAGE_WORD})\\s+(?:word\\s+)?for\\b`,
  'gi',
);
const CHINESE_LANGUAGE = '(西班牙|葡萄牙|意大利|阿拉伯|希伯来|荷兰|印尼|印地|朝鲜|英|中|汉|华|法|德|葡|意|日|韩|俄|泰)(?:语|文)';
const CHINESE_REQUEST = new RegExp(
  `(?:用|以|使用|翻译成|翻译为|译成|译为|转成|改写成|写成|换成|说成)\\s*${CHINESE_LANGUAGE}` +
    `|${CHINESE_LANGUAGE}\\s*(?:怎么说|怎么写|如何说|如何表达|怎么表达|翻译|回答|作答|回复|表达|的说法|说法|单词|句子|版本|原文|写作)` +
    `|([英中汉日韩法德俄])译([英中汉日韩法德俄])`,
  'g',
);
const TRANSLATE = /\btranslat\w*|翻译|译成|译为/i;

/**
 * Languages (ISO 639-1) the question asks the answer to be in or to quote. A bare
 * "translate" without a named target allows the two project languages.
 */
export function findRequestedLanguages(question: string): string[] {
  if (question === '') return [];
  const found = new Set<string>();
  if (/[a-z]/i.test(question)) {
    for (const match of question.matchAll(ENGLISH_REQUEST)) {
      const name = (match[1] ?? match[2] ?? match[3] ?? match[4] ?? '').toLowerCase();
      const code = ENGLISH_NAMES[name];
      if (code) found.add(code);
    }
  }
  if (/[\u4e00-\u9fff]/.test(question)) {
    for (const match of question.matchAll(CHINESE_REQUEST)) {
      for (const name of [match[1], match[2], match[3], match[4]]) {
        const code = name ? CHINESE_NAMES[name] : undefined;
        if (code) found.add(code);
      }
    }
  }
  if (TRANSLATE.test(question)) {
    found.add('en');
    found.add('zh');
  }
  return [...found];
}
