/**
 * Nothing hangs forever: a party whose engine dies mid-run (its worker killed without a word, as
 * a crash would) stops making progress; after the stall limit (shortened here with ?stallMs) its
 * tab gives up with ERR_TIMEOUT, restarts its worker, the other tab learns the run was aborted,
 * and the next run works in both.
 */
import { expect, test } from '@playwright/test';
import { createRoom, hook, openParty } from './helpers';
import { configure, connectAll, startAndFinish } from './runs';

const STALL_MS = 4_000;

test('a party whose engine dies mid-run: both tabs end the run with a clear error, and the next run works', async ({ browser }) => {
  test.setTimeout(180_000);
  const { creator: a, link } = await createRoom(browser, 2, undefined, `?stallMs=${STALL_MS}`);
  const b = await openParty(browser, `${link}&stallMs=${STALL_MS}`);
  await connectAll([a, b]);
  await configure(a.page, { method: 'pade', profile: 'spu2024', n: 200_000, lo: -5, hi: 5 });
  await a.page.getByTestId('start-run').click();
  await expect(b.page.getByTestId('live-round')).toHaveText(/round [1-9]/, { timeout: 60_000 });
  const crashedAt = Date.now();
  await hook(b, 'crashWorker');

  // either tab may notice first; each ends within the stall limit plus the worker's grace (10 s)
  for (const p of [a, b]) await expect(p.page.getByTestId('run-error')).toBeVisible({ timeout: STALL_MS + 10_000 + 15_000 });
  const codes = await Promise.all([a, b].map((p) => p.page.getByTestId('run-error').getAttribute('data-code')));
  const texts = await Promise.all([a, b].map((p) => p.page.getByTestId('run-error').innerText()));
  console.log(`[stall] ended ${Date.now() - crashedAt} ms after the crash: A ${codes[0]}: ${texts[0]!.replace(/\s+/g, ' ')} | B ${codes[1]}: ${texts[1]!.replace(/\s+/g, ' ')}`);
  expect(codes[1]).toBe('ERR_TIMEOUT');
  expect(['ERR_ABORTED', 'ERR_TIMEOUT']).toContain(codes[0]);
  await expect(b.page.getByTestId('run-error-sentence')).toHaveText(/made no progress for too long|stopped responding and was restarted/);
  await expect(b.page.getByTestId('run-error-detail')).toHaveText(/no progress for 4 s|did not stop within 10 s/);

  await configure(a.page, { method: 'taylor', profile: 'fast', n: 1000, lo: -2, hi: 2 });
  await startAndFinish(a, [a, b]);
  await expect(a.page.getByTestId('result-check')).toHaveClass(/ok/);
  for (const p of [a, b]) await p.context.close();
  // the killed worker's failure is expected on B's console; A saw none
  expect(a.errors).toEqual([]);
});
