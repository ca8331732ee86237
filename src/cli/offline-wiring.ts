// The one place production code starts the built-in offline teacher: for projects
// whose teachers are on 'offline' (the demo, and anyone trying distill without a key).
// The app and the pipeline get it injected as an OfflineStarter and never import it.
import type { OfflineStarter } from '../app/connect-pool.js';
import { startOfflineTeacher } from '../offline-teacher/offline-teacher.js';

/** One loopback server plays every offline teacher of the pool: it answers in the style of each model name. */
export const startOfflineForRun: OfflineStarter = async () => {
  const teacher = await startOfflineTeacher();
  return { url: teacher.url, close: () => teacher.close() };
};
