// Deterministic, varied candidate text for the checks bench: English and Chinese
// reasoning with code, LaTeX, URLs, numbers, lists and the odd language switch,
// assembled from parts so that no two paragraphs are alike.

export interface SyntheticCandidate {
  question: string;
  reasoning: string;
  answer: string;
  finishReason: string;
  language: 'en' | 'zh';
}

const EN_SUBJECTS = [
  'The runner',
  'Our athlete',
  'A trained cyclist',
  'The heart',
  'Muscle glycogen',
  'The lactate threshold',
  'This formula',
  'The second approach',
  'Each interval',
  'The recovery period',
  'Stroke volume',
  'Body temperature',
];
const EN_VERBS = [
  'increases',
  'depends on',
  'is limited by',
  'improves with',
  'should be compared with',
  'determines',
  'falls below',
  'rises above',
  'is roughly proportional to',
  'cannot exceed',
];
const EN_OBJECTS = [
  'the training load',
  'maximal oxygen uptake',
  'the weekly mileage',
  'the ambient temperature',
  'the number of intervals',
  'the rest between sets',
  'heart rate variability',
  'the carbohydrate intake',
  'the cadence',
  'the body mass of the athlete',
];
const EN_TAILS = [
  'so we need to check the units first',
  'which matches the earlier estimate',
  'but only up to a point',
  'as the table below shows',
  'and that changes the answer',
  'if we ignore air resistance',
  'according to most guidelines',
  'which is what the question asks',
];
const ZH_SUBJECTS = [
  '运动员',
  '这个公式',
  '心率',
  '肌糖原',
  '乳酸阈',
  '训练负荷',
  '恢复时间',
  '最大摄氧量',
  '每搏输出量',
  '体温',
  '中医理论',
  '这道题',
];
const ZH_VERBS = ['取决于', '随着', '受限于', '明显高于', '大致等于', '需要结合', '会影响', '可以通过', '不应超过', '决定了'];
const ZH_OBJECTS = [
  '训练强度的变化',
  '每周的跑量',
  '环境温度',
  '间歇的次数',
  '组间休息时间',
  '碳水化合物的摄入',
  '步频和步幅',
  '体重和身高',
  '睡眠质量',
  '气血的运行',
];
const ZH_TAILS = [
  '所以我们先检查单位',
  '这与前面的估计一致',
  '但只在一定范围内成立',
  '如下表所示',
  '这会改变最终答案',
  '如果忽略空气阻力',
  '这符合大多数指南',
  '这正是题目要求的',
];
const CODE = [
  '```python\ndef pace(seconds, km):\n    return seconds / km\nprint(pace(2700, 10))\n```',
  '```js\nconst total = laps.reduce((sum, lap) => sum + lap.seconds, 0);\n```',
  '`np.mean(x)`',
  '`SELECT AVG(hr) FROM sessions`',
];
const LATEX = [
  '$v = \\frac{d}{t}$',
  '$E_k = \\frac{1}{2}mv^2$',
  '$$\\text{VO}_2 = Q \\times (C_a - C_v)$$',
  '\\(x^2 + 2x + 1 = 0\\)',
  '$\\sqrt{a^2 + b^2}$',
];
const URLS = [
  'https://www.who.int/news-room/fact-sheets/detail/physical-activity',
  'https://pubmed.ncbi.nlm.nih.gov/31234567/',
  'www.example.org/training-zones',
];
const TERMS = ['VO2max', 'HRV', 'API', 'Python', 'NBA', 'ATP', 'FTP', 'HIIT', 'GPS'];

export function createRandom(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 0x100000000;
  };
}

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!;
}

function number(random: () => number): string {
  const n = random() * 1000;
  return random() < 0.5 ? String(Math.round(n)) : n.toFixed(2);
}

function englishSentence(random: () => number): string {
  const extra = random() < 0.2 ? ` (${pick(random, TERMS)} ${number(random)})` : '';
  return `${pick(random, EN_SUBJECTS)} ${pick(random, EN_VERBS)} ${pick(random, EN_OBJECTS)}${extra}, ${pick(random, EN_TAILS)}.`;
}

function chineseSentence(random: () => number): string {
  const term = random() < 0.3 ? ` ${pick(random, TERMS)} ` : '';
  return `${pick(random, ZH_SUBJECTS)}${pick(random, ZH_VERBS)}${term}${pick(random, ZH_OBJECTS)}，数值约为 ${number(random)}，${pick(random, ZH_TAILS)}。`;
}

function paragraph(random: () => number, language: 'en' | 'zh'): string {
  const sentences: string[] = [];
  const count = 2 + Math.floor(random() * 5);
  for (let i = 0; i < count; i++) {
    const roll = random();
    if (roll < 0.06) sentences.push(pick(random, LATEX));
    else if (roll < 0.09) sentences.push(pick(random, URLS));
    else if (roll < 0.015 + 0.09) sentences.push(language === 'en' ? chineseSentence(random) : englishSentence(random));
    else sentences.push(language === 'en' ? englishSentence(random) : chineseSentence(random));
  }
  if (random() < 0.1) sentences.push('\n' + pick(random, CODE) + '\n');
  return sentences.join(language === 'en' ? ' ' : '');
}

export function syntheticCandidate(random: () => number): SyntheticCandidate {
  const language = random() < 0.5 ? 'en' : 'zh';
  const paragraphs: string[] = [];
  const count = 3 + Math.floor(random() * 10);
  for (let i = 0; i < count; i++) paragraphs.push(paragraph(random, language));
  const answerValue = Math.round(random() * 100);
  const answer =
    language === 'en'
      ? `${paragraph(random, 'en')}\n\nThe answer is $\\boxed{${answerValue}}$.`
      : `${paragraph(random, 'zh')}\n\n答案是 $\\boxed{${answerValue}}$。`;
  return {
    question: language === 'en' ? englishSentence(random) + ' What is the value?' : chineseSentence(random) + '求该数值。',
    reasoning: paragraphs.join('\n\n'),
    answer,
    finishReason: random() < 0.03 ? 'length' : 'stop',
    language,
  };
}

/** Candidates until their text reaches `bytes` (UTF-8). */
export function syntheticCandidates(bytes: number, seed = 7): { candidates: SyntheticCandidate[]; bytes: number } {
  const random = createRandom(seed);
  const candidates: SyntheticCandidate[] = [];
  let total = 0;
  while (total < bytes) {
    const candidate = syntheticCandidate(random);
    total += Buffer.byteLength(candidate.reasoning) + Buffer.byteLength(candidate.answer);
    candidates.push(candidate);
  }
  return { candidates, bytes: total };
}
