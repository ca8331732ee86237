// Every check of an export's destination that can fail, run before the first byte is written:
// a file where a folder is expected, an --out that is a folder (or, for a dataset folder, a file or
// a folder of someone else's files), a folder we may not write in, a corrupt dataset_info.json.
import { constants } from 'node:fs';
import { access, readdir, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { readDatasetInfo } from './dataset-info.js';
import { ExportError } from './export-error.js';
import { FOLDER_MANIFEST } from './manifest.js';

/** The nearest existing folder of `path`'s parents; a file on the way is the user's to fix. */
async function existingParent(path: string): Promise<string> {
  for (let dir = dirname(path); ; dir = dirname(dir)) {
    const found = await stat(dir).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return null;
      if (error.code === 'ENOTDIR') return 'file' as const;
      throw error;
    });
    if (found === 'file') continue;
    if (found === null) {
      if (dirname(dir) === dir) throw new ExportError(`cannot create ${dirname(path)}: no such drive or root`);
      continue;
    }
    if (!found.isDirectory()) throw new ExportError(`${dir} is a file, not a folder; choose another --out or move that file`);
    await access(dir, constants.W_OK).catch(() => {
      throw new ExportError(`cannot write in ${dir}: permission denied; choose another --out`);
    });
    return dir;
  }
}

/**
 * A JSONL export's destination: `out` may be a file (replaced) or absent, never a folder; nor may
 * `given`, the name as typed before `.jsonl` was added (`--out export` with a folder `export`).
 */
export async function checkOutputFile(out: string, datasetInfo: string | null, given = out): Promise<void> {
  await existingParent(out);
  for (const path of new Set([given, out])) {
    const existing = await stat(path).catch(() => null);
    if (existing?.isDirectory()) throw new ExportError(`--out ${path} is a folder; give a file name, e.g. ${join(path, 'train.jsonl')}`);
  }
  if (datasetInfo !== null) await readDatasetInfo(datasetInfo);
}

/** A dataset folder's destination: absent, empty, or an earlier export of ours (it is replaced whole). */
export async function checkDatasetFolder(out: string): Promise<void> {
  await existingParent(out);
  const existing = await stat(out).catch(() => null);
  if (existing === null) return;
  if (!existing.isDirectory()) throw new ExportError(`--out ${out} is a file; --for hf writes a dataset folder, give a folder name`);
  const names = await readdir(out);
  if (names.length > 0 && !names.includes(FOLDER_MANIFEST)) {
    throw new ExportError(
      `--out ${out} holds files that are not a distill export, and --for hf replaces the whole folder; choose a new or empty folder`,
    );
  }
}
