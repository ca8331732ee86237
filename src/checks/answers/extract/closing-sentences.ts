// Sentences that close a reply without saying anything about the answer ("I hope this helps!").
// They are well-wishes and offers of more help, in the forms chat models end on.
const CLOSER_SENTENCE = new RegExp(
  String.raw`(?:^|\n|(?<=[.!?。！？])\s*)(?:\*\*)?(?:` +
    [
      String.raw`I\s+hope\s+(?:this|that|it)\s+(?:helps|was\s+helpful|clears)`,
      String.raw`Hope\s+(?:this|that|it)\s+(?:helps|was\s+helpful)`,
      String.raw`(?:Let\s+me\s+know|Feel\s+free\s+to\s+ask|Don['’]t\s+hesitate\s+to\s+ask)\b`,
      String.raw`If\s+you\s+have\s+(?:any\s+)?(?:other|more|further)\s+questions`,
      String.raw`Happy\s+(?:studying|learning|to\s+help|coding|solving|calculating|problem[-\s]solving)`,
      String.raw`Have\s+an?\s+(?:great|nice|good|wonderful|lovely|fantastic)\s+(?:day|time|one|week(?:end)?|evening)`,
      String.raw`(?:Good|Best\s+of)\s+luck\b`,
      String.raw`(?:You['’]re\s+welcome|Glad\s+(?:I\s+could|to)\s+help|Thanks\s+for\s+(?:asking|the\s+question)|Keep\s+up\s+the\s+good\s+work|Cheers|Enjoy)\b`,
      '希望(?:这|以上|我的回答)?(?:对你|对您|能)(?:有所|有)?(?:帮助|帮到)',
      '如果(?:你|您)?还有(?:其他|别的|任何)?(?:问题|疑问)',
      '(?:如有|有任何)(?:疑问|问题)',
      '祝(?:你|您)(?:学习)?(?:进步|顺利|愉快|好运)',
    ].join('|') +
    String.raw`)[^\n]{0,160}$`,
  'i',
);
// a line of emoji alone ("😊", "👍🎉") closes a reply too
const EMOJI_LINE = /\n[ \t]*(?:\p{Extended_Pictographic}|\uFE0F|\u200D|[ \t])+$/u;

/** The tail without the polite closing sentences after the answer. */
export function withoutClosers(tail: string): string {
  let text = tail.trimEnd();
  for (let guard = 0; guard < 3; guard++) {
    // closers are short: only the end is searched, which keeps this linear in the answer's length
    const from = Math.max(0, text.length - 400);
    const closer =
      CLOSER_SENTENCE.exec(text.slice(from)) ?? (text.charCodeAt(text.length - 1) >= 0x2000 ? EMOJI_LINE.exec(text.slice(from)) : null);
    if (!closer || from + closer.index === 0) return text;
    text = text.slice(0, from + closer.index).trimEnd();
  }
  return text;
}
