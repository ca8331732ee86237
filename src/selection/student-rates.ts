// The student pass rates `select` reads: the probe of each question's current text (an edited
// question's old samples answer another text and do not count).
import { questionTextHash } from '../core/candidate-identity.js';
import { UsageError } from '../core/distill-error.js';
import type { ProjectStoreApi } from '../store/store-api.js';
import { currentProbes, probedTeachers, readProbe, studentPassRate } from './probe-log.js';

/** The probed teacher to read: the one named, or the only one probed. */
export async function chooseStudent(projectDir: string, named: string | undefined): Promise<string> {
  const probed = await probedTeachers(projectDir);
  if (named !== undefined) {
    if (!probed.includes(named))
      throw new UsageError(
        `--student ${named}: no probe results for that teacher (${probed.length > 0 ? `probed: ${probed.join(', ')}` : 'run distill probe --teacher NAME first'})`,
      );
    return named;
  }
  if (probed.length === 1) return probed[0]!;
  throw new UsageError(
    probed.length === 0
      ? '--student-pass-rate needs a probe: run distill probe --teacher NAME first'
      : `several teachers were probed (${probed.join(', ')}): give --student NAME`,
  );
}

/** The student's pass rate of every live question (null where the probe graded nothing). */
export async function readStudentPassRates(store: ProjectStoreApi, student: string): Promise<Map<string, number | null>> {
  const hashes = new Map<string, string>();
  for (const tag of store.tags()) {
    if (store.counts(tag.id).questions === 0) continue;
    for (const question of await store.questions(tag.id)) if (!question.deleted) hashes.set(question.id, questionTextHash(question.text));
  }
  const probes = currentProbes((await readProbe(store.dir, student)).byQuestion, hashes);
  const rates = new Map<string, number | null>();
  for (const questionId of hashes.keys()) rates.set(questionId, studentPassRate(probes.get(questionId)));
  return rates;
}
