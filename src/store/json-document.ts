import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Low } from 'lowdb';
import { JSONFile } from 'lowdb/node';
import { corruptFileError } from './store-error.js';

/**
 * A small JSON document stored with lowdb: writes go to a temp file and are
 * renamed into place, so a reader never sees half a file. Callers that
 * read-modify-write a document shared between processes hold its lock
 * (see file-lock.ts) around `readDocument` + `writeDocument`.
 */
export async function readDocument<T>(
  file: string,
  isValid: (data: unknown) => data is T,
  describeInvalid = 'unexpected shape',
): Promise<T | null> {
  const db = new Low<unknown>(new JSONFile<unknown>(file), null);
  try {
    await db.read();
  } catch (error) {
    if (error instanceof SyntaxError) throw corruptFileError(file, 'not valid JSON', error);
    throw error;
  }
  if (db.data === null) return null;
  if (!isValid(db.data)) throw corruptFileError(file, describeInvalid);
  return db.data;
}

export async function writeDocument<T>(file: string, data: T): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const db = new Low<T>(new JSONFile<T>(file), data);
  await db.write();
}
