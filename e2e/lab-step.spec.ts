/**
 * Step mode between two real tabs: each round waits for a click in every tab, shows what this
 * party is about to send, and the counters advance by exactly one round per step.
 */
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { createRoom, openParty } from './helpers';
import { configure, connectAll } from './runs';

const shots = join(dirname(fileURLToPath(import.meta.url)), '..', 'docs', 'screenshots');

test('step mode: one round per click in every tab, counters match the step, payloads look random', async ({ browser }) => {
  test.setTimeout(120_000);
  const { creator: a, link } = await createRoom(browser, 2);
  const b = await openParty(browser, link);
  const all = [a, b];
  await connectAll(all);
  await configure(a.page, { method: 'taylor', profile: 'fast', n: 100, lo: -2, hi: 2 });
  await a.page.getByTestId('step-on').click();
  await a.page.getByTestId('start-run').click();
  const planned = 9; // taylor-8 in the fast profile: 8 rounds, plus 1 to open the result
  for (let k = 1; k <= planned; k++) {
    for (const p of all) {
      await expect(p.page.getByTestId('step-status')).toHaveText(`round ${k} of ${planned} is ready to go`, { timeout: 20_000 });
      // nothing of round k has happened yet: k − 1 rounds done
      await expect(p.page.getByTestId('live-round')).toHaveText(`online round ${k - 1} of ${planned}`);
      // every round of taylor (fast) opens 100 ring elements of 16 bytes: a square, or the result
      await expect(p.page.getByTestId('step-payload')).toContainText('1,600');
    }
    if (k === 3) {
      mkdirSync(shots, { recursive: true });
      await a.page.getByTestId('step-mode').screenshot({ path: join(shots, 'step-mode.png') });
    }
    // the first tab's click alone does not finish the round: it also waits for the other tab
    await a.page.getByTestId('step-next').click();
    if (k < planned) await expect(a.page.getByTestId('live-round')).toHaveText(`online round ${k - 1} of ${planned}`);
    await b.page.getByTestId('step-next').click();
    if (k < planned) for (const p of all) await expect(p.page.getByTestId('live-round')).toHaveText(`online round ${k} of ${planned}`, { timeout: 20_000 });
  }
  for (const p of all) await expect(p.page.getByTestId('run-panel')).toHaveAttribute('data-run-phase', 'done', { timeout: 20_000 });
  await expect(a.page.getByTestId('result-rounds')).toContainText('8');
  await expect(a.page.getByTestId('result-check')).toHaveClass(/ok/);
  for (const p of all) await p.context.close();
  expect([...a.errors, ...b.errors]).toEqual([]);
});
