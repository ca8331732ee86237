// A failed item shows its reason (keys scrubbed, one safe line); the export form names the file
// after the format and trainer, writes the thresholds in force at export time, and asks before
// replacing a file.
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ProjectStore } from '../../src/store/project-store.js';
import { seedProject } from '../../src/tui/testing/seed-project.js';
import type { PtySession } from './harness.js';
import { KEYS } from './harness.js';
import { editConfig, openReview } from './safety-fixtures.js';

let tui: PtySession | null = null;
afterEach(() => {
  tui?.kill();
  tui = null;
});

const SECRET = 'sk-live-0123456789abcdefSECRET';

describe('failures and the export form', () => {
  it("shows a failed candidate's reason on its tag and question, without the key or escape sequences", async () => {
    const project = await seedProject('Sports science', [
      { name: 'Marathon', questions: [{ text: 'Why taper?', candidates: [{ answer: 'To arrive rested.' }] }] },
    ]);
    const tagId = project.tags.get('Marathon')!;
    const [question] = await project.store.questions(tagId);
    await project.store.close();
    const reason = `401 Incorrect API key provided: ${SECRET}.\n\x1b]0;pwned\x07 see https://example.invalid`;
    await writeFile(
      join(project.dir, 'data', 'failures.json'),
      JSON.stringify({
        failures: [{ stage: 'answers', target: `${question!.id}-1`, reason, at: '2026-12-01T12:00:00.000Z', attempts: 3 }],
      }),
    );
    tui = openReview(project.dir, { env: { OPENAI_API_KEY: SECRET } });
    await tui.waitForText('Why taper?');
    await tui.waitFor(() => tui!.screenLines().some((line) => line.includes('Marathon') && line.includes('!1')), 'the !1 on the tag');
    tui.press(KEYS.tab);
    await tui.waitForText(`candidate ${question!.id}-1 failed (3 tries`);
    await tui.waitForText('Incorrect API key provided: [redacted]');
    expect(tui.rawOutput).not.toContain(SECRET);
    expect(tui.titles).toEqual([]);
    tui.press('q');
    expect(await tui.waitForExit()).toBe(0);
  });

  it('names the file after the trainer, writes the thresholds in force, and asks before replacing it', async () => {
    const project = await seedProject('Sports science', [
      { name: 'Marathon', questions: [{ text: 'Why taper?', candidates: [{ answer: 'To arrive rested before the race.' }] }] },
    ]);
    const tagId = project.tags.get('Marathon')!;
    const [question] = await project.store.questions(tagId);
    await project.store.decide([{ id: `${question!.id}-0`, status: 'accepted' }]);
    await project.store.close();
    tui = openReview(project.dir);
    await tui.waitForText('Why taper?');
    // Thresholds changed by another terminal after the screen opened.
    await editConfig(project.dir, (config) => {
      config.rules = { ...(config.rules as object), keepPerQuestion: 3 };
    });

    tui.press('e');
    await tui.waitForText('Export accepted candidates');
    await tui.waitForText('export/sharegpt.jsonl');
    tui.press(KEYS.right, KEYS.right);
    await tui.waitForText('export/trl-prompt-completion.jsonl');
    tui.press(KEYS.enter);
    await tui.waitForText('exported 1 records to export/trl-prompt-completion.jsonl');
    const folder = join(project.dir, 'export');
    const manifestName = (await readdir(folder)).find((name) => name.includes('manifest'))!;
    const manifest = JSON.parse(await readFile(join(folder, manifestName), 'utf8')) as { rules: Record<string, unknown> };
    expect(manifest.rules.keepPerQuestion).toBe(3);
    const file = join(folder, 'trl-prompt-completion.jsonl');
    const written = await stat(file);

    // The same name again: asked, and "no" leaves the file as it was.
    tui.press('e');
    await tui.waitForText('Export accepted candidates');
    tui.press(KEYS.right, KEYS.right);
    await tui.waitForText('export/trl-prompt-completion.jsonl');
    tui.press(KEYS.enter);
    await tui.waitForText('export/trl-prompt-completion.jsonl exists. Replace it?');
    tui.press('n');
    await tui.waitForText('not exported: export/trl-prompt-completion.jsonl is left as it was');
    expect((await stat(file)).mtimeMs).toBe(written.mtimeMs);
    // "yes" replaces it.
    tui.press('e');
    await tui.waitForText('Export accepted candidates');
    tui.press(KEYS.right, KEYS.right, KEYS.enter);
    await tui.waitForText('Replace it?');
    tui.press('y');
    await tui.waitForText('exported 1 records to export/trl-prompt-completion.jsonl');
    tui.press('q');
    expect(await tui.waitForExit()).toBe(0);
    const reopened = await ProjectStore.open(project.dir);
    await reopened.close();
  });
});
