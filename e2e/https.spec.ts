/**
 * `npm start -- --https` as another machine sees it: the page is opened by a name that is not
 * loopback (tabmpc.test, mapped to 127.0.0.1 by Chromium's resolver rules, so nothing leaves the
 * machine), over TLS with the certificate made at start; it is a secure context, so the server's
 * COOP/COEP make it cross-origin isolated, and two tabs compute exp between them.
 */
import { expect, test } from '@playwright/test';
import { CHROMIUM_ARGS } from '../playwright.config';
import { openParty } from './helpers';
import { configure, connectAll, startAndFinish } from './runs';
import { serve, type ServeProcess } from './serveProcess';

test.use({
  launchOptions: {
    executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
    // the certificate is self-signed, made at start: a user accepts it once in the browser
    args: [...CHROMIUM_ARGS, '--host-resolver-rules=MAP tabmpc.test 127.0.0.1,MAP rebound.test 127.0.0.1', '--ignore-certificate-errors'],
  },
});

let server: ServeProcess;

test.beforeAll(async () => {
  server = await serve(['--https', '--host', '127.0.0.1', '--port', '0', '--allowed-hosts', 'tabmpc.test']);
});

test.afterAll(async () => {
  await server?.stop();
});

test('served with --https under a non-loopback name, the app is cross-origin isolated and two tabs compute exp', async ({ browser }) => {
  test.setTimeout(120_000);
  expect(server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/$/);
  expect(server.output()).toMatch(/TLS: a self-signed certificate made for this run; .* SHA-256 fingerprint ([0-9A-F]{2}:){31}[0-9A-F]{2}/);
  const origin = `https://tabmpc.test:${new URL(server.url).port}`;
  const a = await openParty(browser, `${origin}/`);
  expect(await a.page.evaluate(() => [self.isSecureContext, self.crossOriginIsolated, location.origin])).toEqual([true, true, origin]);
  await expect(a.page.getByTestId('isolation')).toHaveText('Cross-origin isolated');
  await a.page.getByTestId('capacity-2').click();
  await a.page.getByTestId('create-room').click();
  const linkBox = a.page.getByTestId('room-link');
  // the invite link is on the address the page was opened with
  await expect(linkBox).toHaveValue(new RegExp(`^${origin.replace(/\./g, '\\.')}/\\?room=[0-9a-f]{32}$`));
  const b = await openParty(browser, await linkBox.inputValue());
  expect(await b.page.evaluate(() => self.crossOriginIsolated)).toBe(true);
  await connectAll([a, b]);
  await configure(a.page, { method: 'prime', profile: 'fast', n: 1000, lo: -11, hi: 40 });
  await startAndFinish(a, [a, b]);
  const check = a.page.getByTestId('result-check');
  await expect(check).toHaveClass(/ok/);
  await expect(check).toContainText('1,000 of 1,000 values within');
  expect([...a.errors, ...b.errors]).toEqual([]);
});

test('a name the server was not told about is refused (DNS rebinding)', async ({ browser }) => {
  // rebound.test resolves to the server too, as an attacker's name would after rebinding
  const context = await browser.newContext();
  const page = await context.newPage();
  const res = await page.goto(`https://rebound.test:${new URL(server.url).port}/`);
  expect(res?.status()).toBe(421);
  await context.close();
});
