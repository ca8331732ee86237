// The candidates of a project, one row each, for `distill list`: how a user without the review
// screen finds an id to accept, reject or `show`. Tag by tag, so the first rows come at once and
// memory holds one tag at a time.
import { loadVerdicts, projectRules } from '../checks/project/check-project.js';
import { RULE_IDS } from '../checks/rules/rule-ids.js';
import { UsageError } from '../core/distill-error.js';
import { splitTagPath } from '../core/tag-path.js';
import type { CandidateStatus } from '../core/types.js';
import type { ProjectStoreApi } from '../store/store-api.js';

export const CANDIDATE_STATUSES: readonly CandidateStatus[] = ['pending', 'accepted', 'rejected'];

export interface ListFilters {
  /** A tag path ("A > B"): that tag and its subtree. */
  tag?: string;
  status?: CandidateStatus;
  /** A rule id: candidates it flagged. */
  flag?: string;
  /** A pool teacher's name (candidates from before pools are `default`). */
  teacher?: string;
  /** Candidates this reviewer decided (their vote applies to the candidate as it is). */
  reviewer?: string;
  /** `--selection NAME`, resolved by the caller to the selection's candidate ids. */
  only?: ReadonlySet<string>;
}

export interface CandidateRow {
  id: string;
  tagId: string;
  tag: string;
  questionId: string;
  question: string;
  status: CandidateStatus;
  /** null when the checks have no verdict for it (none is expected: every stored candidate is checked). */
  verdict: 'pass' | 'fail' | null;
  flags: string[];
  teacher: string;
  model: string;
  /** Who decided it (applying votes, in journal order). */
  reviewers: string[];
}

/** The tags a --tag filter covers, checked before anything is read. */
export function tagsToList(store: ProjectStoreApi, filters: ListFilters): string[] {
  if (filters.flag !== undefined && !(RULE_IDS as readonly string[]).includes(filters.flag)) {
    throw new UsageError(`--flag ${filters.flag}: no such rule (rules: ${RULE_IDS.join(', ')})`);
  }
  if (filters.tag === undefined) return store.tags().map((tag) => tag.id);
  const names = splitTagPath(filters.tag);
  const tag = names.length > 0 ? store.findTag(names) : undefined;
  if (!tag) throw new UsageError(`--tag "${filters.tag}": no such tag (distill tree shows the paths)`);
  return [tag.id, ...store.tree.descendants(tag.id).map((each) => each.id)];
}

/** Every candidate matching the filters, tag by tag in tree order, in the order they were written within a tag. */
export async function* listCandidates(store: ProjectStoreApi, filters: ListFilters = {}): AsyncGenerator<CandidateRow> {
  const tagIds = tagsToList(store, filters);
  const rules = projectRules(store);
  for (const tagId of tagIds) {
    if (store.counts(tagId).candidates === 0) continue;
    const candidates = (await store.candidates(tagId)).filter(
      (candidate) =>
        (filters.teacher === undefined || (candidate.teacher ?? 'default') === filters.teacher) &&
        (filters.only === undefined || filters.only.has(candidate.id)),
    );
    if (candidates.length === 0) continue;
    const questions = new Map((await store.questions(tagId)).map((question) => [question.id, question]));
    const review = await store.review(tagId);
    const verdicts = await loadVerdicts(store, tagId, rules);
    const tag = store.tagPath(tagId).join(' > ');
    for (const candidate of candidates) {
      const status = review.decisions.get(candidate.id)?.status ?? 'pending';
      if (filters.status !== undefined && status !== filters.status) continue;
      const verdict = verdicts.get(candidate.id);
      const flags: string[] = verdict?.flags.map((flag) => flag.rule) ?? [];
      if (filters.flag !== undefined && !flags.includes(filters.flag)) continue;
      const reviewers = [...new Set((review.reviews.get(candidate.id)?.votes ?? []).map((vote) => vote.reviewer))];
      if (filters.reviewer !== undefined && !reviewers.includes(filters.reviewer)) continue;
      yield {
        id: candidate.id,
        tagId,
        tag,
        questionId: candidate.questionId,
        question: questions.get(candidate.questionId)?.text ?? '',
        status,
        verdict: verdict?.verdict ?? null,
        flags,
        teacher: candidate.teacher ?? 'default',
        model: candidate.model,
        reviewers,
      };
    }
  }
}
