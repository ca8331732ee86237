import { loadVerdicts, projectRules } from '../../checks/project/check-project.js';
import type { RuleId } from '../../checks/rules/rule-ids.js';
import type { ProjectStoreApi } from '../../store/store-api.js';

/** The judge's own rules: a candidate is asked about whatever they say. */
const JUDGE_RULES: ReadonlySet<RuleId> = new Set(['judge_score', 'judge_incorrect']);

/**
 * Whether each candidate of a tag passes the rules that cost nothing to run (every rule but the
 * judge's, under the project's thresholds, soft and disabled rules honoured): the judge is asked
 * only about those, since a candidate the rules already fail is not worth a paid request.
 */
export function cheapRuleFilter(store: ProjectStoreApi): (tagId: string) => Promise<(candidateId: string) => boolean> {
  const rules = projectRules(store);
  const soft = new Set<RuleId>(rules.soft);
  return async (tagId) => {
    const verdicts = await loadVerdicts(store, tagId, rules);
    return (candidateId) => {
      const verdict = verdicts.get(candidateId);
      if (!verdict) return false;
      return verdict.flags.every((flag) => soft.has(flag.rule) || JUDGE_RULES.has(flag.rule));
    };
  };
}
