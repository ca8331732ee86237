import { normalizeQuestionText } from '../core/question-text.js';
import { normalizeTagName, splitTagPath } from '../core/tag-path.js';
import type { Difficulty, Language } from '../core/types.js';

// Deterministic stand-in content for whatever the fixtures do not cover (other
// topics, deeper levels, more items than recorded), so every generation
// setting works offline. Plausible, not clever.

const FACETS: Record<Language, string[]> = {
  en: [
    'Core concepts',
    'Measurement and assessment',
    'Practical applications',
    'Common misconceptions',
    'Historical development',
    'Safety and risk factors',
    'Current research',
    'Case studies',
    'Key terminology',
    'Advanced methods',
    'Individual differences',
    'Ethical considerations',
  ],
  zh: [
    '基本概念',
    '测量与评估',
    '实际应用',
    '常见误区',
    '历史沿革',
    '安全与风险因素',
    '研究进展',
    '典型案例',
    '关键术语',
    '进阶方法',
    '个体差异',
    '伦理问题',
  ],
};

const QUESTION_TEMPLATES: Record<Language, [Difficulty, string][]> = {
  en: [
    ['easy', 'What is meant by "{leaf}" in {area}, and why does it matter?'],
    ['medium', 'How would you explain the main factors that influence {leaf} in {area} to a beginner?'],
    ['hard', 'What is a common misconception about {leaf} in {area}, and what evidence corrects it?'],
    ['easy', 'Which three key terms should a beginner learn first when studying {leaf} in {area}? Define each briefly.'],
    ['medium', 'Describe a concrete, real-world example of how {leaf} is applied in {area}.'],
    ['hard', 'Compare two different approaches to {leaf} in {area}, and argue which is better in one specific situation.'],
    ['medium', 'Which measurements or observations are used to assess {leaf} in {area}, and what are their limits?'],
    ['hard', 'Design a simple study to test a claim about {leaf} in {area}: what would you measure, and how?'],
    ['easy', 'Why is {leaf} considered important in {area}?'],
    ['medium', 'What are the main open questions about {leaf} in {area} today?'],
  ],
  zh: [
    ['easy', '在{area}中，“{leaf}”指什么？为什么它很重要？'],
    ['medium', '如何向初学者解释影响{area}中“{leaf}”的主要因素？'],
    ['hard', '关于{area}中的“{leaf}”，有哪些常见误解？有什么证据可以纠正这些误解？'],
    ['easy', '学习{area}中的“{leaf}”时，初学者应首先掌握哪三个关键术语？请分别简要解释。'],
    ['medium', '请举一个具体的实际例子，说明{area}中的“{leaf}”是如何应用的。'],
    ['hard', '比较{area}中处理“{leaf}”的两种不同方法，并论证在某一具体情境下哪种更好。'],
    ['medium', '评估{area}中的“{leaf}”时使用哪些测量或观察方法？它们有哪些局限？'],
    ['hard', '请设计一个简单的研究来检验关于{area}中“{leaf}”的某个观点：你会测量什么？如何测量？'],
    ['easy', '为什么“{leaf}”在{area}中被认为很重要？'],
    ['medium', '目前关于{area}中的“{leaf}”还有哪些主要的未解决问题？'],
  ],
};

const COLON: Record<Language, string> = { en: ': ', zh: '：' };

/** `count` sub-topic names of the path's last item, none of them in `avoid` (normalized names). */
export function synthesizeTagNames(path: string, language: Language, count: number, avoid: ReadonlySet<string>): string[] {
  const leaf = splitTagPath(path).at(-1) ?? path;
  // "Energy systems: Core concepts" expands to "Core concepts: Key terminology", not an ever-longer chain.
  const base = leaf.split(COLON[language]).at(-1)!.trim();
  const facets = FACETS[language].filter((facet) => normalizeTagName(facet) !== normalizeTagName(base));
  const names: string[] = [];
  for (let i = 0; names.length < count && i < count + avoid.size + facets.length; i++) {
    const facet = facets[i] ?? (language === 'zh' ? `方面 ${i + 1}` : `aspect ${i + 1}`);
    const name = `${base}${COLON[language]}${facet}`;
    if (!avoid.has(normalizeTagName(name)) && !names.includes(name)) names.push(name);
  }
  return names;
}

export interface SynthesizedQuestion {
  text: string;
  difficulty: Difficulty;
}

/** `count` self-contained questions naming the path's last item, none of them in `avoid` (normalized texts). */
export function synthesizeQuestions(path: string, language: Language, count: number, avoid: ReadonlySet<string>): SynthesizedQuestion[] {
  const names = splitTagPath(path);
  const leaf = names.at(-1) ?? path;
  const area = names.at(-2) ?? leaf;
  const templates = QUESTION_TEMPLATES[language];
  const questions: SynthesizedQuestion[] = [];
  for (let i = 0; questions.length < count && i < count + avoid.size + templates.length; i++) {
    const [difficulty, template] = templates[i % templates.length]!;
    const round = Math.floor(i / templates.length);
    const body = template.replaceAll('{leaf}', leaf).replaceAll('{area}', area);
    const text = round === 0 ? body : language === 'zh' ? `情形 ${round + 1}：${body}` : `Case ${round + 1}: ${body}`;
    if (!avoid.has(normalizeQuestionText(text))) questions.push({ text, difficulty });
  }
  return questions;
}

/** A short reasoning and final answer; every sample of a question gets the same one, so they agree. */
export function synthesizeAnswer(question: string, language: Language): { reasoning: string; answer: string } {
  const shown = question.length > 80 ? question.slice(0, 79) + '…' : question;
  if (language === 'zh') {
    return {
      reasoning: `题目问的是：“${shown}”。我先明确其中的核心概念，再说明它起作用的机制，最后给出清楚的结论，并用一个具体例子加以说明。`,
      answer:
        '简要回答：这个问题的关键在于题目所涉及对象的核心原理。第一，准确界定相关概念；第二，解释它在实践中起作用的机制；第三，结合具体例子说明，并指出主要局限。（离线教师没有这道题的录制答案，此回答为自动生成。）',
    };
  }
  return {
    reasoning: `The question asks: "${shown}". I will first pin down the core concept, then explain the mechanism that makes it matter, and finish with a clear conclusion and one concrete example.`,
    answer:
      'In short: the answer rests on one core principle of the subject the question names. First, define the concept precisely. Second, explain the mechanism that makes it matter in practice. Third, illustrate it with a concrete example and note its main limitation. (The offline teacher has no recorded answer for this question, so this one was synthesised.)',
  };
}
