// s1's selection as a pipeline over what the checks know, pure and seeded:
//   1. quality:    a candidate passes the rules (and no reviewer rejected it);
//   2. difficulty: keep questions whose teacher pass rate lies in a band (drop the ones
//                  every candidate solves), and whose student pass rate (distill probe) lies in
//                  one (s1 drops what a small model solves; LIMO keeps what it solves 1–3 in 32);
//   3. one candidate per question: the checks' preferred passing one;
//   4. diversity:  uniform over the groups (leaf tags, or top-level tags): rounds over them in a
//                  seeded order, from each a question drawn with weight 2^-rank, rank 0 the
//                  longest candidate (s1 favours long traces), until the budget is filled.
// Every question gets a reason it is in or out, for the review pane and `show`.
import { SelectionPool } from './selection-pool.js';

export interface SelectionCandidate {
  id: string;
  questionId: string;
  /** The leaf tag and the top-level tag the question is under. */
  leafTag: string;
  topTag: string;
  /** Passes the rules and is not rejected or stale. */
  passes: boolean;
  /** The checks' rank among the question's passing candidates (0 preferred, -1 failing). */
  rank: number;
  /** Estimated reasoning + answer tokens. */
  length: number;
}

export interface QuestionDifficulty {
  /** Share of the question's answered candidates the checks count correct (reference, or majority). */
  teacherPassRate: number | null;
  /** Share of a student's graded probe samples that were correct (distill probe); absent when not probed. */
  studentPassRate?: number | null;
}

export interface SelectSettings {
  budget: number;
  seed: number;
  diversity: 'leaf' | 'top';
  /** Keep questions whose teacher pass rate is within [min, max]; null bounds are open. */
  passRate: PassRateBand;
  /** Keep questions whose student pass rate is within [min, max]; absent: no student band. */
  studentPassRate?: PassRateBand;
  /** The probed teacher whose pass rates the student band reads. */
  student?: string;
}

export interface PassRateBand {
  min: number | null;
  max: number | null;
}

export type OutReason =
  'no passing candidate' | 'outside the pass-rate band' | 'outside the student pass-rate band' | 'not drawn within the budget';

export interface SelectedItem {
  id: string;
  questionId: string;
  group: string;
  length: number;
  teacherPassRate: number | null;
  /** Present when the selection read a student probe. */
  studentPassRate?: number | null;
  /** Order of drawing (0 first). */
  order: number;
}

export interface SelectionResult {
  items: SelectedItem[];
  /** Question id → why it is not in the selection. */
  out: Record<string, OutReason>;
  /** Questions considered, and left at each step. */
  funnel: {
    questions: number;
    quality: number;
    difficulty: number;
    selected: number;
  };
}

/** mulberry32: a small seeded generator, so a seed gives the same selection on any machine. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The pipeline over candidates listed one by one (small projects, tests): see drawSelection. */
export function selectToBudget(
  candidates: readonly SelectionCandidate[],
  difficulty: ReadonlyMap<string, QuestionDifficulty>,
  settings: SelectSettings,
): SelectionResult {
  const studentRates = new Map<string, number | null>();
  for (const [questionId, rates] of difficulty)
    if (rates.studentPassRate !== undefined) studentRates.set(questionId, rates.studentPassRate);
  return drawSelection(poolOf(candidates, difficulty), settings, studentRates);
}

