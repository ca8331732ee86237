import { randomBytes } from 'node:crypto';

/** `t` + 6 base36 chars: short enough to type, random so two writers never collide. */
export function newTagId(): string {
  const n = randomBytes(5).readUIntBE(0, 5);
  return 't' + n.toString(36).padStart(8, '0').slice(-6);
}

/**
 * A candidate's generation: 8 random base36 chars, drawn when the candidate is appended.
 * The id a user types (`t1a2b3c-4-0`) can come back after a shard lost lines; this cannot.
 */
export function newGenerationId(): string {
  const n = randomBytes(6).readUIntBE(0, 6);
  return n.toString(36).padStart(10, '0').slice(-8);
}

export function questionId(tagId: string, seq: number): string {
  return `${tagId}-${seq}`;
}

export function candidateId(questionId: string, sample: number): string {
  return `${questionId}-${sample}`;
}

/** Parses `${tagId}-${seq}-${sample}` (or a question id); null when the id is not ours. */
export function parseItemId(id: string): { tagId: string; questionSeq: number; sample?: number } | null {
  const match = /^(t[0-9a-z]{6})-(\d+)(?:-(\d+))?$/.exec(id);
  if (!match) return null;
  const [, tagId, seq, sample] = match;
  return {
    tagId: tagId!,
    questionSeq: Number(seq),
    ...(sample === undefined ? {} : { sample: Number(sample) }),
  };
}

export function questionIdOfCandidate(candidateId: string): string {
  return candidateId.slice(0, candidateId.lastIndexOf('-'));
}
