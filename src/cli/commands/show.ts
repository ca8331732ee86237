import { verdictWords } from '../../core/judgement.js';
import { type Command } from 'commander';
import { candidateDetail, type CandidateDetail } from '../../app/candidate-detail.js';
import { sanitizeLine, sanitizeText } from '../../core/sanitize-text.js';
import type { DecisionEntry } from '../../core/types.js';
import { type CliIO, printJson } from '../cli-io.js';
import { openProject, type ProjectOptions, withProjectOptions } from '../project-options.js';

export function registerShow(program: Command, io: CliIO): void {
  withProjectOptions(program.command('show'))
    .description('one candidate whole: question, reasoning, answer, reference, teacher, flags with details, decision history')
    .argument('<id>', 'candidate id (distill list shows them)')
    .action(async (id: string, options: ProjectOptions) => {
      const store = await openProject(options, io);
      try {
        const detail = await candidateDetail(store, id);
        if (options.json) printJson(io, detail);
        else io.stdout.write(formatDetail(detail));
      } finally {
        await store.close();
      }
    });
}

/**
 * Headings at the margin, every line of model text indented under its heading: a line the
 * model wrote cannot pass for one of ours, and its controls are made visible.
 */
function block(heading: string, text: string): string[] {
  const lines = sanitizeText(text).split('\n');
  return [heading, ...lines.map((line) => `  ${line}`.trimEnd())];
}

function describeEntry(entry: DecisionEntry): string {
  const who = entry.reviewer ? sanitizeLine(entry.reviewer) : '(reviewer not recorded)';
  const role = entry.adjudicator ? ' as adjudicator' : '';
  const undo = entry.undoes ? ` (undoing the decision of ${entry.undoes})` : '';
  const reason = entry.reason ? `: ${sanitizeLine(entry.reason)}` : '';
  return `  ${entry.at}  ${who}${role} ${entry.status}${undo}${reason}`;
}

export function formatDetail(detail: CandidateDetail): string {
  const { candidate, decision } = detail;
  const usage = candidate.usage ? `, ${candidate.usage.promptTokens} + ${candidate.usage.completionTokens} tokens` : '';
  const decided = decision
    ? ` by ${sanitizeLine(decision.reviewer ?? '(reviewer not recorded)')} at ${decision.at}${decision.adjudicated ? ' (adjudicated)' : ''}${decision.reason ? `: ${sanitizeLine(decision.reason)}` : ''}`
    : '';
  const lines = [
    `candidate ${detail.id}: sample ${candidate.sample} of question ${detail.question.id} in ${sanitizeLine(detail.tag)}`,
    `teacher   ${sanitizeLine(candidate.teacher ?? 'default')} (${sanitizeLine(candidate.model)}), written ${candidate.createdAt}, finish ${sanitizeLine(candidate.finishReason ?? 'unknown')}${usage}`,
    `status    ${detail.status}${decided}`,
    `verdict   ${detail.verdict ?? 'not checked'}${detail.preferred ? ' (the preferred passing candidate of its question)' : ''}${detail.stale ? '; the question was edited after this answer was written' : ''}`,
  ];
  const judged = detail.judgement;
  lines.push(
    judged
      ? `judge     ${judged.score}/10, ${verdictWords(judged.verdict)} (${sanitizeLine(judged.teacher)}, ${sanitizeLine(judged.model)})${judged.rationale ? `: ${sanitizeLine(judged.rationale)}` : ''}`
      : 'judge     not judged (distill judge)',
  );
  if (detail.flags.length > 0) {
    lines.push('flags');
    for (const flag of detail.flags) lines.push(`  ${flag.rule}: ${sanitizeLine(flag.detail)}`);
  } else lines.push('flags     none');
  lines.push(...block('question', detail.question.text));
  if (detail.question.reference !== undefined) lines.push(...block('reference', detail.question.reference));
  if (candidate.refusal) lines.push(...block('refusal', candidate.refusal));
  lines.push(...block('reasoning', candidate.reasoning || '(none)'));
  lines.push(...block('answer', candidate.answer || '(empty)'));
  lines.push(detail.history.length > 0 ? 'history' : 'history   no decisions yet');
  for (const entry of detail.history) lines.push(describeEntry(entry));
  return lines.join('\n') + '\n';
}
