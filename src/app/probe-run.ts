// `distill probe`: a student endpoint (any teacher of the project, e.g. one added with
// `--roles probe`) answers each question S times; each answer is graded as it arrives and
// appended to data/probe/TEACHER.jsonl. Resumable: a rerun asks only for the samples the
// question's current text is missing. The student is asked alone: when it cannot be reached the
// run stops with that one reason and keeps what it was told.
import { connectPool, type OfflineStarter, type RunSettings } from './connect-pool.js';
import { questionTextHash } from '../core/candidate-identity.js';
import { DistillError, UsageError } from '../core/distill-error.js';
import { difficultyBand, type DifficultyBand } from '../core/difficulty-band.js';
import { listedTeachers } from '../core/teacher-pool-config.js';
import type { Candidate, Question } from '../core/types.js';
import { buildAnswerMessages, ItemFailure, NoTeacherLeftError, SAMPLE_HEADER } from '../llm/index.js';
import { gradeAnswer, gradingBasis } from '../selection/probe-grading.js';
import { currentProbes, ProbeWriter, readProbe, studentPassRate, type ProbeRecord } from '../selection/probe-log.js';
import type { ProjectStoreApi } from '../store/store-api.js';

export interface ProbeOptions {
  teacher: string;
  samples: number;
  /** Tags whose questions are probed (default: all). */
  tagIds?: readonly string[];
  env: NodeJS.ProcessEnv;
  startOffline: OfflineStarter;
  settings?: RunSettings;
  signal: AbortSignal;
  onProgress?: (progress: ProbeProgress) => void;
}

export interface ProbeProgress {
  /** Samples to ask in this run, and how many came back (answered or failed). */
  total: number;
  done: number;
  failed: number;
}

export interface ProbeSummary {
  teacher: string;
  model: string;
  samples: number;
  questions: number;
  /** Samples stored before this run (not asked again). */
  stored: number;
  asked: number;
  answered: number;
  failed: number;
  /** The first failure's reason, when some failed. */
  firstFailure: string | null;
  /** Questions per difficulty band of the student's pass rate, after this run. */
  bands: Record<DifficultyBand, number>;
  aborted: boolean;
}

interface Work {
  question: Question;
  hash: string;
  basis: ReturnType<typeof gradingBasis>;
  missing: number[];
}

export async function runProbe(store: ProjectStoreApi, options: ProbeOptions): Promise<ProbeSummary> {
  const listed = listedTeachers(store.config);
  const student = listed.find((teacher) => teacher.name === options.teacher);
  if (!student) {
    throw new UsageError(`--teacher ${options.teacher}: no such teacher (teachers: ${listed.map((each) => each.name).join(', ')})`);
  }
  const { byQuestion, end } = await readProbe(store.dir, student.name);
  const work: Work[] = [];
  const hashes = new Map<string, string>();
  for (const tagId of options.tagIds ?? store.tags().map((tag) => tag.id)) {
    const questions = (await store.questions(tagId)).filter((question) => !question.deleted);
    if (questions.length === 0) continue;
    const byId = new Map<string, Candidate[]>();
    for (const candidate of await store.candidates(tagId)) {
      const list = byId.get(candidate.questionId);
      if (list) list.push(candidate);
      else byId.set(candidate.questionId, [candidate]);
    }
    for (const question of questions) {
      const hash = questionTextHash(question.text);
      hashes.set(question.id, hash);
      const done = byQuestion.get(question.id)?.get(hash)?.samples;
      const missing = Array.from({ length: options.samples }, (_, sample) => sample).filter((sample) => !done?.has(sample));
      if (missing.length > 0)
        work.push({
          question,
          hash,
          basis: gradingBasis(question, byId.get(question.id) ?? []),
          missing,
        });
    }
  }
  const total = work.reduce((sum, item) => sum + item.missing.length, 0);
  const progress: ProbeProgress = { total, done: 0, failed: 0 };
  const summary: ProbeSummary = {
    teacher: student.name,
    model: student.model,
    samples: options.samples,
    questions: hashes.size,
    stored: hashes.size * options.samples - total,
    asked: 0,
    answered: 0,
    failed: 0,
    firstFailure: null,
    bands: { never: 0, rarely: 0, sometimes: 0, always: 0, unknown: 0 },
    aborted: false,
  };
  if (total > 0) await askStudent(store, options, { ...student, roles: ['probe'] }, work, end, progress, summary);
  const current = currentProbes((await readProbe(store.dir, student.name)).byQuestion, hashes);
  for (const questionId of hashes.keys()) summary.bands[difficultyBand(studentPassRate(current.get(questionId)))]++;
  summary.aborted = options.signal.aborted;
  return summary;
}

