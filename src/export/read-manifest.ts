// Finds and reads the manifest of an export given as its records file, its manifest, or (for a
// Hugging Face dataset) its folder. Errors say which file and what to do.
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ExportError } from './export-error.js';
import { withJsonlExtension } from './export-paths.js';
import { FOLDER_MANIFEST, manifestPathFor, type ManifestFile } from './manifest.js';

export async function manifestPathOf(path: string): Promise<string> {
  const found = await stat(path).catch(() => null);
  if (found?.isDirectory()) return join(path, FOLDER_MANIFEST);
  if (path.endsWith('.manifest.json') || path.endsWith(FOLDER_MANIFEST)) return path;
  return manifestPathFor(withJsonlExtension(path));
}

export async function readManifest(path: string): Promise<{ path: string; manifest: ManifestFile }> {
  const manifestPath = await manifestPathOf(path);
  let text: string;
  try {
    text = await readFile(manifestPath, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new ExportError(`${path}: no export manifest at ${manifestPath}; give a file or folder written by distill export`);
    }
    throw error;
  }
  let manifest: ManifestFile;
  try {
    manifest = JSON.parse(text) as ManifestFile;
  } catch {
    throw new ExportError(`${manifestPath} is not valid JSON; export again to rewrite it`);
  }
  if (!Array.isArray(manifest.entries)) {
    throw new ExportError(`${manifestPath} was written before manifests kept a hash per record; export again to compare it`);
  }
  return { path: manifestPath, manifest };
}
