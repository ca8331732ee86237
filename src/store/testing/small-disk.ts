import { execFileSync } from 'node:child_process';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Whether this process may mount a tmpfs (it runs as root). */
export const canMountSmallDisk = process.getuid?.() === 0;

/**
 * A real, small filesystem (tmpfs) for tests of what a full disk does: `fill()`
 * takes every free byte with a filler file, `free()` gives it back, `unmount()`
 * removes it all. Needs root (see canMountSmallDisk).
 */
export class SmallDisk {
  private readonly filler: string;

  private constructor(readonly dir: string) {
    this.filler = join(dir, 'filler');
  }

  static async mount(sizeKb: number): Promise<SmallDisk> {
    const dir = await mkdtemp(join(tmpdir(), 'distill-small-disk-'));
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeKb}k`, 'tmpfs', dir]);
    return new SmallDisk(dir);
  }

  /** Writes the filler until the disk refuses another byte. */
  async fill(): Promise<void> {
    const handle = await open(this.filler, 'a');
    const block = Buffer.alloc(4096, 0x78);
    try {
      for (;;) {
        let written: number;
        try {
          written = (await handle.write(block)).bytesWritten;
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code === 'ENOSPC') return;
          throw error;
        }
        // A short write: the next one finds nothing left.
        if (written < block.length) continue;
      }
    } finally {
      await handle.close();
    }
  }

  /** Gives back `bytes` of the filler (the disk stays nearly full). */
  async release(bytes: number): Promise<void> {
    const handle = await open(this.filler, 'r+');
    try {
      await handle.truncate(Math.max(0, (await handle.stat()).size - bytes));
    } finally {
      await handle.close();
    }
  }

  async free(): Promise<void> {
    await rm(this.filler, { force: true });
  }

  async unmount(): Promise<void> {
    try {
      execFileSync('umount', [this.dir], { stdio: 'pipe' });
    } catch {
      // Still busy (a file a failed test left open): detach now, gone once it is closed.
      execFileSync('umount', ['-l', this.dir]);
    }
    await rm(this.dir, { recursive: true, force: true });
  }
}
