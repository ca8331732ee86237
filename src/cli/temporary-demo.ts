// `distill demo` without --dir (what `npm start` runs) makes a fresh project in a temporary
// folder. When the reviewer quits without having changed it, the folder goes; when they did
// change it (a decision, an edit, generation, an export), it stays and they are told where.
import { readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative } from 'node:path';
import type { CliIO } from './cli-io.js';

const TEMP_PREFIX = 'distill-demo-';

/** The temporary folder a demo project without --dir lives in (removed with it). */
export function temporaryDemoFolder(projectDir: string): string | null {
  const parent = dirname(projectDir);
  return dirname(parent) === tmpdir() && basename(parent).startsWith(TEMP_PREFIX) ? parent : null;
}

export { TEMP_PREFIX as TEMPORARY_DEMO_PREFIX };

/**
 * Runs the review on a temporary demo project, then removes the project when nothing the
 * reviewer can see changed (derived caches and locks do not count) and keeps it otherwise.
 */
export async function reviewTemporaryDemo(
  projectDir: string,
  io: CliIO,
  review: (projectDir: string, io: CliIO) => Promise<void>,
): Promise<void> {
  const folder = temporaryDemoFolder(projectDir);
  const before = folder ? await fingerprint(projectDir) : '';
  try {
    await review(projectDir, io);
  } finally {
    if (folder) {
      if ((await fingerprint(projectDir)) === before) {
        await rm(folder, { recursive: true, force: true });
        io.stderr.write('Removed the temporary demo project (nothing in it was changed). distill demo --dir DIR keeps one.\n');
      } else {
        io.stderr.write(
          `Kept the demo project, which you changed: ${projectDir} (open it again with: distill review --project ${projectDir})\n`,
        );
      }
    }
  }
}

/** Every file of the project but its caches and locks, with size and modification time. */
async function fingerprint(projectDir: string): Promise<string> {
  const entries: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
      const path = join(dir, entry.name);
      const rel = relative(projectDir, path);
      if (rel === 'cache' || rel === 'locks') continue;
      if (entry.isDirectory()) await walk(path);
      else {
        const info = await stat(path).catch(() => null);
        if (info) entries.push(`${rel}:${info.size}:${info.mtimeMs}`);
      }
    }
  };
  await walk(projectDir);
  return entries.sort().join('\n');
}
