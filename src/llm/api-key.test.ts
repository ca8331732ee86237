import { describe, expect, it } from 'vitest';
import { LOOPBACK_PLACEHOLDER_KEY, MissingApiKeyError, resolveApiKey } from './api-key.js';

describe('resolveApiKey', () => {
  it('reads the key from OPENAI_API_KEY by default', () => {
    expect(resolveApiKey('https://api.openai.com/v1', undefined, { OPENAI_API_KEY: 'sk-test' })).toBe('sk-test');
  });

  it('reads the variable named by --api-key-env', () => {
    expect(resolveApiKey('https://api.deepseek.com', 'DEEPSEEK_API_KEY', { DEEPSEEK_API_KEY: 'ds-key', OPENAI_API_KEY: 'other' })).toBe(
      'ds-key',
    );
  });

  it.each(['http://localhost:11434/v1', 'http://127.0.0.1:8000/v1', 'http://[::1]:8000/v1', 'http://vllm.localhost/v1', 'offline'])(
    'needs no key for the loopback server %s',
    (baseUrl) => {
      expect(resolveApiKey(baseUrl, 'OPENAI_API_KEY', {})).toBe(LOOPBACK_PLACEHOLDER_KEY);
    },
  );

  it('tells the user which variable to set when a remote server has no key', () => {
    expect(() => resolveApiKey('https://api.openai.com/v1', 'OPENAI_API_KEY', { OPENAI_API_KEY: '  ' })).toThrow(
      'no API key: set OPENAI_API_KEY (or the variable named by --api-key-env)',
    );
    expect(() => resolveApiKey('https://api.deepseek.com', 'DEEPSEEK_API_KEY', {})).toThrow(MissingApiKeyError);
    expect(() => resolveApiKey('https://api.deepseek.com', 'DEEPSEEK_API_KEY', {})).toThrow(/set DEEPSEEK_API_KEY/);
  });

  it('does not mistake a host that merely starts with 127 or localhost for loopback', () => {
    expect(() => resolveApiKey('https://127.example.com/v1', 'OPENAI_API_KEY', {})).toThrow(MissingApiKeyError);
    expect(() => resolveApiKey('https://localhost.example.com/v1', 'OPENAI_API_KEY', {})).toThrow(MissingApiKeyError);
  });
});
