// A student probe's results, `data/probe/TEACHER.jsonl`: one line per answered sample, appended
// (and fsync'd) as each answer is graded, so a killed probe keeps everything it was told and a
// rerun asks only for the samples still missing. The student's answers are no candidates: they
// live only here, as their final answer and its grade, and are never exported.
import { join } from 'node:path';
import { readdir } from 'node:fs/promises';
import { readLog } from '../store/jsonl-log.js';
import { LogAppender } from '../store/log-appender.js';

export interface ProbeRecord {
  question: string;
  sample: number;
  /** questionTextHash of the text the student answered: an edited question's samples are stale. */
  questionHash: string;
  /** The student's final answer as extracted ('' when it gave none). */
  answer: string;
  /** Against the reference or the teachers' majority answer; null when neither could decide. */
  correct: boolean | null;
  against: 'reference' | 'majority' | null;
  model: string;
  tokens: number;
  at: string;
}

/** What one question's samples came to. */
export interface QuestionProbe {
  questionHash: string;
  /** Sample indexes answered for that text. */
  samples: Set<number>;
  graded: number;
  correct: number;
}

export function probeDir(projectDir: string): string {
  return join(projectDir, 'data', 'probe');
}

export function probePath(projectDir: string, teacher: string): string {
  return join(probeDir(projectDir), `${teacher}.jsonl`);
}

/** The student's pass rate on a question: correct of the graded samples; null when none could be graded. */
export function studentPassRate(probe: QuestionProbe | undefined): number | null {
  return probe && probe.graded > 0 ? probe.correct / probe.graded : null;
}

function isProbeRecord(value: unknown): value is ProbeRecord {
  const record = value as Partial<ProbeRecord> | null;
  return (
    !!record &&
    typeof record.question === 'string' &&
    Number.isInteger(record.sample) &&
    typeof record.questionHash === 'string' &&
    (record.correct === null || typeof record.correct === 'boolean')
  );
}

/** Question id → its samples, per question text; later records of a sample already seen are set aside. */
export async function readProbe(
  projectDir: string,
  teacher: string,
): Promise<{
  byQuestion: Map<string, Map<string, QuestionProbe>>;
  end: number;
}> {
  const log = await readLog<ProbeRecord>(probePath(projectDir, teacher), 0, isProbeRecord, () => 'not a probe record');
  const byQuestion = new Map<string, Map<string, QuestionProbe>>();
  for (const record of log.records) {
    let texts = byQuestion.get(record.question);
    if (!texts) byQuestion.set(record.question, (texts = new Map<string, QuestionProbe>()));
    let probe = texts.get(record.questionHash);
    if (!probe)
      texts.set(
        record.questionHash,
        (probe = {
          questionHash: record.questionHash,
          samples: new Set(),
          graded: 0,
          correct: 0,
        }),
      );
    if (probe.samples.has(record.sample)) continue;
    probe.samples.add(record.sample);
    if (record.correct !== null) {
      probe.graded++;
      if (record.correct) probe.correct++;
    }
  }
  return { byQuestion, end: log.endOffset };
}

/** The probe of each question's current text (`hashes`: question id → questionTextHash of its text now). */
export function currentProbes(
  byQuestion: ReadonlyMap<string, ReadonlyMap<string, QuestionProbe>>,
  hashes: ReadonlyMap<string, string>,
): Map<string, QuestionProbe> {
  const current = new Map<string, QuestionProbe>();
  for (const [questionId, hash] of hashes) {
    const probe = byQuestion.get(questionId)?.get(hash);
    if (probe) current.set(questionId, probe);
  }
  return current;
}

/** The teachers a project has probe results of, sorted. */
export async function probedTeachers(projectDir: string): Promise<string[]> {
  try {
    return (await readdir(probeDir(projectDir)))
      .filter((file) => file.endsWith('.jsonl'))
      .map((file) => file.slice(0, -'.jsonl'.length))
      .sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

/**
 * Appends graded samples. Answers arrive many at a time: those that come while a write is on
 * its way go out together in the next one (one write(2) and one fsync for the lot), and every
 * caller's promise resolves once its records are on disk.
 */
export class ProbeWriter {
  private readonly appender: LogAppender;
  private pending: {
    records: readonly ProbeRecord[];
    resolve: () => void;
    reject: (error: unknown) => void;
  }[] = [];
  private writing: Promise<void> | null = null;

  constructor(
    projectDir: string,
    teacher: string,
    private cleanEnd: number,
  ) {
    this.appender = new LogAppender(probePath(projectDir, teacher), true);
  }

  append(records: readonly ProbeRecord[]): Promise<void> {
    return new Promise((resolve, reject) => {
      this.pending.push({ records, resolve, reject });
      this.writing ??= this.flush();
    });
  }

  private async flush(): Promise<void> {
    while (this.pending.length > 0) {
      const batch = this.pending.splice(0);
      try {
        const result = await this.appender.append(
          batch.flatMap((entry) => entry.records),
          this.cleanEnd,
        );
        this.cleanEnd = result.sizeAfter;
        for (const entry of batch) entry.resolve();
      } catch (error) {
        for (const entry of batch) entry.reject(error);
      }
    }
    this.writing = null;
  }

  async close(): Promise<void> {
    await this.writing;
    await this.appender.close();
  }
}
