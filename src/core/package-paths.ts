import { fileURLToPath } from 'node:url';

// Both src/core (tests) and dist/core (the built CLI) sit two levels below the package root.
const packageRoot = fileURLToPath(new URL('../../', import.meta.url));

export function packagePath(...parts: string[]): string {
  return [packageRoot.replace(/\/$/, ''), ...parts].join('/');
}
