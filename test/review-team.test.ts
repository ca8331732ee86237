// A team reviewing one project from the CLI: who decided is recorded, double review yields
// agreement, disagreements queue for an adjudicator whose word is final, undo stays personal.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { QueuedCandidate } from '../src/app/review-queues.js';
import type { ProjectStats } from '../src/cli/commands/stats.js';
import { ProjectStore } from '../src/store/project-store.js';
import { tempDir } from './support/run-cli.js';
import { runJson, runMain } from './support/run-main.js';

describe('a team of reviewers on one project', () => {
  it('records reviewers, measures agreement, queues disagreements for the adjudicator and undoes only your own', async () => {
    const project = join(await tempDir('distill-team-'), 'p');
    expect((await runMain(['init', project, '--topic', 'Sports science', '--base-url', 'offline'])).code).toBe(0);
    const auto = await runMain([
      'auto',
      '--project',
      project,
      '--levels',
      '1',
      '--tags-per-level',
      '1',
      '--questions-per-tag',
      '2',
      '--candidates',
      '2',
    ]);
    expect(auto.code, auto.stderr).toBe(0);
    expect((await runMain(['check', '--project', project])).code).toBe(0);
    expect(await runJson(['double-review', '--share', '1', '--project', project])).toEqual({ doubleShare: 1 });

    const store = await ProjectStore.open(project);
    const tagId = store.tags()[0]!.id;
    const [a, b, c] = (await store.candidates(tagId)).map((candidate) => candidate.id).sort();
    await store.close();
    const as = (reviewer: string, ...args: string[]) => runMain([...args, '--project', project, '--reviewer', reviewer]);

    expect((await as('alice', 'accept', a!, b!, c!)).stdout).toBe('accepted 3 candidates as reviewer alice\n');
    expect((await as('bob', 'accept', a!)).code).toBe(0);
    expect((await as('bob', 'reject', b!, '--reason', 'misses the point')).code).toBe(0);

    let stats = await runJson<ProjectStats>(['stats', '--project', project]);
    expect(stats.reviewers).toEqual({ alice: { accepted: 3, rejected: 0 }, bob: { accepted: 1, rejected: 1 } });
    expect(stats.agreement).toMatchObject({ kappa: 0, pairs: 2, observed: 0.5 });
    expect(Object.values(stats.agreement!.perTag)).toEqual([{ kappa: 0, pairs: 2, observed: 0.5 }]);
    expect(stats.agreement!.perRule).toEqual(expect.any(Object));
    // The disputed one is not accepted until adjudicated; the one bob has not seen waits for him.
    expect(stats.status).toMatchObject({ accepted: 2, rejected: 0 });
    expect(stats.review).toMatchObject({ doubleShare: 1, disagreements: 1, awaitingSecond: 1 });
    const text = (await runMain(['stats', '--project', project])).stdout;
    expect(text).toMatch(/reviewers +alice 3 accepted, 0 rejected; bob 1 accepted, 1 rejected/);
    expect(text).toMatch(/agreement +κ 0\.00 over 2 double-reviewed candidates \(50% the same\)/);

    const queue = await runJson<{ disagreements: QueuedCandidate[] }>(['disagreements', '--project', project]);
    expect(queue.disagreements).toEqual([
      expect.objectContaining({
        id: b,
        inEffect: 'pending',
        votes: [
          expect.objectContaining({ reviewer: 'alice', status: 'accepted' }),
          expect.objectContaining({ reviewer: 'bob', status: 'rejected', reason: 'misses the point' }),
        ],
      }),
    ]);
    const second = await runJson<{ queue: { id: string }[] }>(['double-review', '--queue', '--reviewer', 'bob', '--project', project]);
    expect(second.queue.map((item) => item.id)).toEqual([c]);

    expect((await as('carol', 'reject', b!, '--adjudicate')).stdout).toBe('rejected 1 candidate as adjudicator carol\n');
    expect((await runJson<{ disagreements: unknown[] }>(['disagreements', '--project', project])).disagreements).toEqual([]);
    stats = await runJson<ProjectStats>(['stats', '--project', project]);
    expect(stats.status).toMatchObject({ accepted: 2, rejected: 1 });

    // Bob undoes his reject of b: carol's adjudication since stands, and bob's accept of a stays.
    const undo = await as('bob', 'undo');
    expect(undo.stdout).toContain(`${b} is back to pending for bob`);
    expect(undo.stdout).toContain(`${b}: carol rejected it since; that decision stands`);
    stats = await runJson<ProjectStats>(['stats', '--project', project]);
    expect(stats.reviewers).toEqual({
      alice: { accepted: 3, rejected: 0 },
      bob: { accepted: 1, rejected: 0 },
      carol: { accepted: 0, rejected: 1 },
    });
    expect(stats.status).toMatchObject({ accepted: 2, rejected: 1 });
    expect((await as('dave', 'undo')).stdout).toBe('nothing to undo: dave has no decision left to revert\n');
    expect((await as('bad\u001bname', 'accept', a!)).code).toBe(2);
  });
});
