import { StoreError } from './store-error.js';

/** A write that found no space (or no quota) left: what failed is named, and nothing acknowledged was lost. */
export class DiskFullError extends StoreError {
  constructor(file: string, cause?: unknown) {
    super(`disk full: ${file}`, {
      file,
      cause,
      hint: 'free some space and run it again; everything saved before is intact',
    });
    this.name = 'DiskFullError';
  }
}

export function isDiskFull(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return code === 'ENOSPC' || code === 'EDQUOT';
}

/** The error to throw for a failed write of `file`: a full disk becomes a DiskFullError, anything else stays as it is. */
export function writeFailure(file: string, error: unknown): unknown {
  return isDiskFull(error) && !(error instanceof DiskFullError) ? new DiskFullError(file, error) : error;
}
