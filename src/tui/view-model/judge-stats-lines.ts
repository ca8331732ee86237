// The stats view's judge rows: what the LLM judge said over the project, and how often it agrees
// with the reviewers on the candidates both have seen (the rate and Cohen's κ of the 2×2 table
// `stats` prints). Two rows that read whole at 80 columns.
import type { JudgeAgreement } from '../../app/judge-agreement.js';
import type { StyledLine } from './styled-text.js';

export function judgeStatsLines(judge: JudgeAgreement): StyledLine[] {
  const { verdicts } = judge;
  const scores: StyledLine = [
    { text: ' Judge ', tone: 'heading' },
    { text: `${judge.judged} judged` },
    ...(judge.meanScore === null ? [] : [{ text: ` · mean score ${judge.meanScore.toFixed(1)}` }]),
    { text: ' · ' },
    { text: `${verdicts.correct} correct`, tone: 'accepted' },
    { text: ' · ' },
    { text: `${verdicts.incorrect} incorrect`, tone: 'rejected' },
    { text: ' · ' },
    { text: `${verdicts.cannot_tell} cannot tell`, tone: 'dim' },
  ];
  if (judge.decided === 0) {
    return [
      scores,
      [
        { text: ' Reviewers ', tone: 'heading' },
        { text: 'have decided none of the judged candidates yet', tone: 'dim' },
      ],
    ];
  }
  const agreed = judge.table.keptAccepted + judge.table.droppedRejected;
  const percent = Math.round((judge.rate ?? 0) * 100);
  const kappa = judge.kappa === null ? 'κ n/a' : `κ ${judge.kappa.toFixed(2)}`;
  return [
    scores,
    [
      { text: ' Reviewers ', tone: 'heading' },
      { text: `agree ${agreed}/${judge.decided} (${percent}%, ${kappa})` },
      { text: ` · judge drops ${judge.table.droppedAccepted} accepted, keeps ${judge.table.keptRejected} rejected`, tone: 'dim' },
    ],
  ];
}
