// The shape of a refusal clause, built from its parts rather than listed phrase by phrase:
// the speaker ("I", or the request itself: "that's not something I …"), a negated verb of
// ability or will (can't, won't, unable, not going to, must decline, 无法, 不能, 不会, 拒绝 …)
// and what it is aimed at: a verb of doing the task (help, provide, write, do that …), or
// nothing at all ("I'd rather not.", "I won't."). Whether the answer then goes on to answer
// is weighed in refusal.ts; here is only whether a sentence declines.
//
// Hedges share the negated modal but aim it elsewhere ("I can't be sure", "I can't stress
// this enough", "I'm not going to lie"): they never take a verb of doing the task, so the
// task verbs below are a closed list on purpose.

/** Verbs of doing what was asked (base form, and -ing where a modal phrase takes it). */
const TASK_VERB =
  '(?:help(?:ing)?(?!\\s+but\\b)|assist(?:ing)?|aid|support|provid(?:e|ing)|suppl(?:y|ying)|comply(?:ing)?|answer(?:ing)?|respond\\s+to|fulfil+(?:ing)?|accommodat(?:e|ing)|' +
  'creat(?:e|ing)|writ(?:e|ing)|draft(?:ing)?|compos(?:e|ing)|generat(?:e|ing)|produc(?:e|ing)|mak(?:e|ing)|build(?:ing)?|design(?:ing)?|develop(?:ing)?|reproduc(?:e|ing)|' +
  'giv(?:e|ing)|shar(?:e|ing)|offer(?:ing)?|reveal(?:ing)?|disclos(?:e|ing)|output(?:ting)?|print(?:ing)?|send(?:ing)?|post(?:ing)?|' +
  'explain(?:ing)?|describ(?:e|ing)|detail(?:ing)?|outlin(?:e|ing)|teach(?:ing)?|show(?:ing)?|walk\\s+you|instruct(?:ing)?|guid(?:e|ing)|' +
  'tell\\s+you(?!\\s+how\\s+(?:much|glad|happy|grateful|excited|sorry|many|often))|guess(?:ing)?|speculat(?:e|ing)|track(?:ing)?|list(?:ing)?|' +
  'engag(?:e|ing)|participat(?:e|ing)|discuss(?:ing)?|talk(?:ing)?\\s+about|comment(?:ing)?\\s+on|weigh(?:ing)?\\s+in|role-?play(?:ing)?|pretend(?:ing)?(?!\\s+(?:it|that|this|there|otherwise)\\b)|impersonat(?:e|ing)|' +
  'endors(?:e|ing)|promot(?:e|ing)|encourag(?:e|ing)|facilitat(?:e|ing)|enabl(?:e|ing)|contribut(?:e|ing)|continu(?:e|ing)|complet(?:e|ing)|process(?:ing)?|' +
  'be\\s+of\\s+(?:any\\s+)?(?:help|assistance|use)|be\\s+(?:any\\s+)?help|go\\s+(?:along|there)|do(?:ing)?\\s+(?:that|this|it|so|what)|do\\b)';

/**
 * Reaching what the request is about: "I'm unable to open links", "I can't view images". Only with
 * the thing reached, since "I can't see why" and "I can't read it as anything but…" are hedges.
 * A limit of reach followed by "but" and an answer is a caveat, not a refusal (refusal.ts).
 */
const REACH_VERB =
  '(?:open|access|brows|visit|view|see|read|retriev|fetch|load|follow|click|watch|listen|play)(?:e|ing)?(?:\\s+(?:on|to|into))?' +
  '(?:\\s+(?:the|that|this|these|those|your|any|external|web|online|shared|attached|linked|real-time|live))*' +
  '\\s+(?:links?|urls?|websites?|web\\s*pages?|pages?|sites?|internet|web|files?|attachments?|images?|pictures?|photos?|screenshots?|videos?|audio|recordings?|documents?|articles?|pdfs?|e-?mails?|inbox|accounts?|data)\\b';
