/** Environment for a CLI run: no inherited key or base URL, so tests never reach a real service. */
export function cliEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.OPENAI_API_KEY;
  delete env.OPENAI_BASE_URL;
  return { ...env, ...extra };
}
