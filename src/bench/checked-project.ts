// The review benches measure a project as a reviewer meets it after `distill check`: flag counts
// and the stats view from the check's summary, features from its caches. A summary made under
// other rules or by other extraction code (a newer build) is not that: the TUI would rebuild the
// features of every tag it opens, and the stats view would read every tag. So the project is
// checked again first whenever the last check does not hold for this build.
import { execFileSync } from 'node:child_process';
import { ChecksCache } from '../checks/project/checks-cache.js';
import { summaryTagFlags } from '../checks/project/check-project.js';
import { extractionFingerprint } from '../checks/project/extraction-fingerprint.js';
import { ProjectStore } from '../store/project-store.js';

/** Whether the project's last full check holds for this build (its rules and its extraction code). */
async function checkHolds(dir: string): Promise<boolean> {
  const store = await ProjectStore.open(dir);
  try {
    const header = await new ChecksCache(store.cacheDir).readIndexHeader().catch(() => null);
    if (!header || header.fingerprint !== (await extractionFingerprint())) return false;
    return (await summaryTagFlags(store)).size > 0;
  } finally {
    await store.close();
  }
}

/** Runs `distill check` on the project unless its last check holds (minutes at a million candidates). */
export async function ensureChecked(bin: string, dir: string, what: string): Promise<void> {
  if (await checkHolds(dir)) return;
  process.stdout.write(`running distill check on the ${what} (its last check is missing or from another build)…\n`);
  execFileSync(process.execPath, [bin, 'check', '--project', dir], { stdio: ['ignore', 'ignore', 'inherit'] });
}
