import type { Command } from 'commander';
import { tagsToList } from '../../app/candidate-listing.js';
import { DistillError, UsageError } from '../../core/distill-error.js';
import { BAND_MEANING, DIFFICULTY_BANDS } from '../../core/difficulty-band.js';
import { sanitizeLine } from '../../core/sanitize-text.js';
import { listedTeachers } from '../../core/teacher-pool-config.js';
import { type CliIO, printJson } from '../cli-io.js';
import { integerFrom, numberFrom, openProject, positiveInteger, type ProjectOptions, withProjectOptions } from '../project-options.js';

interface ProbeCommandOptions extends ProjectOptions {
  teacher?: string;
  samples: number;
  tag?: string;
  concurrency?: number;
  timeout?: number;
  maxRetries?: number;
}

const PROGRESS_INTERVAL_MS = 250;
const DEFAULT_SAMPLES = 8;

export function registerProbe(program: Command, io: CliIO): void {
  withProjectOptions(program.command('probe'))
    .description(
      "a student model answers every question S times; each answer is graded against the reference (or the teachers' majority answer) and its pass rate stored in data/probe/TEACHER.jsonl, for select --student-pass-rate",
    )
    .option('--teacher <name>', "the student: a teacher of the project (default: the one with the role 'probe')")
    .option(
      '--samples <s>',
      `answers per question (default ${DEFAULT_SAMPLES}; LIMO used 32)`,
      positiveInteger('--samples', 1024),
      DEFAULT_SAMPLES,
    )
    .option('--tag <path>', 'only the questions of this tag and its subtree')
    .option('--concurrency <n>', "requests in flight at once (default: the teacher's setting)", positiveInteger('--concurrency', 1024))
    .option('--timeout <seconds>', 'the longest one request may take, retries included', numberFrom('--timeout', 0.1, 'seconds'))
    .option('--max-retries <n>', 'retries of a failed request', integerFrom('--max-retries', 0, 20))
    .action(async (options: ProbeCommandOptions) => {
      const store = await openProject(options, io);
      const controller = new AbortController();
      const onInterrupt = () => {
        io.stderr.write('\nstopping: finishing writes\n');
        controller.abort(new Error('interrupted'));
      };
      process.on('SIGINT', onInterrupt);
      process.on('SIGTERM', onInterrupt);
      try {
        const teacher = options.teacher ?? probeTeacher(store.config);
        const tagIds = tagsToList(store, options.tag === undefined ? {} : { tag: options.tag });
        // The model client and the offline teacher load only when a probe runs.
        const [{ runProbe }, { startOfflineForRun }] = await Promise.all([
          import('../../app/probe-run.js'),
          import('../offline-wiring.js'),
        ]);
        const progress = progressPrinter(options, io, teacher);
        let summary;
        try {
          summary = await runProbe(store, {
            teacher,
            samples: options.samples,
            tagIds,
            env: io.env,
            startOffline: startOfflineForRun,
            signal: controller.signal,
            settings: {
              ...(options.concurrency ? { concurrency: options.concurrency } : {}),
              ...(options.timeout !== undefined ? { timeoutMs: Math.round(options.timeout * 1000) } : {}),
              ...(options.maxRetries !== undefined ? { maxRetries: options.maxRetries } : {}),
            },
            ...(progress ? { onProgress: progress } : {}),
          });
        } finally {
          if (progress && io.stderr.isTTY) io.stderr.write('\r\x1b[K');
        }
        if (options.json) printJson(io, summary);
        else {
          const bands = DIFFICULTY_BANDS.filter((band) => summary.bands[band] > 0).map((band) => `${band} ${summary.bands[band]}`);
          io.stdout.write(
            [
              `probe ${sanitizeLine(teacher)} (${sanitizeLine(summary.model)}): ${summary.questions} questions × ${summary.samples} samples; ` +
                `${summary.answered} answered now, ${summary.stored} stored before` +
                (summary.failed > 0 ? `, ${summary.failed} failed` : ''),
              `  student pass rate: ${bands.join(', ')} (${DIFFICULTY_BANDS.map((band) => `${band}: ${BAND_MEANING[band]}`).join('; ')})`,
              `  select by it: distill select --budget N --name NAME --student ${teacher} --student-pass-rate -0.99`,
            ].join('\n') + '\n',
          );
        }
        if (summary.aborted)
          throw new DistillError("interrupted; every graded answer is saved. Run 'distill probe' again to complete the rest.");
        if (summary.failed > 0) {
          throw new DistillError(
            `${summary.failed} of ${summary.asked} answers failed after retries (first: ${sanitizeLine(summary.firstFailure ?? '')}); run distill probe again to ask for them`,
          );
        }
      } finally {
        process.off('SIGINT', onInterrupt);
        process.off('SIGTERM', onInterrupt);
        await store.close();
      }
    });
}

/** Without --teacher: the one teacher with the role 'probe'. */
function probeTeacher(config: Parameters<typeof listedTeachers>[0]): string {
  const teachers = listedTeachers(config);
  const students = teachers.filter((teacher) => teacher.roles?.includes('probe'));
  if (students.length === 1) return students[0]!.name;
  throw new UsageError(
    students.length === 0
      ? `give --teacher NAME, the student to probe (teachers: ${teachers.map((each) => each.name).join(', ')}; add one with distill teacher add NAME … --roles probe)`
      : `several teachers have the role 'probe' (${students.map((each) => each.name).join(', ')}): give --teacher NAME`,
  );
}

function progressPrinter(options: ProbeCommandOptions, io: CliIO, teacher: string) {
  if (options.json) return undefined;
  let last = 0;
  let lastTenth = -1;
  return (progress: { total: number; done: number; failed: number }) => {
    const line = `probing ${sanitizeLine(teacher)}: ${progress.done}/${progress.total} answers${progress.failed > 0 ? `, ${progress.failed} failed` : ''}`;
    if (io.stderr.isTTY) {
      const now = Date.now();
      if (now - last < PROGRESS_INTERVAL_MS && progress.done < progress.total) return;
      last = now;
      io.stderr.write(`\r\x1b[K${line}`);
      return;
    }
    // Not a terminal (a log file): a line at each tenth.
    const tenth = Math.floor((progress.done * 10) / Math.max(1, progress.total));
    if (tenth === lastTenth) return;
    lastTenth = tenth;
    io.stderr.write(line + '\n');
  };
}
