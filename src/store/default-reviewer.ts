import { userInfo } from 'node:os';
import { reviewerNameFrom } from '../core/reviewer-name.js';

/** Decisions are recorded as the login name unless a reviewer is named (README, Commands). */
export function defaultReviewer(env: NodeJS.ProcessEnv = process.env): string {
  let login: string | undefined;
  try {
    login = userInfo().username;
  } catch {
    // No passwd entry (a container running as an arbitrary uid): fall back to the environment.
    login = env.USER ?? env.LOGNAME ?? env.USERNAME;
  }
  return reviewerNameFrom(login);
}