const ZH_REACH = '(?:直接)?(?:打开|打開|访问|訪問|浏览|瀏覽|查看|读取|讀取|看到|观看|觀看|播放|登录|登錄|上网|上網|联网|聯網)';

/** A negated verb of ability or will after "I" ("I can't", "I'm not able", "I'd rather not", "I must decline"). */
const NEGATED_WILL =
  // "I can't wait to help you plan this!" is eagerness, not a decline.
  "(?:\\s+(?:can(?:no|['’])t|can\\s+not|could(?:n['’]t|\\s+not)|won['’]t|will\\s+not|shouldn['’]t|should\\s+not|mustn['’]t|must\\s+not|may\\s+not)(?!\\s+wait\\b)" +
  // "I wouldn't recommend it" is advice; only "I wouldn't feel comfortable / be able" declines.
  "|\\s+(?:wouldn['’]t|would\\s+not)\\s+(?:feel\\s+)?(?:comfortable|be\\s+(?:able|comfortable|appropriate|right))" +
  "|(?:['’]m|\\s+am)\\s+(?:not\\s+(?:able|going|allowed|permitted|willing|comfortable|in\\s+a\\s+position)|unable|unwilling)" +
  "|(?:['’]d|\\s+would)\\s+(?:rather|prefer)\\s+not" +
  "|\\s+(?:don['’]t|do\\s+not)\\s+(?:think\\s+I\\s+(?:should|can|could)|feel\\s+comfortable))";

/** Unwillingness that never introduces a hedge ("I'm not in a position to rank …"): any verb may follow it. */
const UNWILLING =
  "(?:(?:['’]m|\\s+am)\\s+(?:not\\s+(?:in\\s+a\\s+position|willing|comfortable|allowed|permitted|prepared)|unwilling)\\s+to" +
  "|(?:['’]d|\\s+would)\\s+(?:rather|prefer)\\s+not(?:\\s+to)?|\\s+(?:don['’]t|do\\s+not)\\s+feel\\s+comfortable|\\s+(?:refuse|decline)\\s+to)\\s+[a-z]{3,}";

/** Declining in a word, with no task verb needed: "I must decline", "I'll have to say no", "I need to stop here". */
const DECLINE_VERB =
  "\\bI(?:['’]ll|['’]m\\s+going\\s+to|\\s+am\\s+going\\s+to|\\s+will)?(?:\\s+(?:must|have\\s+to|need\\s+to|got\\s+to))?\\s+(?:respectfully\\s+|politely\\s+)?" +
  '(?:decline|refuse|say\\s+no|pass\\s+on\\s+(?:this|that|it)\\b|sit\\s+(?:this|that)\\s+one\\s+out)\\b' +
  // "I'll stop here: the rest follows" ends a proof; "I need to stop here" declines.
  '|\\bI\\s+(?:must|have\\s+to|need\\s+to|got\\s+to)\\s+stop\\s+(?:here|there|right\\s+there)\\b';

/** The request as subject: "that's not something I can do", "Creating X isn't something I'll help with". */
const NOT_SOMETHING_I =
  "(?:(?:isn['’]t|is\\s+not|['’]s\\s+not|are\\s+not|aren['’]t)\\s+(?:something|anything|one|a\\s+(?:request|task|thing))\\s+(?:that\\s+)?I(?:['’]ll|['’]m|\\s+(?:can|could|will|am|would))?" +
  "|(?:is|['’]s)\\s+(?:something|a\\s+(?:request|task|thing))\\s+(?:that\\s+)?I\\s+(?:can(?:no|['’])t|cannot|won['’]t|will\\s+not|(?:['’]m|\\s+am)\\s+not))";

/** Outside what the model may or can do: "outside what I'm allowed to do", "beyond my current scope". */
const OUT_OF_BOUNDS =
  "\\b(?:(?:that|this|it|which)\\s*)?(?:(?:falls?|is|['’]s|are|lies?)\\s+)?(?:beyond|outside(?:\\s+of)?)\\s+(?:(?:what|the\\s+(?:things|kind\\s+of\\s+things|scope\\s+of\\s+what))\\s+I(?:['’]m|\\s+am)?\\s+(?:can|could|able|allowed|permitted|designed|going|willing|here)" +
  '|my\\s+(?:current\\s+)?(?:scope|capabilit(?:y|ies)|abilities|remit|boundaries|guidelines))\\b';

