// `distill export diff A B`: what moved between two exports, from their manifests' record entries
// (candidate id, content hash, file). A record is added or removed by candidate id, changed when its
// text or its file (train/validation) differs; questions are grouped from their candidates' ids.
import { questionIdOfCandidate } from '../core/ids.js';
import type { RecordEntry } from './tag-records.js';

export interface ExportDiff {
  added: number;
  removed: number;
  changed: number;
  unchanged: number;
  questions: { added: number; removed: number; changed: number; unchanged: number };
  /** Candidate ids, in A's order then B's. */
  ids: { added: string[]; removed: string[]; changed: string[] };
}

export function diffExports(before: readonly RecordEntry[], after: readonly RecordEntry[]): ExportDiff {
  const old = new Map(before.map(([id, hash, role]) => [id, hash + role]));
  const seen = new Set<string>();
  const ids: ExportDiff['ids'] = { added: [], removed: [], changed: [] };
  let unchanged = 0;
  // Per question: did it exist before / after, and did any of its records move?
  const questions = new Map<string, { before: boolean; after: boolean; moved: boolean }>();
  const question = (id: string) => {
    const key = questionIdOfCandidate(id);
    let entry = questions.get(key);
    if (!entry) questions.set(key, (entry = { before: false, after: false, moved: false }));
    return entry;
  };
  for (const [id] of before) question(id).before = true;
  for (const [id, hash, role] of after) {
    seen.add(id);
    const q = question(id);
    q.after = true;
    const previous = old.get(id);
    if (previous === undefined) {
      ids.added.push(id);
      q.moved = true;
    } else if (previous !== hash + role) {
      ids.changed.push(id);
      q.moved = true;
    } else unchanged += 1;
  }
  for (const [id] of before) {
    if (seen.has(id)) continue;
    ids.removed.push(id);
    question(id).moved = true;
  }
  const byQuestion = { added: 0, removed: 0, changed: 0, unchanged: 0 };
  for (const q of questions.values()) {
    if (!q.before) byQuestion.added += 1;
    else if (!q.after) byQuestion.removed += 1;
    else if (q.moved) byQuestion.changed += 1;
    else byQuestion.unchanged += 1;
  }
  return { added: ids.added.length, removed: ids.removed.length, changed: ids.changed.length, unchanged, questions: byQuestion, ids };
}
