// Items whose generation failed after retries (data/failures.json), by where they show: a tag
// (its sub-tags or questions failed) or a question (one of its samples failed). Reasons come from
// a server and may carry a key it echoed: they are scrubbed of the keys and made one safe line.
import { sanitizeLine } from '../../core/sanitize-text.js';
import { scrubSecrets } from '../../core/scrub-secrets.js';
import { parseItemId } from '../../core/ids.js';
import type { Failure } from '../../core/types.js';

export interface ShownFailure {
  stage: Failure['stage'];
  target: string;
  /** Scrubbed and sanitized. */
  reason: string;
  at: string;
  attempts: number;
}

export class FailureIndex {
  private byTag = new Map<string, ShownFailure[]>();
  private byQuestion = new Map<string, ShownFailure[]>();
  /** Bumped on every replace, for render caches. */
  version = 0;

  /** `secrets`: the API keys of the environment, never to be shown. */
  replace(failures: readonly Failure[], secrets: readonly string[]): void {
    this.byTag = new Map();
    this.byQuestion = new Map();
    for (const failure of failures) {
      const shown: ShownFailure = {
        stage: failure.stage,
        target: failure.target,
        reason: sanitizeLine(scrubSecrets(failure.reason, secrets)),
        at: failure.at,
        attempts: failure.attempts,
      };
      const parsed = parseItemId(failure.target);
      if (failure.stage === 'answers' && parsed?.sample !== undefined) {
        const questionId = failure.target.slice(0, failure.target.lastIndexOf('-'));
        push(this.byQuestion, questionId, shown);
        push(this.byTag, parsed.tagId, shown);
      } else {
        push(this.byTag, parsed?.tagId ?? failure.target, shown);
      }
    }
    this.version++;
  }

  ofTag(tagId: string): readonly ShownFailure[] {
    return this.byTag.get(tagId) ?? [];
  }

  ofQuestion(questionId: string): readonly ShownFailure[] {
    return this.byQuestion.get(questionId) ?? [];
  }
}

function push(map: Map<string, ShownFailure[]>, key: string, failure: ShownFailure): void {
  const list = map.get(key);
  if (list) list.push(failure);
  else map.set(key, [failure]);
}

/** One line for the detail pane: what failed, when, after how many tries, and why. */
export function describeFailure(failure: ShownFailure): string {
  const what =
    failure.stage === 'answers'
      ? `candidate ${failure.target}`
      : failure.stage === 'tags'
        ? 'sub-tags of this tag'
        : 'questions of this tag';
  const when = failure.at.slice(0, 16).replace('T', ' ');
  return `${what} failed (${failure.attempts} ${failure.attempts === 1 ? 'try' : 'tries'}, ${when}): ${failure.reason}`;
}
