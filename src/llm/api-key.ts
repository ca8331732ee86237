import { DistillError } from '../core/distill-error.js';
export const DEFAULT_API_KEY_ENV = 'OPENAI_API_KEY';

/** Sent to loopback servers that need no key (vLLM, Ollama, the offline teacher); the SDK insists on one. */
export const LOOPBACK_PLACEHOLDER_KEY = 'no-key-needed-on-loopback';

export class MissingApiKeyError extends DistillError {
  constructor(readonly envName: string) {
    super(`no API key: set ${envName} (or the variable named by --api-key-env)`);
    this.name = 'MissingApiKeyError';
  }
}

/**
 * The key lives only in the environment; it is never written to disk or logs.
 * `baseUrl` 'offline' stands for the built-in offline teacher.
 */
export function resolveApiKey(
  baseUrl: string,
  apiKeyEnv: string = DEFAULT_API_KEY_ENV,
  env: Readonly<Record<string, string | undefined>> = process.env,
): string {
  const key = env[apiKeyEnv]?.trim();
  if (key) return key;
  if (isLoopbackUrl(baseUrl)) return LOOPBACK_PLACEHOLDER_KEY;
  throw new MissingApiKeyError(apiKeyEnv);
}

export function isLoopbackUrl(baseUrl: string): boolean {
  if (baseUrl === 'offline') return true;
  let host: string;
  try {
    host = new URL(baseUrl).hostname.toLowerCase();
  } catch {
    return false;
  }
  if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1);
  return (
    host === 'localhost' ||
    host.endsWith('.localhost') ||
    host === '::1' ||
    host === '0.0.0.0' ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host)
  );
}
