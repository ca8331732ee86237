import { type Command, InvalidArgumentError } from 'commander';
import { sanitizeLine } from '../../core/sanitize-text.js';
import { chooseStudent, readStudentPassRates } from '../../selection/student-rates.js';
import { readSelectionPool } from '../../selection/selection-inputs.js';
import { checkSelectionName, selectedIdsByTag, writeSelection, type SelectionFile } from '../../selection/selection-file.js';
import { drawSelection, type SelectSettings } from '../../selection/select-pipeline.js';
import { type CliIO, printJson } from '../cli-io.js';
import { integerFrom, oneOf, positiveInteger, withProjectOptions } from '../project-options.js';
import { openAsReviewer, type ReviewerOptions, withReviewerOption } from './decide.js';

interface SelectOptions extends ReviewerOptions {
  budget: number;
  name: string;
  seed: number;
  diversity: 'leaf' | 'top';
  passRate?: SelectSettings['passRate'];
  student?: string;
  studentPassRate?: SelectSettings['passRate'];
  accept?: boolean;
}

/** `0.2-0.8`, `-0.99` (below 1: drop what the teacher always solves) or `0.5-`. */
function passRateBand(value: string, flag = '--pass-rate', who = 'teacher'): SelectSettings['passRate'] {
  const match = /^\s*([0-9.]*)\s*-\s*([0-9.]*)\s*$/.exec(value);
  const bound = (text: string | undefined): number | null => (text === undefined || text === '' ? null : Number(text));
  const min = bound(match?.[1]);
  const max = bound(match?.[2]);
  const bad = (x: number | null): boolean => x !== null && (!Number.isFinite(x) || x < 0 || x > 1);
  if (!match || bad(min) || bad(max) || (min === null && max === null) || (min !== null && max !== null && min > max)) {
    throw new InvalidArgumentError(`${flag} is a band MIN-MAX of shares from 0 to 1 (0.2-0.8; -0.99 drops what the ${who} always solves).`);
  }
  return { min, max };
}

export function registerSelect(program: Command, io: CliIO): void {
  withReviewerOption(withProjectOptions(program.command('select')))
    .description(
      'select one candidate per question, to a budget, the s1 way (quality, difficulty, diversity); stored as data/selections/NAME.json',
    )
    .requiredOption('--budget <n>', 'questions to select', positiveInteger('--budget', 10_000_000))
    .requiredOption('--name <name>', 'the selection name (export --selection NAME)', checkSelectionName)
    .option('--seed <s>', 'the draw is the same for the same seed and project', integerFrom('--seed', 0, 2 ** 31 - 1), 0)
    .option('--diversity <groups>', 'draw uniformly over leaf tags or top-level tags', oneOf(['leaf', 'top'] as const), 'leaf')
    .option('--pass-rate <band>', 'keep questions whose teacher pass rate is in MIN-MAX (e.g. -0.99, 0.25-0.75)', (value) =>
      passRateBand(value),
    )
    .option(
      '--student-pass-rate <band>',
      "keep questions whose student pass rate (distill probe) is in MIN-MAX: -0.99 drops what it always solves, 0.01-0.1 is LIMO's 1-3 of 32",
      (value) => passRateBand(value, '--student-pass-rate', 'student'),
    )
    .option('--student <name>', 'the probed teacher whose pass rates --student-pass-rate reads (default: the only one probed)')
    .option('--accept', 'also accept the selected candidates, as one undoable step (distill undo)')
    .action(async (options: SelectOptions) => {
      const store = await openAsReviewer(options, io);
      try {
        const student = options.studentPassRate || options.student ? await chooseStudent(store.dir, options.student) : undefined;
        const settings: SelectSettings = {
          budget: options.budget,
          seed: options.seed,
          diversity: options.diversity,
          passRate: options.passRate ?? { min: null, max: null },
          ...(options.studentPassRate ? { studentPassRate: options.studentPassRate } : {}),
          ...(student ? { student } : {}),
        };
        const pool = await readSelectionPool(store);
        const result = drawSelection(pool, settings, student ? await readStudentPassRates(store, student) : undefined);
        const selection: SelectionFile = {
          version: 1,
          name: options.name,
          createdAt: new Date().toISOString(),
          settings,
          ...result,
        };
        await writeSelection(store.dir, selection);
        let accepted = 0;
        if (options.accept) accepted = (await acceptSelected(store, selection)).length;
        if (options.json) {
          printJson(io, {
            name: selection.name,
            funnel: selection.funnel,
            items: selection.items,
            ...(options.accept ? { accepted } : {}),
          });
          return;
        }
        const groups = new Map<string, number>();
        for (const item of selection.items) groups.set(item.group, (groups.get(item.group) ?? 0) + 1);
        const { funnel } = selection;
        const lines = [
          `selection ${sanitizeLine(selection.name)}: ${funnel.selected} of ${funnel.questions} questions ` +
            `(${funnel.quality} with a passing candidate, ${funnel.difficulty} in the pass-rate band${settings.studentPassRate ? 's' : ''}), seed ${settings.seed}`,
          `  per ${settings.diversity === 'leaf' ? 'leaf tag' : 'top-level tag'}: ` +
            [...groups].map(([tagId, count]) => `${sanitizeLine(store.tagPath(tagId).at(-1) ?? tagId)} ${count}`).join(', '),
        ];
        if (funnel.selected < settings.budget) lines.push(`  only ${funnel.selected} questions qualify for a budget of ${settings.budget}`);
        lines.push(
          options.accept
            ? `  accepted ${accepted} candidates as ${sanitizeLine(store.reviewer)} (distill undo reverts them)`
            : `  export it: distill export --selection ${selection.name} --format messages --out FILE`,
        );
        io.stdout.write(lines.join('\n') + '\n');
      } finally {
        await store.close();
      }
    });
}

/** One decision step for every selected candidate still pending for this reviewer. */
async function acceptSelected(store: Awaited<ReturnType<typeof openAsReviewer>>, selection: SelectionFile) {
  const byTag = selectedIdsByTag(selection);
  const pending: string[] = [];
  for (const [tagId, ids] of byTag) {
    const decisions = await store.decisions(tagId);
    for (const id of ids) if (decisions.get(id)?.status !== 'accepted') pending.push(id);
  }
  return pending.length > 0 ? store.decide(pending.map((id) => ({ id, status: 'accepted' as const }))) : [];
}
