import { describe, expect, it } from 'vitest';
import { chineseNumeralsToDigits, readChineseNumber } from './chinese-numerals.js';

describe('Chinese numerals', () => {
  it('reads the numbers elementary answers write in words', () => {
    expect(readChineseNumber('二十五')).toBe(25);
    expect(readChineseNumber('十五')).toBe(15);
    expect(readChineseNumber('一千零五')).toBe(1005);
    expect(readChineseNumber('两百')).toBe(200);
    expect(readChineseNumber('十二万')).toBe(120000);
    expect(readChineseNumber('三点五')).toBe(3.5);
    expect(readChineseNumber('二三')).toBeNull();
  });
  it('turns a number in words into digits, percent and fractions included', () => {
    expect(chineseNumeralsToDigits('百分之二十五')).toBe('25%');
    expect(chineseNumeralsToDigits('五分之三')).toBe('\\frac{3}{5}');
    expect(chineseNumeralsToDigits('合格率是百分之四十')).toBe('合格率是40%');
    expect(chineseNumeralsToDigits('二十四平方厘米')).toBe('24平方厘米');
  });
  it('leaves words that only contain a numeral character alone', () => {
    expect(chineseNumeralsToDigits('这两个三角形的面积一样大吗')).toBe('这两个三角形的面积一样大吗');
  });
});
