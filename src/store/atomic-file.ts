import { mkdir, open, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { writeFailure } from './disk-full.js';

/**
 * Replaces `file` in one step: the data goes to a temp file beside it (a unique
 * name, so several processes may write the same file), then a rename puts it in
 * place. A reader sees the old file or the new one, never half of either; a
 * failed write leaves the old file and no temp file behind (a full disk is a DiskFullError naming `file`).
 * `durable` fsyncs the data before the rename, for files that are not derived.
 */
export async function writeFileAtomic(file: string, data: string | Uint8Array, options: { durable?: boolean } = {}): Promise<void> {
  await mkdir(dirname(file), { recursive: true }).catch((error: unknown) => {
    throw writeFailure(file, error);
  });
  const temp = `${file}.${process.pid}.${Math.random().toString(36).slice(2, 10)}.tmp`;
  try {
    const handle = await open(temp, 'w');
    try {
      await handle.writeFile(data);
      if (options.durable) await handle.datasync();
    } finally {
      await handle.close();
    }
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true }).catch(() => undefined);
    throw writeFailure(file, error);
  }
}
