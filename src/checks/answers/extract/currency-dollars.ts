/**
 * A "$" before a number is often money, not math: "She saves $125 a month, so she will have
 * saved $1,250." read as one math span would be "125 a month, so she will have saved ". A "$"
 * followed by a digit opens math only when what runs to the next "$" reads as math: no prose
 * word in it (two letters or more, outside a command) and on the same line. Money dollars are
 * blanked out (same length, so offsets into the text stay true); math spans are kept.
 */
export function withoutCurrencyDollars(text: string): string {
  if (text.indexOf('$') < 0 || !/\$\s?\d/.test(text)) return text;
  let out = '';
  let copied = 0;
  for (let at = text.indexOf('$'); at >= 0; at = text.indexOf('$', at + 1)) {
    if (text[at - 1] === '\\') continue;
    if (text[at + 1] === '$') {
      // display math: skip to its end
      const close = text.indexOf('$$', at + 2);
      if (close < 0) break;
      at = close + 1;
      continue;
    }
    const close = nextDollar(text, at + 1);
    const opensNumber = /\s?\d/y;
    opensNumber.lastIndex = at + 1;
    if (opensNumber.test(text) && (close < 0 || isMoneyRun(text.slice(at + 1, close)))) {
      out += text.slice(copied, at) + ' ';
      copied = at + 1;
      continue;
    }
    if (close < 0) break;
    at = close;
  }
  return copied === 0 ? text : out + text.slice(copied);
}

function nextDollar(text: string, from: number): number {
  for (let at = text.indexOf('$', from); at >= 0; at = text.indexOf('$', at + 1)) if (text[at - 1] !== '\\') return at;
  return -1;
}

/** What runs from a "$" before a number to the next "$": prose (money), not math. */
function isMoneyRun(run: string): boolean {
  return run.includes('\n') || (!run.includes('\\') && /[A-Za-z]{2}/.test(run));
}
