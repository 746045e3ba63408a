/**
 * The share inspector between two real tabs: off by default with its warning in view; once every
 * party reveals, the shares of each value add up to the input and to the result.
 */
import { expect, test } from '@playwright/test';
import { createRoom, openParty } from './helpers';
import { configure, connectAll, startAndFinish } from './runs';

test('share inspector: off by default, warns, and the revealed shares sum to the secrets', async ({ browser }) => {
  test.setTimeout(120_000);
  const { creator: a, link } = await createRoom(browser, 2);
  const b = await openParty(browser, link);
  await connectAll([a, b]);
  await configure(a.page, { method: 'taylor', profile: 'fast', n: 4, lo: -1, hi: 2 }); // x = −1, 0, 1, 2
  await startAndFinish(a, [a, b]);
  for (const p of [a, b]) {
    await expect(p.page.getByTestId('share-switch')).not.toBeChecked();
    await expect(p.page.getByTestId('share-warning')).toBeVisible();
    await expect(p.page.getByTestId('share-warning')).toContainText('This breaks privacy: teaching only');
    await expect(p.page.getByTestId('shares-x-0')).toHaveText('needs every share');
  }
  await a.page.getByTestId('share-switch').check();
  // party 0 alone is not enough, in either tab
  await expect(b.page.getByTestId('shares-x')).toContainText('hidden');
  await expect(b.page.getByTestId('shares-x-0')).toHaveText('needs every share');
  await b.page.getByTestId('share-switch').check();
  const xs = [-1, 0, 1, 2];
  for (const p of [a, b]) {
    for (const [i, x] of xs.entries()) {
      await expect(p.page.getByTestId(`shares-x-${i}`)).toHaveText(String(x));
      const y = Number(await p.page.getByTestId(`shares-y-${i}`).textContent());
      expect(Math.abs(y / Math.exp(x) - 1)).toBeLessThan(0.015);
    }
  }
  for (const p of [a, b]) await p.context.close();
  expect([...a.errors, ...b.errors]).toEqual([]);
});