/** A rule the request breaks: "against my guidelines", "goes against the usage policies I follow". */
const AGAINST_POLICY =
  "\\b(?:go(?:es)?|be|is|['’]s|would\\s+be|violat(?:e|es|ing))\\s+(?:against\\s+)?(?:my|our|the\\s+(?:usage|content|safety)|OpenAI['’]s|Anthropic['’]s)\\s+(?:own\\s+)?(?:usage\\s+|content\\s+|safety\\s+)?" +
  '(?:guidelines|principles|polic(?:y|ies)|programming|values|rules|terms)\\b|\\bcross(?:es)?\\s+a\\s+line\\s+for\\s+me\\b';

// Chinese: an optional 我 (often dropped after 抱歉), a negation of ability or will, and what it is aimed at.
const ZH_NEG =
  '(?:暂时|暫時|目前|实在|實在|真的|恐怕|确实|確實|可能|还|還|并|並)?(?:无法|無法|不能|不会|不會|不可以|没(?:有)?办法|沒(?:有)?辦法|没法|沒法|不便|不方便|不太方便|不予|不宜|不被允许|不被允許|拒绝|拒絕)';
const ZH_TARGET =
  '(?:为你|为您|為你|為您|帮你|帮您|幫你|幫您|帮助你|帮助您|向你|向您|替你|替您|给你|给您|給你|給您|对此|對此|就此|在这方面|在這方面|对这个问题|對這個問題)?(?:进行|進行|继续|繼續)?' +
  '(?:提供|回答|回覆|回复|協助|协助|帮助|幫助|帮|幫|满足|滿足|完成|参与|參與|讨论|討論|谈论|談論|生成|创作|創作|编写|編寫|撰写|撰寫|写|寫|编|編|处理|處理|回应|回應|作答|解答|' +
  '发表|發表|评论|評論|评价|評價|透露|给出|給出|告诉|告訴|支持|教|制作|製作|分享|做|破解|涉及|答复|答覆|响应|響應|执行|執行|照办|照辦|照做|办到|辦到|做到|答应|答應|配合)';
/** The speaker: 我, or 我这边 / 我这里 ("on my side", as service replies put it). */
const ZH_I = '我(?:这边|這邊|这里|這裡)?';
const ZH_SORRY = '(?:很抱歉|抱歉|对不起|對不起|很遗憾|很遺憾|不好意思|非常抱歉|抱歉的是)';
/** 这个请求我没法满足: the request named first, then the speaker declining it. */
const ZH_FRONTED =
  '(?:这个|這個|这类|這類|这种|這種|此类|此類|该|該|你的|您的|这样的|這樣的)(?:请求|請求|问题|問題|要求|忙|内容|內容|话题|話題|事情?)[^。！？\\n]{0,8}?' +
  ZH_I +
  ZH_NEG +
  // "这个问题我不能确定" is unsure, not declining: the negation must take a task verb or end the clause.
  `(?:${ZH_TARGET}|[。！，,.!]|$)`;

/** The speaker dropped, as people write in a hurry: "Nope, not going to help with that.", "Can't do that, sorry." */
const SUBJECT_DROPPED =
  "(?:^|[.!?]\\s+)(?:(?:nope|no|sorry|yeah,?\\s+no|afraid)[,.!—–\\s]+)?(?:can(?:no|['’])t|cannot|won['’]t|not\\s+(?:going|able)\\s+to|unable\\s+to)" +
  `(?:\\s+(?:[\\w’'-]+)){0,3}?\\s+${TASK_VERB}\\b`;

