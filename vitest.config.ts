import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // Integration tests spawn the real CLI and loopback servers; give them room on a 2-core machine.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Test files share each worker's module cache instead of re-importing src/ for every file: a third less CPU
    // for the suite. Safe because no test mocks modules, stubs globals or changes process.env or the cwd
    // (test/suite-hygiene.test.ts fails if one starts to).
    isolate: false,
    maxWorkers: 2,
  },
});
