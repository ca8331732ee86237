// `C` on a candidate: pin it, and show it beside whichever other candidate of the same question
// the cursor is on; `C` again (or esc) ends the comparison.
import type { ReviewModel } from './review-model.js';

export function toggleCompare(model: ReviewModel): void {
  if (model.compare) {
    model.compare = null;
    model.say('comparison closed', 'dim');
    return;
  }
  const candidate = model.selectedCandidate();
  const question = model.selectedQuestion();
  if (!candidate || !question) {
    model.say('Select a candidate to compare.', 'flag');
    return;
  }
  const count = model.candidates().length;
  if (count < 2) {
    model.say('This question has only one candidate to show: nothing to compare it with.', 'flag');
    return;
  }
  model.compare = { pinnedId: candidate.id, questionId: question.id };
  const index = model.candidateIndex();
  model.selectIndex('candidates', index + 1 < count ? index + 1 : index - 1);
  if (model.focus === 'detail') model.focus = 'candidates';
  model.say(`comparing #${candidate.sample} with the selected candidate: j/k picks the other, C or esc ends`, 'dim');
}

/** The pinned candidate when compare mode applies to the current selection; ends it when the question changed. */
export function comparedWith(model: ReviewModel): string | null {
  const compare = model.compare;
  if (!compare) return null;
  if (model.selectedQuestion()?.id !== compare.questionId) {
    model.compare = null;
    return null;
  }
  return model.selectedCandidate()?.id === compare.pinnedId ? null : compare.pinnedId;
}
