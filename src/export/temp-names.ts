// Names of an export's temporary files and folders: hidden, beside their final name, carrying the
// writer's pid, so that the next export can tell a killed export's leftovers from a live one's.
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';

const SUFFIX = '.distill-tmp';

export function tempPathFor(final: string): string {
  return join(dirname(final), `.${basename(final)}.${process.pid}.${randomBytes(4).toString('hex')}${SUFFIX}`);
}

/**
 * The pid of the export that wrote a temporary file of ours, or null for any other name. Besides
 * our own names this knows those of earlier versions (`out.jsonl.<pid>.tmp` for the records,
 * `<file>.json.<pid>.<random>.tmp` for the manifest and dataset_info.json), so their leftovers go too.
 */
export function tempWriterPid(name: string): number | null {
  const match =
    /^\..+\.(\d+)\.[0-9a-f]{8}\.distill-tmp$/.exec(name) ??
    /^.+\.jsonl\.(\d+)\.tmp$/.exec(name) ??
    /^.+\.json\.(\d+)\.[0-9a-z]{1,10}\.tmp$/.exec(name);
  return match ? Number(match[1]) : null;
}

/** True while a process with this pid runs (EPERM: it runs as someone else). */
export function processAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
