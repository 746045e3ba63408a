import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'signaling/**/*.test.ts', 'bench/**/*.test.ts'],
    // Two cores: one worker process leaves the other core to the code under test.
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 60_000,
  },
});
