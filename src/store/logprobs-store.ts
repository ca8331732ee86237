import { join } from 'node:path';
import type { SidecarEntry } from '../logprobs/sidecar-codec.js';
import type { SoftLabels } from '../logprobs/soft-labels.js';
import { LogprobsSidecar } from './logprobs-sidecar.js';

/** The logprobs sidecars of a project (data/logprobs/<tagId>.bin), opened as they are needed. */
export class LogprobsStore {
  private readonly sidecars = new Map<string, LogprobsSidecar>();

  constructor(readonly dir: string) {}

  file(tagId: string): string {
    return join(this.dir, 'data', 'logprobs', `${tagId}.bin`);
  }

  sidecar(tagId: string): LogprobsSidecar {
    let sidecar = this.sidecars.get(tagId);
    if (!sidecar) this.sidecars.set(tagId, (sidecar = new LogprobsSidecar(this.file(tagId))));
    return sidecar;
  }

  append(tagId: string, entries: readonly SidecarEntry[]): Promise<string[]> {
    return this.sidecar(tagId).append(entries);
  }

  /** Written, not yet durable: see LogprobsSidecar.write; `sync` with the same tag makes them so. */
  write(tagId: string, entries: readonly SidecarEntry[]): Promise<string[]> {
    return this.sidecar(tagId).write(entries);
  }

  sync(tagId: string): Promise<void> {
    return this.sidecar(tagId).sync();
  }

  /** A candidate's logprobs, loaded now (the first one of a tag reads that tag's sidecar). */
  labels(candidate: { id: string; tagId: string; gen?: string }): Promise<SoftLabels | null> {
    return this.sidecar(candidate.tagId).labels(candidate.id, candidate.gen);
  }

  async close(): Promise<void> {
    await Promise.all([...this.sidecars.values()].map((sidecar) => sidecar.close()));
    this.sidecars.clear();
  }
}