/** Steps 2 and 4 over a pool of questions already reduced to their preferred passing candidate (steps 1 and 3). */
export function drawSelection(
  pool: SelectionPool,
  settings: SelectSettings,
  studentRates: ReadonlyMap<string, number | null> = new Map(),
): SelectionResult {
  const out: Record<string, OutReason> = {};
  for (const id of pool.unqualified) out[id] = 'no passing candidate';
  const studentRate = (index: number): number | null => studentRates.get(pool.questionIds[index]!) ?? null;

  const groups = new Map<string, number[]>();
  for (let index = 0; index < pool.size; index++) {
    const questionId = pool.questionIds[index]!;
    if (!inBand(pool.teacherRate(index), settings.passRate)) {
      out[questionId] = 'outside the pass-rate band';
      continue;
    }
    if (settings.studentPassRate && !inBand(studentRate(index), settings.studentPassRate)) {
      out[questionId] = 'outside the student pass-rate band';
      continue;
    }
    const group = settings.diversity === 'leaf' ? pool.leafTags[index]! : pool.topTags[index]!;
    const members = groups.get(group);
    if (members) members.push(index);
    else groups.set(group, [index]);
  }
  let eligible = 0;
  for (const members of groups.values()) eligible += members.length;

  // Sorted so the draw depends on the seed alone, not on the order the store listed things in.
  const { lengths, candidateIds } = pool;
  for (const members of groups.values())
    members.sort((a, b) => lengths[b]! - lengths[a]! || (candidateIds[a]! < candidateIds[b]! ? -1 : 1));
  const random = seededRandom(settings.seed);
  const items: SelectedItem[] = [];
  const withStudent = Boolean(settings.studentPassRate || settings.student);
  // Rounds over the groups in a seeded order, one question from each: every group's count stays
  // within one of the others' (s1 draws groups at random; over a small budget that is lumpy).
  let open = [...groups.keys()].sort();
  while (items.length < settings.budget && open.length > 0) {
    for (const group of shuffled(open, random)) {
      if (items.length >= settings.budget) break;
      const members = groups.get(group)!;
      const [index] = members.splice(drawByRank(members, random()), 1);
      items.push({
        id: candidateIds[index!]!,
        questionId: pool.questionIds[index!]!,
        group,
        length: lengths[index!]!,
        teacherPassRate: pool.teacherRate(index!),
        ...(withStudent ? { studentPassRate: studentRate(index!) } : {}),
        order: items.length,
      });
    }
    open = open.filter((group) => groups.get(group)!.length > 0);
  }
  for (const members of groups.values()) for (const index of members) out[pool.questionIds[index]!] = 'not drawn within the budget';
  return {
    items,
    out,
    funnel: {
      questions: pool.questions,
      quality: pool.size,
      difficulty: eligible,
      selected: items.length,
    },
  };
}

/** Fisher–Yates with the seeded generator. */
function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

function inBand(rate: number | null, band: PassRateBand): boolean {
  if (band.min === null && band.max === null) return true;
  if (rate === null) return false;
  return (band.min === null || rate >= band.min) && (band.max === null || rate <= band.max);
}

/** Index i drawn with weight 2^-i (members are sorted longest first); `u` in [0, 1). */
function drawByRank(members: readonly unknown[], u: number): number {
  // The weights sum to 2 - 2^(1-n); past ~50 members the tail weighs less than a double can hold.
  const n = Math.min(members.length, 50);
  const total = 2 - Math.pow(2, 1 - n);
  let target = u * total;
  for (let i = 0; i < n; i++) {
    const weight = Math.pow(2, -i);
    if (target < weight) return i;
    target -= weight;
  }
  return n - 1;
}

/** The pool of candidates listed one by one (tests, small projects): each question's lowest-ranked passing candidate, ties by id. */
export function poolOf(candidates: Iterable<SelectionCandidate>, difficulty: ReadonlyMap<string, QuestionDifficulty>): SelectionPool {
  const byQuestion = new Map<string, { any: SelectionCandidate; best: SelectionCandidate | null }>();
  for (const candidate of candidates) {
    let entry = byQuestion.get(candidate.questionId);
    if (!entry) byQuestion.set(candidate.questionId, (entry = { any: candidate, best: null }));
    if (!candidate.passes || candidate.rank < 0) continue;
    const held = entry.best;
    if (!held || candidate.rank < held.rank || (candidate.rank === held.rank && candidate.id < held.id)) entry.best = candidate;
  }
  const pool = new SelectionPool();
  for (const [questionId, { any, best }] of byQuestion) {
    const from = best ?? any;
    pool.add({
      questionId,
      leafTag: from.leafTag,
      topTag: from.topTag,
      best: best ? { id: best.id, length: best.length } : null,
      teacherPassRate: difficulty.get(questionId)?.teacherPassRate ?? null,
    });
  }
  return pool;
}
