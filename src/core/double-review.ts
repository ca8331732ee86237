// Which questions are double-reviewed: a fixed draw per question id, so every process and every
// reviewer agrees on the set without storing it, and raising the share only adds questions.

/** FNV-1a over the id's UTF-16 units, as a fraction in [0, 1). */
function drawOf(id: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    hash ^= id.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash / 0x1_0000_0000;
}

export function isDoubleReviewed(questionId: string, share: number): boolean {
  return share > 0 && drawOf(questionId) < share;
}
