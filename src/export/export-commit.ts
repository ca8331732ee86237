// Puts an export's files in place as one step that a kill cannot leave half done. Every byte is
// written to temporary names first; then a journal listing the renames is written (atomically),
// the renames run back to back, and the journal is removed. A process killed among the renames
// leaves its journal: the next export in that folder finishes the renames before anything else
// (stale-exports.ts), so train, validation, manifest and dataset_info.json end up from one run.
import { access, readFile, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { writeFileAtomic } from '../store/atomic-file.js';

export interface CommitStep {
  from: string;
  to: string;
  /** Run this rename only while this path exists (a step that must not repeat once later ones ran). */
  onlyWhile?: string;
}

export interface CommitJournal {
  pid: number;
  steps: CommitStep[];
  /** Removed once every rename ran (a replaced dataset folder). */
  cleanup: string[];
}

const JOURNAL_SUFFIX = '.distill-commit.json';

export function journalPathFor(final: string): string {
  return join(dirname(final), `.${basename(final)}${JOURNAL_SUFFIX}`);
}

export function isJournalName(name: string): boolean {
  return name.startsWith('.') && name.endsWith(JOURNAL_SUFFIX);
}

/** Test seam: `DISTILL_EXPORT_PAUSE_COMMIT=MS` waits that long between renames, so a test can kill -9 there. */
const pauseMs = Number(process.env.DISTILL_EXPORT_PAUSE_COMMIT ?? 0);

export async function commitExport(final: string, steps: CommitStep[], cleanup: string[] = []): Promise<void> {
  const journal = journalPathFor(final);
  await writeFileAtomic(journal, JSON.stringify({ pid: process.pid, steps, cleanup } satisfies CommitJournal) + '\n');
  for (const [index, step] of steps.entries()) {
    if (index > 0 && pauseMs > 0) {
      process.stderr.write(`distill: export commit paused before rename ${index + 1} of ${steps.length}\n`);
      await new Promise((resolve) => setTimeout(resolve, pauseMs));
    }
    await runStep(step);
  }
  await finishJournal(journal, cleanup);
}

/** Finishes an interrupted commit from its journal. Every step is safe to run again. */
export async function replayJournal(journal: string): Promise<void> {
  const parsed = JSON.parse(await readFile(journal, 'utf8')) as CommitJournal;
  for (const step of parsed.steps) await runStep(step);
  await finishJournal(journal, parsed.cleanup);
}

export async function readJournalPid(journal: string): Promise<number | null> {
  try {
    const parsed = JSON.parse(await readFile(journal, 'utf8')) as Partial<CommitJournal>;
    return typeof parsed.pid === 'number' ? parsed.pid : null;
  } catch {
    return null;
  }
}

async function runStep(step: CommitStep): Promise<void> {
  if (step.onlyWhile !== undefined && !(await exists(step.onlyWhile))) return;
  try {
    await rename(step.from, step.to);
  } catch (error) {
    // Already moved by the run that wrote the journal: nothing left to do for this step.
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

async function finishJournal(journal: string, cleanup: readonly string[]): Promise<void> {
  for (const path of cleanup) await rm(path, { recursive: true, force: true });
  await rm(journal, { force: true });
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}
