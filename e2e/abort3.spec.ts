/**
 * A fault between two of three parties reaches the third: every tab ends the run with a clear,
 * coded error within 10 s, not after the page's 90 s stall watch. The fault here is the lost link
 * between parties 0 and 1 (both stay in the room, so the signaling server says nothing; only the
 * two ends see it), and an abort pressed in tab 0.
 */
import { expect, test, type Page } from '@playwright/test';
import { closePeerConnection, createRoom, expectConnected, openParty, recordPeerConnections, type Party } from './helpers';
import { configure, connectAll } from './runs';

/** Three tabs in a room, a run big enough to last well beyond the fault, and the run going in every tab. */
async function threeTabsRunning(browser: Parameters<typeof createRoom>[0]): Promise<Party[]> {
  const { creator: p0, link } = await createRoom(browser, 3, recordPeerConnections);
  const p1 = await openParty(browser, link, recordPeerConnections);
  // p1's first peer connection is then the one to party 0 (closePeerConnection's index)
  await expectConnected(p1, 0);
  const p2 = await openParty(browser, link, recordPeerConnections);
  const all = [p0, p1, p2];
  await connectAll(all);
  await configure(p0.page, { method: 'pade', profile: 'spu2024', n: 100_000, lo: -5, hi: 5 });
  await p0.page.getByTestId('start-run').click();
  try {
    for (const p of all) await expect(p.page.getByTestId('live-round')).toHaveText(/round [1-9]/, { timeout: 120_000 });
  } catch (err) {
    for (const [i, p] of all.entries()) console.log(`[abort3] tab ${i} run panel: ${(await p.page.getByTestId('run-panel').innerText()).replace(/\s+/g, ' ')}`);
    throw err;
  }
  return all;
}

/** The run error `page` shows: code and visible text, once it shows one (within `ms`). */
async function runError(page: Page, ms: number): Promise<{ code: string | null; text: string }> {
  const error = page.getByTestId('run-error');
  await expect(error).toBeVisible({ timeout: ms });
  return { code: await error.getAttribute('data-code'), text: (await error.innerText()).replace(/\s+/g, ' ') };
}

test('a lost link between parties 0 and 1: party 2 (and both ends) show a clear error within 10 s', async ({ browser }) => {
  test.setTimeout(300_000);
  const all = await threeTabsRunning(browser);
  const [p0, p1, p2] = all as [Party, Party, Party];
  const cutAt = Date.now();
  await closePeerConnection(p1, 0);

  const third = await runError(p2.page, 10_000);
  const thirdMs = Date.now() - cutAt;
  const ends = await Promise.all([p0, p1].map((p) => runError(p.page, Math.max(1, 10_000 - (Date.now() - cutAt)))));
  console.log(`[abort3] link 0-1 lost: party 2 told after ${thirdMs} ms: ${third.code}: ${third.text} | party 0 ${ends[0]!.code}: ${ends[0]!.text} | party 1 ${ends[1]!.code}: ${ends[1]!.text}`);
  // party 2 lost nothing itself: it was told, by one end, which link went
  expect(third.code).toBe('ERR_ABORTED');
  expect(third.text).toMatch(/Party (0 lost its connection to party 1|1 lost its connection to party 0), so the run stopped in every tab/);
  // The ends learn it from their own link's close, even an end whose engine already had the lost
  // peer's frame of the round and waits only for party 2's: the first failed peer fails every
  // waiting receive (PortTransport), so no end falls back on the frame-silence limit naming party 2.
  for (const [end, other] of [[ends[0]!, 1], [ends[1]!, 0]] as const) {
    expect(end.code).toMatch(/^ERR_(PEER_GONE|ABORTED)$/);
    expect(end.text).toMatch(new RegExp(`[Pp]arty ${other}|this tab`));
    expect(end.text).not.toContain('stopped sending');
  }
  // every tab is free again: not stuck in a run that will never end
  for (const p of all) await expect(p.page.getByTestId('run-panel')).toHaveAttribute('data-run-phase', 'error');
  for (const p of all) await p.context.close();
  expect(all.flatMap((p) => p.errors)).toEqual([]);
});

test('an abort pressed in tab 0 mid-run: tabs 1 and 2 show it within 10 s, naming party 0', async ({ browser }) => {
  test.setTimeout(300_000);
  const all = await threeTabsRunning(browser);
  const [p0, p1, p2] = all as [Party, Party, Party];
  const abortedAt = Date.now();
  await p0.page.getByTestId('abort-run').click();
  for (const p of [p2, p1]) {
    const e = await runError(p.page, Math.max(1, 10_000 - (Date.now() - abortedAt)));
    console.log(`[abort3] abort in tab 0: shown after ${Date.now() - abortedAt} ms: ${e.code}: ${e.text}`);
    expect(e.code).toBe('ERR_ABORTED');
    expect(e.text).toContain('Party 0 stopped the run; start a new one when you are ready.');
    // the technical reason only under "Details", folded
    expect(e.text).not.toContain('aborted by party 0');
  }
  await expect(p0.page.getByTestId('run-error')).toHaveAttribute('data-code', 'ERR_ABORTED');
  await expect(p0.page.getByTestId('run-error-sentence')).toHaveText('You stopped the run; press Run to start a new one.');
  for (const p of all) await p.context.close();
  expect(all.flatMap((p) => p.errors)).toEqual([]);
});
