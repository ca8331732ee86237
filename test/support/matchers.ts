// vitest's asymmetric matchers are typed `any`, which would make every object literal that holds
// one an unsafe `any` assignment. These return them as `unknown`: still usable inside the
// expected value of toEqual/toMatchObject, and nothing can read a field off them by mistake.
import { expect } from 'vitest';

export function anyString(): unknown {
  return expect.any(String);
}

export function anyNumber(): unknown {
  return expect.any(Number);
}

export function anyObject(): unknown {
  return expect.any(Object);
}

export function stringMatching(pattern: RegExp | string): unknown {
  return expect.stringMatching(pattern);
}

export function stringContaining(text: string): unknown {
  return expect.stringContaining(text);
}
