import { createHash } from 'node:crypto';
import { access, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/*
 * The cached features are only as good as the code that computed them: an
 * upgrade that finds answers or language switches better must not be hidden
 * behind caches of the old findings. The fingerprint is a hash of the code of
 * everything cached per candidate and question (features, language, answers,
 * each question's context and near-duplicate findings): a different build rebuilds the caches once,
 * on its first check. The rules are not part of it; they run afresh every time.
 */
const CACHED_CODE = ['features', 'language', 'answers', 'project/tag-features', 'project/near-duplicates', 'project/question-index'];
const CODE_FILE = /\.(js|ts)$/;

/** The rules' own code: a rule's cached verdicts (rule-masks-file.ts) are only as good as it. */
const RULE_CODE = ['rules'];

let fingerprint: Promise<string> | null = null;
let ruleFingerprint: Promise<string> | null = null;

export function extractionFingerprint(): Promise<string> {
  fingerprint ??= computeFingerprint(CACHED_CODE);
  return fingerprint;
}

/** A hash of the rules' code (conditions and table): cached verdicts of another build are evaluated again. */
export function ruleCodeFingerprint(): Promise<string> {
  ruleFingerprint ??= computeFingerprint(RULE_CODE);
  return ruleFingerprint;
}

async function computeFingerprint(parts: readonly string[]): Promise<string> {
  const checksDir = fileURLToPath(new URL('..', import.meta.url));
  const hash = createHash('sha1');
  for (const part of parts) {
    const files = part.includes('/') ? await listModule(join(checksDir, part)) : await listCode(join(checksDir, part));
    for (const file of files)
      hash
        .update(file.slice(checksDir.length))
        .update('\0')
        .update(await readFile(file))
        .update('\0');
  }
  return hash.digest('base64url').slice(0, 16);
}

/** A single module: its .js (built) or .ts (tests run the sources). */
async function listModule(base: string): Promise<string[]> {
  const found: string[] = [];
  for (const file of [`${base}.js`, `${base}.ts`])
    if (
      await access(file).then(
        () => true,
        () => false,
      )
    )
      found.push(file);
  return found;
}

async function listCode(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const files: string[] = [];
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await listCode(path)));
    else if (CODE_FILE.test(entry.name) && !entry.name.includes('.test.')) files.push(path);
  }
  return files;
}
