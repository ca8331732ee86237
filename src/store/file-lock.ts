import { hostname } from 'node:os';
import { link, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { writeFailure } from './disk-full.js';
import type { HeldLock } from './store-api.js';
import { StoreError } from './store-error.js';

interface LockOwner {
  pid: number;
  host: string;
  purpose: string;
  at: string;
}

export type { HeldLock };

export class LockBusyError extends StoreError {
  readonly owner: LockOwner;

  constructor(file: string, owner: LockOwner) {
    super(`${owner.purpose} is already running (pid ${owner.pid}, since ${owner.at}); wait for it or stop it.`, { file });
    this.name = 'LockBusyError';
    this.owner = owner;
  }
}

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readOwner(file: string): Promise<LockOwner | null> {
  try {
    const parsed = JSON.parse(await readFile(file, 'utf8')) as LockOwner;
    return typeof parsed.pid === 'number' ? parsed : null;
  } catch {
    // Missing (released meanwhile) or half-written by its creator: treat as unknown.
    return null;
  }
}

/**
 * A lock left by a killed process (kill -9, a crash) on this host is taken over;
 * so is an unreadable one old enough that its creator must have died writing it.
 */
async function isStale(file: string, owner: LockOwner | null): Promise<boolean> {
  if (owner) return owner.host === hostname() && !isProcessAlive(owner.pid);
  try {
    return Date.now() - (await stat(file)).mtimeMs > 5_000;
  } catch {
    return false;
  }
}

/**
 * Creates the lock file with its owner already in it: the owner goes to a temp file
 * that is hard-linked to the lock's name, which fails if the lock exists. A lock is
 * never seen empty, even when the disk fills up while it is written (the temp file
 * fails instead, and is removed).
 */
async function tryCreate(file: string, owner: LockOwner): Promise<boolean> {
  const temp = `${file}.${process.pid}.${Math.random().toString(36).slice(2, 10)}.tmp`;
  try {
    await writeFile(temp, JSON.stringify(owner), { flag: 'wx' });
    await link(temp, file).catch((error: NodeJS.ErrnoException) => {
      // A filesystem without hard links: create and fill in place, as close to atomic as it allows.
      if (error.code === 'EPERM' || error.code === 'ENOTSUP' || error.code === 'ENOSYS')
        return writeFile(file, JSON.stringify(owner), { flag: 'wx' });
      throw error;
    });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw writeFailure(file, error);
  } finally {
    await rm(temp, { force: true });
  }
}

/**
 * Takes an exclusive lock file. With `waitMs` 0 a held lock fails at once
 * (long jobs: "auto is already running"); otherwise it is retried until the
 * deadline (short read-modify-write sections).
 */
export async function acquireLock(file: string, purpose: string, waitMs: number): Promise<HeldLock> {
  await mkdir(dirname(file), { recursive: true });
  const owner: LockOwner = { pid: process.pid, host: hostname(), purpose, at: new Date().toISOString() };
  const deadline = Date.now() + waitMs;
  let delay = 2;
  for (;;) {
    if (await tryCreate(file, owner)) {
      return { release: () => rm(file, { force: true }) };
    }
    const current = await readOwner(file);
    if (await isStale(file, current)) {
      await rm(file, { force: true });
      continue;
    }
    if (Date.now() >= deadline) {
      if (current) throw new LockBusyError(file, current);
      throw new StoreError(`${file} is held by a process that left no owner in it; if no distill command is running, delete it`, { file });
    }
    await new Promise((resolve) => setTimeout(resolve, delay));
    delay = Math.min(delay * 2, 50);
  }
}

/** Runs `fn` holding a short lock; for read-modify-write of a shared document. */
export async function withLock<T>(file: string, purpose: string, fn: () => Promise<T>): Promise<T> {
  const lock = await acquireLock(file, purpose, 10_000);
  try {
    return await fn();
  } finally {
    await lock.release();
  }
}
