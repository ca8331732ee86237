import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { Low, type Adapter } from 'lowdb';
import { writeFileAtomic } from './atomic-file.js';
import { corruptFileError } from './store-error.js';

/**
 * lowdb's adapter for a project document: read as JSON; written to a unique temp
 * file that is fsync'd and renamed into place (lowdb's own JSONFile shares one temp
 * name between processes, leaves it behind when the disk is full and does not fsync).
 */
class DurableJsonFile<T> implements Adapter<T> {
  constructor(private readonly file: string) {}

  async read(): Promise<T | null> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    return JSON.parse(text) as T;
  }

  write(data: T): Promise<void> {
    return writeFileAtomic(this.file, JSON.stringify(data, null, 2), { durable: true });
  }
}

/**
 * A small JSON document stored with lowdb: a reader never sees half a file.
 * Callers that read-modify-write a document shared between processes hold its
 * lock (see file-lock.ts) around `readDocument` + `writeDocument`.
 */
export async function readDocument<T>(
  file: string,
  isValid: (data: unknown) => data is T,
  describeInvalid = 'unexpected shape',
): Promise<T | null> {
  const db = new Low<unknown>(new DurableJsonFile<unknown>(file), null);
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

/** readDocument, blocking: for counting thousands of small shards at once (a cold count). */
export function readDocumentSync<T>(file: string, isValid: (data: unknown) => data is T, describeInvalid = 'unexpected shape'): T | null {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw corruptFileError(file, 'not valid JSON', error);
  }
  if (!isValid(data)) throw corruptFileError(file, describeInvalid);
  return data;
}

export async function writeDocument<T>(file: string, data: T): Promise<void> {
  const db = new Low<T>(new DurableJsonFile<T>(file), data);
  await db.write();
}
