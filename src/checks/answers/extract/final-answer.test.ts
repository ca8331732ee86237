import { describe, expect, it } from 'vitest';
import { extractFinalAnswer, extractReferenceAnswer } from './final-answer.js';

/** The text the span points at: what the TUI will highlight. */
function highlighted(answer: string, question?: string): string {
  const found = extractFinalAnswer(answer, question);
  return answer.slice(found.offset, found.offset + found.length);
}

describe('final answer extraction', () => {
  it('takes the last balanced box, nested braces and all, and says where it is', () => {
    const answer = 'First $\\boxed{1}$, then we simplify. Hence $\\boxed{\\frac{\\sqrt{3}}{2}}$.';
    expect(extractFinalAnswer(answer)).toMatchObject({ text: '\\frac{\\sqrt{3}}{2}', source: 'boxed' });
    expect(highlighted(answer)).toBe('\\boxed{\\frac{\\sqrt{3}}{2}}');
  });

  it('joins boxes that only separators stand between, keeping their labels, and takes a percent sign outside the box', () => {
    expect(extractFinalAnswer('The solutions are $\\boxed{-2}$ and $\\boxed{5}$.').text).toBe('-2, 5');
    expect(extractFinalAnswer('So $x = \\boxed{2}$ and $y = \\boxed{5}$.').text).toBe('x = 2, y = 5');
    expect(extractFinalAnswer('So $\\boxed{35}\\%$ of them walk.').text).toBe('35%');
    expect(extractFinalAnswer('First $a = \\boxed{4}$. Substituting back, the total is $\\boxed{14}$.').text).toBe('14');
  });

  it('ignores a box the output was cut off inside', () => {
    expect(extractFinalAnswer('so the answer is 4. Then $\\boxed{\\frac{1}{').text).toBe('4');
  });

  it('reads the prose forms of the MATH, Minerva, GSM8K and chat styles', () => {
    const minerva = 'We get $x=3$.\nFinal Answer: The final answer is $\\frac{14}{3}$. I hope it is correct.';
    expect(extractFinalAnswer(minerva).text).toBe('\\frac{14}{3}');
    expect(highlighted(minerva)).toBe('$\\frac{14}{3}$');
    expect(extractFinalAnswer('Work.\n\n**Final Answer**\n\n540').text).toBe('540');
    expect(extractFinalAnswer('**Answer:** $x = -\\frac{1}{3}$').text).toBe('x = -\\frac{1}{3}');
    expect(extractFinalAnswer('Squaring gives it.\n\nAnswer\n\\[ 81 \\]').text).toBe('81');
    expect(extractFinalAnswer('3 packs at $4 is 12 dollars.\n#### 12').text).toBe('12');
    expect(extractFinalAnswer('Thus the answer is 42 because the triangles are congruent.').text).toBe('42');
    expect(extractFinalAnswer('**Final Answer**\n\nThe number of ways is 42.').text).toBe('42');
  });

  it('reads Chinese lead-ins and choice letters', () => {
    expect(extractFinalAnswer('所以答案为 12。').text).toBe('12');
    expect(extractFinalAnswer('综上所述，故选：C').text).toBe('C');
    expect(extractFinalAnswer('因此正确选项为 B。').text).toBe('B');
    expect(extractFinalAnswer('Only (C) works.\n\nThe answer is (C).').text).toBe('(C)');
    expect(extractFinalAnswer('Comparing the four options:\n\n**B**').text).toBe('B');
  });

  it('falls back to a last line that holds only a value, then to the value a concluding sentence ends on', () => {
    expect(extractFinalAnswer('We add them up.\n\n9').text).toBe('9');
    expect(extractFinalAnswer('Combining:\n\n$\\frac{7}{2}$').text).toBe('\\frac{7}{2}');
    const sentence = 'There are 28 pairs. Therefore, the probability that both are red is 3/28.';
    expect(extractFinalAnswer(sentence).text).toBe('3/28');
    expect(highlighted(sentence)).toBe('3/28');
    expect(extractFinalAnswer('Thus, Maria needs **18** more tiles.').text).toBe('18');
  });

  it('reads a summary given before the working, not the "Longer answer" that explains it', () => {
    expect(extractFinalAnswer('TL;DR: 3/8\n\nThere are 8 equally likely outcomes and 3 of them have two heads.').text).toBe('3/8');
    const shortFirst = 'Short answer: **150 km**.\n\nLonger answer: at 60 km/h for 2.5 hours the car travels 60 × 2.5 = 150 km.';
    expect(extractFinalAnswer(shortFirst).text).toBe('150 km');
  });

  it('drops well-wishes, sign-offs and emoji lines after the answer, numbers in them included', () => {
    expect(extractFinalAnswer('So 8 friends can share it.\n\nHave a great day, and good luck with your 2 exams!').text).toBe('8');
    expect(extractFinalAnswer('The total is 12.\n\nGood luck on test 3!').text).toBe('12');
    expect(extractFinalAnswer('The total is 12.\n\n😊👍').text).toBe('12');
    expect(extractFinalAnswer('所以一共有7种方法。\n\n希望对你有帮助！').text).toBe('7');
  });

  it('takes the one bold span, or the one number of a sentence opening as a conclusion, when no verb of being leads in', () => {
    expect(extractFinalAnswer('So, **8 friends** can share the pizza. I hope that helps!').text).toBe('8 friends');
    expect(extractFinalAnswer('So the meeting falls on a **Tuesday**.').text).toBe('Tuesday');
    expect(extractFinalAnswer('**Yes**, every such graph has an Euler circuit because all degrees are even.').text).toBe('Yes');
    expect(extractFinalAnswer('Therefore 14 students can ride the bus.').text).toBe('14');
    // two numbers and no cue: not a sure value
    expect(extractFinalAnswer('We worked through the 3 cases and 2 subcases carefully to understand the problem well.').text).toBe('');
  });

  it('reads answer lead-ins in the other languages teachers answer in', () => {
    expect(extractFinalAnswer('よって、答えは 9 です。').text).toBe('9');
    expect(extractFinalAnswer('따라서 정답은 4입니다.').text).toBe('4');
    expect(extractFinalAnswer('Por lo tanto, la respuesta final es 12.').text).toBe('12');
    expect(extractFinalAnswer('Donc, la réponse est $\\frac{3}{4}$.').text).toBe('\\frac{3}{4}');
    expect(extractFinalAnswer('Die Antwort lautet 42.').text).toBe('42');
    expect(extractFinalAnswer('Ответ: 16.').text).toBe('16');
    // "Antwort" without "ist", "lautet" or a colon does not lead in a value
    expect(extractFinalAnswer('Wir rechnen nach.\n\nDie Antwort hängt vom Wetter ab, nicht von 3 Faktoren.').source).not.toBe(
      'answer-phrase',
    );
  });

  it('reads plain-prose lists, points, space-grouped thousands and numbers in words', () => {
    expect(extractFinalAnswer('x = 3 or x = −2').text).toBe('3, −2');
    expect(extractFinalAnswer('The roots are 1 and 4.').text).toBe('1, 4');
    expect(extractFinalAnswer('The solutions are 2, 3, and 5.').text).toBe('2, 3, 5');
    expect(extractFinalAnswer('The lines meet at the point (1, −2).').text).toBe('(1, −2)');
    expect(extractFinalAnswer('The population is 12 000.').text).toBe('12 000');
    expect(extractFinalAnswer('The probability is one half.').text).toBe('one half');
    expect(extractFinalAnswer('So the answer is three-fourths.').text).toBe('three-fourths');
    // a comma with no space may be a decimal comma: kept as written for the comparison to read
    expect(extractFinalAnswer('Dividimos 3 entre 4. El resultado es 0,75.').text).toBe('0,75');
  });

  it('skips a lead-in that rules a value out, and offers of more help after the answer', () => {
    expect(extractFinalAnswer('The answer is not 5; it is 6.').text).toBe('6');
    expect(extractFinalAnswer('So there are 9 squares.\n\nWould you like me to walk through the 4 × 4 case too?').text).toBe('9 squares');
    expect(extractFinalAnswer('所以一共有9个正方形。\n\n如果还有不明白的地方，欢迎继续提问！').text).toBe('9');
    expect(extractFinalAnswer('Por lo tanto, son 12.\n\n¡Espero que te sirva!').text).toBe('12');
  });

  it('reads an answer given as data: a JSON "answer" field or a fenced block holding one value', () => {
    expect(extractFinalAnswer('```json\n{"reasoning": "6 times 7", "answer": 42}\n```').text).toBe('42');
    expect(extractFinalAnswer('Here it is: {"final_answer": "x = 3"}').text).toBe('x = 3');
    expect(extractFinalAnswer('Running it:\n\n```\n42\n```').text).toBe('42');
    // a fenced program is not a value
    expect(extractFinalAnswer('Use this:\n\n```python\nprint(6 * 7)\n```').source).not.toBe('last-line');
  });

  it('reads a choice made with a verb of choosing', () => {
    expect(extractFinalAnswer("After ruling out A, B and D, I'd go with C.").text).toBe('C');
    expect(extractFinalAnswer('I would choose (B).').text).toBe('B');
  });

  it('reads sets, vectors, matrices as lists, roots as expressions, ratios, clock times and degrees in prose', () => {
    expect(extractFinalAnswer('The set is {1, 2, 3}.').text).toBe('{1, 2, 3}');
    expect(extractFinalAnswer('The vector is ⟨1, 2, 3⟩.').text).toBe('⟨1, 2, 3⟩');
    expect(extractFinalAnswer('The matrix is [[1, 2], [3, 4]].').text).toBe('[[1, 2], [3, 4]]');
    expect(extractFinalAnswer('x = 1 + √2 or x = 1 − √2').text).toBe('1 + √2, 1 − √2');
    expect(extractFinalAnswer('The ratio of boys to girls is 3 : 4.').text).toBe('3 : 4');
    expect(extractFinalAnswer('They arrive at 2:30 PM.').text).toBe('2:30 PM');
    expect(extractFinalAnswer('The angle is 45°.').text).toBe('45°');
    expect(extractFinalAnswer('3. **Final: 12 pieces of fruit.**').text).toBe('12 pieces of fruit.');
  });

  it('takes a bare trailing letter only for a multiple-choice question', () => {
    const question = 'Which is prime?\nA. 21\nB. 27\nC. 29\nD. 33';
    const answer = 'Checking divisibility of each one, it is C';
    expect(extractFinalAnswer(answer, question).text).toBe('C');
    expect(extractFinalAnswer(answer).source).not.toBe('choice');
  });

  it('reads a value out of a last sentence only where the question asks for one', () => {
    const answer =
      'Carbohydrate intake matters in races over 90 minutes.\n\nA typical marathoner needs about 60 g of carbohydrate per hour.';
    expect(extractFinalAnswer(answer, 'Explain why carbohydrate intake matters in a marathon.').text).toBe('');
    expect(extractFinalAnswer(answer, 'How many grams of carbohydrate per hour does a marathoner need?').text).toBe('60');
  });

  it('finds nothing in a long free-text answer', () => {
    const essay =
      'Lactate threshold is the intensity above which lactate accumulates faster than it is cleared.\n\nIt predicts endurance performance well.';
    expect(extractFinalAnswer(essay)).toMatchObject({ text: '', offset: -1 });
  });

  it('reads dollar signs before numbers in prose as money, not as the ends of a math span', () => {
    const saving = 'She saves $125 a month for 10 months, so she will have saved $1,250 by the end of the year.';
    expect(extractFinalAnswer(saving).text).toBe('1,250');
    expect(highlighted(saving)).toBe('1,250');
    expect(extractFinalAnswer('It costs $5 and $7, so the total is $12.').text).toBe('12');
    // a math span that opens on a digit stays math
    expect(extractFinalAnswer('So the total is $12 \\times 3 = 36$.').text).toBe('12 \\times 3 = 36');
  });

  it('drops emoji and emoticons after the last sentence on its line', () => {
    expect(extractFinalAnswer("You'll need 8 tiles to cover the floor. 🙂").text).toBe('8');
    expect(extractFinalAnswer('So the answer is 12! 👍🏽🎉').text).toBe('12');
    expect(extractFinalAnswer('Thus she has 9 apples left. :)').text).toBe('9');
  });

  it('skips a note or P.S. paragraph after the answer, its numbers included, but not a note that is all there is', () => {
    const note = 'The final price is **$20**.\n\nNote that the discount is applied before tax; with 8% tax it would be $21.60.';
    expect(extractFinalAnswer(note).text).toBe('20');
    expect(extractFinalAnswer('So 6 boxes are needed.\n\nP.S. With 7 per box you would need 5.').text).toBe('6');
    expect(extractFinalAnswer('所以一共需要 6 辆车。\n\n注意：如果每辆车坐 5 人，就需要 8 辆。').text).toBe('6');
    expect(extractFinalAnswer('Note: the total is 14.').text).toBe('14');
  });

  it('reads a last sentence that opens on a hedged quantity', () => {
    expect(extractFinalAnswer('15 of the 40 passed, which is 15/40 = 0.375. About 37.5% of the students passed.').text).toBe('37.5%');
    expect(extractFinalAnswer('We estimate the crowd. Roughly 1,200 people attended the game.').text).toBe('1,200');
    expect(extractFinalAnswer('We estimate the crowd. About half of them stayed for the whole game.').source).not.toBe('conclusion');
  });

  it('reads a yes or no that opens the last sentence or paragraph, first when the question asks yes or no', () => {
    expect(extractFinalAnswer('Every such sum is even, while 2023 is odd. No, it is not possible.').text).toBe('No');
    const question = 'Can 2023 be written as a sum of two even squares?';
    expect(extractFinalAnswer('**No.** Each such sum is even, and 2023 is odd.', question).text).toBe('No');
    expect(extractFinalAnswer('Yes, 7 is prime: it has no divisor between 2 and 6.', 'Is 7 prime?').text).toBe('Yes');
    // "No problem" is not an answer, and a count question is answered by the count
    expect(extractFinalAnswer('No problem! There are 12 ways in total.').text).toBe('12');
    expect(extractFinalAnswer('No, wait. So there are 12 ways.', 'How many ways are there?').text).toBe('12 ways');
  });

  it('reads the value after an earlier cue when the last cue is a noun with nothing after it', () => {
    expect(extractFinalAnswer('We list them all. There are 12 ways in total.').text).toBe('12');
  });

  it('reads a count in Chinese numerals before its measure word, and not the denominator of a fraction', () => {
    expect(extractFinalAnswer('4 本书全排列，共有二十四种排列方式。').text).toBe('二十四');
    expect(extractFinalAnswer('所以阴影部分占三分之二。').text).toBe('三分之二');
  });

  it('reads the set after a variable it names, scientific notation and compound durations typed in prose', () => {
    const interval = 'Combining both conditions, the inequality holds for all $x$ in $[1, 4)$.';
    expect(extractFinalAnswer(interval).text).toBe('[1, 4)');
    expect(extractFinalAnswer('The number of molecules is about 6.02 × 10^23.').text).toBe('6.02 × 10^23');
    expect(extractFinalAnswer('At 40 km/h, 100 km takes 2 hours and 30 minutes.').text).toBe('2 hours and 30 minutes');
  });

  it('maps a value to the option the reply itself listed it as, when the question gives no options', () => {
    expect(extractFinalAnswer('(A) 30  (B) 40  (C) 45  (D) 60\n\nThe angle is 45.').text).toBe('(C) 45');
    expect(extractFinalAnswer('(A) 30  (B) 40  (C) 45  (D) 60\n\nThe angle is 50.').text).toBe('50');
  });

  it('reads a bold value stated after "is" where the question asks for no number', () => {
    expect(extractFinalAnswer('The capital of France is **Paris**.', 'What is the capital of France?').text).toBe('Paris');
    expect(extractFinalAnswer('France is a republic with a long history.', 'What is the capital of France?').text).toBe('');
  });

  it('reads the day, month or direction a question asks for from the last sentence, not one it rules out', () => {
    const question = 'On which day of the week does the meeting fall?';
    expect(extractFinalAnswer('So the meeting falls on a Tuesday.', question).text).toBe('Tuesday');
    expect(extractFinalAnswer('Since March 1 is a Sunday, the meeting falls on a Tuesday, not a Monday.', question).text).toBe('Tuesday');
    expect(extractFinalAnswer('所以这一天是星期三。', '这一天是星期几？').text).toBe('星期三');
    expect(extractFinalAnswer('Counting 100 days on, it may fall in June.', 'In which month is the deadline?').text).toBe('June');
    // without such a question, a day named in prose is not an answer
    expect(extractFinalAnswer('So the meeting falls on a Tuesday, as planned earlier by the team.', 'Why was it moved?').text).toBe('');
  });

  it('drops the reason given after the value, and a check paragraph after the answer', () => {
    const since = 'The value of x that makes 3x - 7 = 20 true is x = 9, since 3(9) - 7 = 27 - 7 = 20.';
    expect(extractFinalAnswer(since).text).toBe('9');
    expect(extractFinalAnswer('The total is 12, because 3 × 4 = 12 and nothing is left over.').text).toBe('12');
    const check = '**x = 5**\n\nCheck: substituting back, 2(5) + 1 = 11 ✓, which matches the right-hand side.';
    expect(extractFinalAnswer(check).text).toBe('5');
  });

  it('reads an answer given alone on the first line, then explained', () => {
    const first = "**27.**\n\nHere's why: the cube of 3 is 3 × 3 × 3 = 27. The other candidates, 9 and 81, are not cubes.";
    expect(extractFinalAnswer(first).text).toBe('27.');
    expect(extractFinalAnswer('42\n\nExplanation: 6 × 7 = 42, and 41 is prime.').text).toBe('42');
    // a first line that is prose is not an answer given first
    expect(extractFinalAnswer('Good question.\n\nBecause 6 × 7 = 42, the total is 42.').text).toBe('42');
  });

  it('reads relations typed in prose, Unicode fractions, named values in JSON and European numbers', () => {
    expect(extractFinalAnswer('The inequality holds when x < -1 or x > 3.').text).toBe('x < -1 or x > 3');
    // a value before the condition is the answer, not the condition
    expect(extractFinalAnswer('The minimum value is 5 when x > 3.').text).toBe('5');
    expect(extractFinalAnswer('The ratio works out to ½.').text).toBe('½');
    expect(extractFinalAnswer('```json\n{"x": 3, "y": -1}\n```').text).toBe('x = 3, y = -1');
    expect(extractFinalAnswer('Nach drei Jahren beträgt der Betrag also 1.250,00 €.').text).toBe('1.250,00');
  });

  it('reads a reference written as a whole solution', () => {
    expect(extractReferenceAnswer('Adding the equations gives $2x = 10$, so $x = \\boxed{5}$.')).toBe('5');
    expect(extractReferenceAnswer('He pays 3*4 = <<3*4=12>>12 dollars.\n#### 12')).toBe('12');
    expect(extractReferenceAnswer('\\frac{1}{2}')).toBe('\\frac{1}{2}');
  });
});