async function askStudent(
  store: ProjectStoreApi,
  options: ProbeOptions,
  student: ReturnType<typeof listedTeachers>[number],
  work: readonly Work[],
  cleanEnd: number,
  progress: ProbeProgress,
  summary: ProbeSummary,
): Promise<void> {
  const connection = await connectPool({ ...store.config, teachers: [student] }, options.env, {
    startOffline: options.startOffline,
    ...(options.settings ? { settings: options.settings } : {}),
  });
  const member = connection.pool.members[0]!;
  const writer = new ProbeWriter(store.dir, student.name, cleanEnd);
  // Stops the queued requests once the student is gone (or the user pressed Ctrl-C).
  const stop = new AbortController();
  const onAbort = () => stop.abort(options.signal.reason);
  options.signal.addEventListener('abort', onAbort);
  let fatal: unknown = null;
  const { config } = store;
  try {
    if (member.down !== null) throw new NoTeacherLeftError('probe', [{ name: student.name, reason: member.down }]);
    const ask = async (item: Work, sample: number): Promise<void> => {
      if (stop.signal.aborted) return;
      summary.asked++;
      try {
        // The slot is held until the grade is on disk, so a kill -9 loses at most the requests in flight.
        await connection.pool.run('probe', member, stop.signal, async (each) => {
          const reply = await each.client.complete({
            model: each.teacher.model,
            messages: buildAnswerMessages({
              language: config.language,
              question: item.question.text,
            }),
            maxTokens: config.maxTokens,
            temperature: config.temperature,
            headers: { [SAMPLE_HEADER]: String(sample) },
            signal: stop.signal,
          });
          const grade = gradeAnswer(item.basis, reply.refusal !== undefined ? '' : reply.answer, item.question.text);
          const record: ProbeRecord = {
            question: item.question.id,
            sample,
            questionHash: item.hash,
            ...grade,
            model: reply.model || each.teacher.model,
            tokens: (reply.usage?.promptTokens ?? 0) + (reply.usage?.completionTokens ?? 0),
            at: new Date().toISOString(),
          };
          await writer.append([record]);
        });
        summary.answered++;
      } catch (error) {
        if (stop.signal.aborted) return;
        if (error instanceof ItemFailure) {
          summary.failed++;
          progress.failed++;
          summary.firstFailure ??= error.reason;
        } else {
          fatal ??= error;
          stop.abort(error);
          return;
        }
      }
      progress.done++;
      options.onProgress?.({ ...progress });
    };
    // As many lanes as the student takes requests at once, each taking the next sample: a million
    // samples never sit in memory as a million queued promises.
    const queue = samplesOf(work);
    const lane = async () => {
      for (let next = queue.next(); !next.done && !stop.signal.aborted; next = queue.next()) await ask(next.value[0], next.value[1]);
    };
    await Promise.all(Array.from({ length: member.teacher.concurrency }, lane));
  } catch (error) {
    fatal ??= error;
  } finally {
    options.signal.removeEventListener('abort', onAbort);
    await writer.close();
    await connection.close();
  }
  if (fatal instanceof NoTeacherLeftError) {
    throw new DistillError(
      `probe stopped: the student "${student.name}" cannot be used: ${connection.pool.redact(fatal.message)}; ` +
        `the ${summary.answered} answers graded so far are kept, run distill probe again to finish`,
    );
  }
  if (fatal !== null) throw fatal as Error;
}

function* samplesOf(work: readonly Work[]): Generator<[Work, number]> {
  for (const item of work) for (const sample of item.missing) yield [item, sample];
}
