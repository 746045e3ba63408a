import { defineConfig } from '@playwright/test';
import base from '../../playwright.config';

/**
 * Browser benchmarks: the e2e suite's browser, server and helpers (e2e/), but they print what they
 * measure instead of failing on it. Run them with `npm run bench:responsive`, which enters the
 * same loopback-only network namespace as the e2e tests (e2e/run.sh).
 */
export default defineConfig({
  ...base,
  testDir: '.',
  testMatch: '**/*.bench.ts',
  timeout: 240_000,
  globalSetup: '../../e2e/global-setup.ts',
});
