import { defineConfig } from '@playwright/test';

/**
 * End-to-end tests in Debian's Chromium (never a downloaded browser). Run them with
 * `npm run test:e2e`, which enters a loopback-only network namespace first (e2e/run.sh).
 * WebRTC on loopback needs --allow-loopback-in-peer-connection plus camera/microphone permission
 * (docs: limits.md §1.3); e2e/helpers.ts grants it on every context.
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--allow-loopback-in-peer-connection',
  // Each test tab stands for a party's own window, so none of them is treated as a background tab
  // (lower renderer priority, throttled timers) on this 2-core machine.
  '--disable-renderer-backgrounding',
  '--disable-backgrounding-occluded-windows',
  '--disable-background-timer-throttling',
];

export default defineConfig({
  testDir: 'e2e',
  testMatch: '**/*.spec.ts',
  // Two cores: one browser at a time.
  workers: 1,
  fullyParallel: false,
  timeout: 90_000,
  expect: { timeout: 15_000 },
  reporter: [['list']],
  globalSetup: './e2e/global-setup.ts',
  use: {
    browserName: 'chromium',
    launchOptions: { executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium', args: CHROMIUM_ARGS },
    permissions: ['camera', 'microphone'],
    viewport: { width: 1200, height: 760 },
    trace: 'off',
    video: 'off',
  },
});
