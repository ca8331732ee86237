// Before an export writes into a folder: finish the commits of exports killed among their renames
// (their journals), and remove the temporary files and folders of exports killed while writing,
// which would otherwise stay for ever (hundreds of MB each). Files of a live export are left alone.
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { isJournalName, readJournalPid, replayJournal } from './export-commit.js';
import { processAlive, tempWriterPid } from './temp-names.js';

export interface StaleCleanup {
  /** Interrupted commits that were finished. */
  finished: number;
  /** Temporary files and folders removed. */
  removed: number;
}

export async function cleanStaleExports(dir: string): Promise<StaleCleanup> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { finished: 0, removed: 0 };
    throw error;
  }
  const result = { finished: 0, removed: 0 };
  // Journals first: their renames take the temporary files they name out of the way.
  for (const name of names.filter(isJournalName)) {
    const journal = join(dir, name);
    const pid = await readJournalPid(journal);
    if (pid !== null && processAlive(pid)) continue;
    if (pid === null) await rm(journal, { force: true });
    else await replayJournal(journal);
    result.finished += 1;
  }
  for (const name of names) {
    const pid = tempWriterPid(name);
    if (pid === null || processAlive(pid)) continue;
    await rm(join(dir, name), { recursive: true, force: true });
    result.removed += 1;
  }
  return result;
}
