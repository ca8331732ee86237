/**
 * Rough token count for planning (a dry run's estimate), not for accounting: a
 * Han character is about one token, other text about four characters a token.
 */
export function estimateTokens(text: string): number {
  let han = 0;
  for (const char of text) if (/\p{Script=Han}/u.test(char)) han++;
  return han + Math.ceil((text.length - han) / 4);
}
