// Sentences that close a reply without saying anything about the answer ("I hope this helps!").
// They are well-wishes and offers of more help, in the forms chat models end on.
const CLOSER_SENTENCE = new RegExp(
  String.raw`(?:\*\*)?[¡¿]?(?:` +
    [
      String.raw`I\s+hope\s+(?:this|that|it)\s+(?:helps|was\s+helpful|clears)`,
      String.raw`Hope\s+(?:this|that|it)\s+(?:helps|was\s+helpful)`,
      String.raw`(?:Let\s+me\s+know|Feel\s+free\s+to\s+ask|Don['’]t\s+hesitate\s+to\s+ask)\b`,
      String.raw`If\s+you\s+have\s+(?:any\s+)?(?:other|more|further)\s+questions`,
      String.raw`Happy\s+(?:studying|learning|to\s+help|coding|solving|calculating|problem[-\s]solving)`,
      String.raw`Have\s+an?\s+(?:great|nice|good|wonderful|lovely|fantastic)\s+(?:day|time|one|week(?:end)?|evening)`,
      String.raw`(?:Good|Best\s+of)\s+luck\b`,
      // an offer of more, asked as a question: "Would you like me to walk through the 4 × 4 case too?"
      String.raw`(?:(?:Would|Do)\s+you\s+(?:like|want)\s+(?:me\s+to|to\s+see|more|an?\s+)|Shall\s+I\b|Want\s+me\s+to\b|Should\s+I\s+(?:also|go\s+on|continue))[^\n]{0,200}\?`,
      String.raw`(?:Espero\s+que\s+(?:te|le|les)\s+(?:sirva|ayude)|J['’]esp[èe]re\s+que\s+(?:cela|ça)|Ich\s+hoffe,?\s+(?:das|dies)|Надеюсь,?\s+это)`,
      String.raw`(?:You['’]re\s+welcome|Glad\s+(?:I\s+could|to)\s+help|Thanks\s+for\s+(?:asking|the\s+question)|Keep\s+up\s+the\s+good\s+work|Cheers|Enjoy)\b`,
      '希望(?:这|以上|我的回答)?(?:对你|对您|能)(?:有所|有)?(?:帮助|帮到)',
      '如果(?:你|您)?(?:还)?有[^。！？\n]{0,12}?(?:问题|疑问|不明白|不懂|不清楚)',
      '欢迎(?:继续|随时)?(?:提问|追问|交流)',
      '(?:需要|要不要)我[^。！？\n]{0,30}[吗？?]',
      '(?:如有|有任何)(?:疑问|问题)',
      '祝(?:你|您)(?:学习)?(?:进步|顺利|愉快|好运)',
    ].join('|') +
    String.raw`)[^\n]{0,160}$`,
  'iy',
);
// where a sentence may start inside a line: after a sentence's end and the spaces that follow it
const SENTENCE_END = /[.!?。！？]\s*/g;
// a line of emoji alone ("😊", "👍🎉") closes a reply too, and so do emoji after the last sentence on its line
const EMOJI_LINE = /\n[ \t]*(?:\p{Extended_Pictographic}|\uFE0F|\u200D|[ \t])+$/u;
const EMOJI_AFTER_SENTENCE =
  /(?<=[.!?。！？]|\s)[ \t]*(?:\p{Extended_Pictographic}|\p{Emoji_Modifier}|\uFE0F|\u200D)(?:\p{Extended_Pictographic}|\p{Emoji_Modifier}|\uFE0F|\u200D|[ \t])*$/u;
const ENDS_ON_EMOJI = /(?:\p{Extended_Pictographic}|\p{Emoji_Modifier}|\uFE0F|\u200D)$/u;
// ":)", ";-)", ":D" after the last sentence
const EMOTICON = /(?<=[.!?])[ \t]+[:;]-?[)D]$/;

/** The tail without the polite closing sentences after the answer. */
export function withoutClosers(tail: string): string {
  let text = tail.trimEnd();
  for (let guard = 0; guard < 3; guard++) {
    const at = closerStart(text);
    if (at <= 0) return text;
    text = text.slice(0, at).trimEnd();
  }
  return text;
}

/**
 * Where the closing sentence the text ends on starts, -1 if none. A closer runs to the end of
 * the last line, so only the sentence starts of that line (at most its last 400 characters)
 * are tried, each with the anchored pattern: far cheaper than searching every position.
 */
function closerStart(text: string): number {
  const lineStart = Math.max(text.lastIndexOf('\n') + 1, text.length - 400);
  CLOSER_SENTENCE.lastIndex = lineStart;
  if (CLOSER_SENTENCE.test(text)) return lineStart;
  SENTENCE_END.lastIndex = lineStart;
  for (let end = SENTENCE_END.exec(text); end; end = SENTENCE_END.exec(text)) {
    const at = end.index + end[0].length;
    if (at >= text.length) break;
    CLOSER_SENTENCE.lastIndex = at;
    if (CLOSER_SENTENCE.test(text)) return at;
  }
  const last = text.charCodeAt(text.length - 1);
  if (last < 0x2000) {
    const from = Math.max(0, text.length - 8);
    const emoticon = last === 0x29 || last === 0x44 ? EMOTICON.exec(text.slice(from)) : null;
    return emoticon ? from + emoticon.index : -1;
  }
  // most texts that end above U+2000 are Chinese ("。"): only an emoji ending is looked into
  if (!ENDS_ON_EMOJI.test(text.slice(-2))) return -1;
  const from = Math.max(0, text.length - 400);
  const emoji = EMOJI_LINE.exec(text.slice(from)) ?? EMOJI_AFTER_SENTENCE.exec(text.slice(from));
  return emoji ? from + emoji.index : -1;
}