/** A decline that is a limit of what the model can reach (see REACH_VERB), for refusal.ts to weigh as a caveat. */
export const REACH_DECLINE = new RegExp(`(?:${REACH_VERB}|${ZH_REACH})$`, 'i');

/** Declining the request itself, in any of the shapes above. */
export const DECLINE_PATTERNS: readonly RegExp[] = [
  // "I can't explain it better than the docs" compares; it does not decline.
  new RegExp(
    `\\bI${NEGATED_WILL}(?:\\s+(?:[\\w’'-]+)){0,4}?\\s+${TASK_VERB}\\b(?!(?:\\s+(?:it|this|that))?\\s+(?:better|enough|more)\\b)`,
    'i',
  ),
  new RegExp(`\\bI${UNWILLING}`, 'i'),
  new RegExp(`\\bI${NEGATED_WILL}(?:\\s+(?:[\\w’'-]+)){0,4}?\\s+${REACH_VERB}`, 'i'),
  new RegExp(`${ZH_I}${ZH_NEG}${ZH_REACH}`),
  new RegExp(SUBJECT_DROPPED, 'i'),
  // "Writing malware is a hard no for me."
  /\b(?:is|['’]s)\s+a\s+(?:hard|firm|definite|flat)\s+no\b|\ba\s+no\s+from\s+me\b/i,
  // Nothing after the negation but the sentence's end: "I'd rather not — …", "I'm afraid I can't."
  new RegExp(`\\bI${NEGATED_WILL}(?:\\s+(?:do\\s+)?(?:that|this|it|so))?\\s*(?:[.!—–]|\\s-\\s|$)`, 'i'),
  new RegExp(DECLINE_VERB, 'i'),
  new RegExp(`${NOT_SOMETHING_I}(?:\\s+(?:[\\w’'-]+)){0,3}?\\s+${TASK_VERB}\\b`, 'i'),
  // "Jokes like that aren't something I'll tell.": the request as subject, and telling it denied ("tell" alone, not "tell whether").
  /(?:isn['’]t|is\s+not|['’]s\s+not|are\s+not|aren['’]t)\s+(?:something|anything)\s+(?:that\s+)?I(?:['’]ll|\s+will|\s+can|(?:['’]m|\s+am)\s+(?:going|willing)\s+to)\s+(?:tell|say|repeat|recite|sing|share)(?:\s+(?:you|them|here))?\s*(?:[.!;—–]|\s-\s|$)/i,
  // Declining by proposing to drop it, with no "I" at all: "Let's skip that one —", "Let's not go there."
  /\blet['’]?s\s+(?:(?:skip|pass\s+on|sit\s+out|drop|leave)\s+(?:that|this|it)(?:\s+(?:one|request|topic|question|subject))?(?:\s+(?:aside|alone|there))?|not\s+go\s+(?:there|down\s+that\s+road))\s*(?:[.!—–]|\s-\s|$)/i,
  new RegExp(OUT_OF_BOUNDS, 'i'),
  new RegExp(AGAINST_POLICY, 'i'),
  /\bI\s+(?:have\s+to|must|need\s+to)\s+say\s+no\b|\bI['’]ll\s+have\s+to\s+say\s+no\b/i,
  /\blet['’]?s\s+talk\s+about\s+something\s+else\b/i,
  /\bI(?:['’]m|\s+am)\s+(?:just|only)\s+a\s+(?:language\s+model|text-based\s+AI|large\s+language\s+model)\b[^.!?\n]{0,60}?\b(?:can(?:no|['’])t|cannot|unable|don['’]t\s+have\s+the\s+capacity)\b/i,
  new RegExp(`${ZH_I}${ZH_NEG}${ZH_TARGET}`),
  // 不便 / 不方便 is unwillingness, never a hedge: any verb may follow it (我这边不方便推荐).
  new RegExp(`${ZH_I}(?:暂时|暫時|目前|实在|實在|恐怕|可能)?(?:不便|不方便|不太方便)[\u4e00-\u9fff]{1,2}`),
  new RegExp(`${ZH_SORRY}[^。！？\\n]{0,24}?${ZH_NEG}${ZH_TARGET}`),
  new RegExp(ZH_FRONTED),
  /(?:必须|必須|只能|不得不)拒绝|(?:必须|必須|只能|不得不)拒絕|拒(?:绝|絕)(?:这个|這個|此|你的|您的)?(?:请求|請求|要求)/,
  /(?:不在|超出(?:了)?|超过(?:了)?|超過(?:了)?)我[^。！？\n]{0,12}?(?:范围|範圍)/,
  /(?:让我们|我们|讓我們|我們)?换个话题|(?:我們)?換個話題/,
  /我(?:可)?(?:帮不了|幫不了|帮不上|幫不上|做不到|无能为力|無能為力|爱莫能助|愛莫能助)/,
  /我(?:还)?没(?:有)?学(?:会|习)(?:如何)?回答这个问题/,
  // "我就不展开了", "我还是不多说了": declining to go on, the clause closed by 了.
  /我(?:就|还是|還是|先)?不(?:展开|展開|多说|多說|多谈|多談|细说|細說|深入|评论|評論|回答|讨论|討論)了/,
  /作为(?:一个|一名)?(?:AI|人工智能)(?:语言模型|助手|模型)?[，,]?\s*我(?:无法|不能)(?:提供|回答|协助|帮助|满足|参与|讨论|生成|对此)/,
  /(?:无法|無法|不能)对(?:此|这个问题|该问题)(?:进行)?(?:回答|作答|发表)/,
  // Japanese, Spanish, French and German: the same shape in their words.
  /(?:お応え|お答え|お手伝い|ご協力|ご対応|対応|回答|提供|お受け|作成|お引き受け)(?:すること|いたすこと)?(?:は|が)?(?:でき(?:ません|かねます)|いたしかねます|致しかねます)/,
  // The humble form of any verb declined: お伝えできません, ご案内いたしかねます, お力になれません;
  // and a verb of doing the task with ことはできません (教えることはできません).
  /(?:お|ご)[\u4e00-\u9fff]{1,3}[\u3040-\u309f]{0,2}?(?:すること|いたすこと)?(?:は|が)?(?:でき(?:ません|かねます)|いたしかねます|致しかねます)|お力に(?:は)?なれ(?:ません|ず)/,
  /(?:教え|伝え|説明す|紹介す|案内す|提供す|作成す|手伝う|協力す|回答す|答え|書き|書く|作)(?:る)?こと(?:は|が)(?:でき(?:ません|かねます)|いたしかねます)/,
  // Casual Japanese: the potential form negated (手伝えない, 教えられない, 書けない), with the request as topic (それは).
  /(?:それ|これ|そういうの|そんなこと|その(?:依頼|お願い|件))(?:は|を)?[^。！？\n]{0,12}?(?:手伝え|教えられ|教えれ|書け|作れ|答えられ|協力でき|でき)(?:ない|ません)/,
  // Korean: 도와드릴 수 없습니다, 도와줄 수 없어, 제공할 수 없습니다 (a verb of doing the task, 수 없다).
  /(?:도와|돕|제공|답변|안내|작성|알려|설명|처리|지원)[가-힣]{0,3}\s*수\s*(?:가\s*)?없(?:습니다|어요|어|다|네요)|(?:도와|제공|답변|안내)[가-힣]{0,3}\s*(?:드리기|주기)\s*(?:는\s*)?어렵/,
  // Russian: не могу / не буду / не стану + a verb of doing the task.
  /(?:^|[^а-яё])я?\s*не\s+(?:могу|буду|стану|смогу)\s+(?:[а-яё]+\s+){0,2}?(?:помо\S*|предостав\S*|дать|давать|написать|писать|отвечать|ответить|рассказ\S*|объясн\S*|созда\S*|сделать|делать|выполн\S*|участвовать|обсуждать)/i,
  /\b(?:no\s+(?:puedo|podré|podemos|voy\s+a)|me\s+niego\s+a)\s+(?:[\wáéíóúñ]+\s+){0,2}?(?:ayudar\w*|proporcionar\w*|dar\w*|hacer\w*|cumplir|escribir\w*|crear\w*|generar\w*|responder\w*|colaborar|asistir\w*|ofrecer\w*)\b/i,
  /\bje\s+ne\s+(?:peux|pourrai|vais|suis)\s+pas\s+(?:[\wàâçéèêëîïôûù'’]+\s+){0,2}?(?:aider|fournir|répondre|faire|écrire|créer|générer|donner|rédiger|participer|en\s+mesure)\b/i,
  /\bich\s+kann\s+(?:[\wäöüß]+\s+){0,3}?nicht\s+(?:helfen|weiterhelfen|erstellen|schreiben|geben|liefern|beantworten|bereitstellen|nachkommen)\b|\b(?:kann|werde)\s+ich\s+(?:[\wäöüß]+\s+){0,3}?nicht\s+(?:helfen|weiterhelfen|erstellen|schreiben|geben|beantworten)\b|\bich\s+werde\s+(?:[\wäöüß]+\s+){0,3}?nicht\s+(?:helfen|erstellen|schreiben)\b/i,
];

/** Patterns written in another script than Latin (Chinese, Japanese, Korean, Russian). */
const OTHER_SCRIPT = /[\u0400-\u04ff\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]/;

/**
 * The decline patterns a text can match, by the scripts in it: an English answer is not tried
 * against the Chinese, Japanese, Korean and Russian patterns, nor a Chinese one against the
 * English (each pattern is tried on every refusal cue, and most cues are in answers that answer).
 */
export function declinePatternsFor(text: string): readonly RegExp[] {
  let latin = false;
  let other = false;
  for (let i = 0; i < text.length && !(latin && other); i++) {
    const c = text.charCodeAt(i);
    if ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)) latin = true;
    else if ((c >= 0x400 && c <= 0x4ff) || (c >= 0x3040 && c <= 0x30ff) || (c >= 0x3400 && c <= 0x9fff) || (c >= 0xac00 && c <= 0xd7af))
      other = true;
  }
  return latin && other ? DECLINE_PATTERNS : latin ? LATIN_DECLINES : other ? OTHER_SCRIPT_DECLINES : [];
}

const LATIN_DECLINES = DECLINE_PATTERNS.filter((pattern) => !OTHER_SCRIPT.test(pattern.source));
const OTHER_SCRIPT_DECLINES = DECLINE_PATTERNS.filter((pattern) => OTHER_SCRIPT.test(pattern.source));

/*
 * A word every decline pattern needs (tested once, before the patterns one by one): most
 * answers have none of them near the start, and checking every pattern on each was a
 * sixth of feature extraction on short answers. Keep it in step with the patterns.
 */
export const DECLINE_CUE =
  /n['’]t|\bnot\b|cannot|unable|unwilling|rather|prefer|decline|refuse|say\s+no|pass\s+on|sit\s+th|stop\s+th|stop\s+here|beyond|outside|against|violat|cross|hard\s+no|firm\s+no|definite\s+no|flat\s+no|no\s+from\s+me|something\s+else|language\s+model|text-based|无法|無法|不能|不会|不會|不可以|没办法|沒辦法|没有办法|沒有辦法|没法|沒法|不便|不方便|不太方便|不予|不宜|不被允|拒|不展|不多|不细|不細|不深|不评|不評|不回|不讨|不討|范围|範圍|换个话题|換個話題|帮不|幫不|做不到|无能为力|無能為力|爱莫能助|愛莫能助|没(?:有)?学|でき(?:ません|かねます)|いたしかねます|致しかねます|なれ(?:ません|ず)|let['’]?s\s+(?:skip|pass|sit|drop|leave|not)|\bno\s+(?:puedo|podré|podemos|voy)|niego|ne\s+(?:peux|pourrai|vais|suis)\s+pas|nicht|ない|수\s*(?:가\s*)?없|어렵|не\s+(?:могу|буду|стану|смогу)/i;
