/**
 * Runs end to end: tabs meet through the real server, connect over real WebRTC, and compute exp
 * in their workers; the page's results match Math.exp and its counters equal `tabmpc cost`.
 */
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { createRoom, hook, openParty } from './helpers';
import { cliJson, configure, connectAll, FRAMES_RTT, startAndFinish } from './runs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const shots = join(root, 'docs', 'screenshots');

interface CostRow {
  method: string;
  profile: string;
  bytesSentPerElement: number;
  bytesReceivedPerElement: number;
  rounds: number;
}

/** What the CLI reports for these settings. */
function cliCost(profile: string, parties: number, n: number): CostRow[] {
  return cliJson<{ rows: CostRow[] }>(['cost', '--profile', profile, '--parties', String(parties), '--n', String(n)]).rows;
}

test('two tabs compute exp by every method and profile; results match Math.exp, counters match the CLI', async ({ browser }) => {
  test.setTimeout(240_000);
  const { creator: a, link } = await createRoom(browser, 2);
  const b = await openParty(browser, link);
  await connectAll([a, b]);
  const n = 1000;
  const expected = new Map<string, CostRow>();
  for (const profile of ['fast', 'spu2024']) for (const r of cliCost(profile, 2, n)) expected.set(`${r.method}/${profile}`, r);

  for (const profile of ['spu2024', 'fast'] as const) {
    for (const method of ['taylor', 'pade', 'prime'] as const) {
      // inside each method's documented domain, where its tolerance is promised
      const [lo, hi] = method === 'taylor' ? (profile === 'fast' ? [-8, 8] : [-2, 2]) : method === 'pade' ? [-10, 20] : [-11, 40];
      await configure(a.page, { method, profile, n, lo, hi });
      await startAndFinish(a, [a, b]);
      const want = expected.get(`${method}/${profile}`)!;
      for (const p of [a, b]) {
        await expect(p.page.getByTestId('result-rounds')).toContainText(String(want.rounds));
        await expect(p.page.getByTestId('result-bytes-per-element')).toContainText(String(want.bytesSentPerElement));
        await expect(p.page.getByTestId('result-bytes-sent')).toContainText(Math.round(want.bytesSentPerElement * n).toLocaleString('en-US'));
      }
      // only the input party can check against Math.exp: all values within the tolerance
      const check = a.page.getByTestId('result-check');
      await expect(check).toHaveClass(/ok/);
      await expect(check).toContainText(`${n.toLocaleString('en-US')} of ${n.toLocaleString('en-US')} values within`);
      await expect(b.page.getByTestId('result-check-private')).toContainText('private to party 0');
      if (!process.env.TABMPC_E2E_RELAY) {
        // frames went worker to worker on the workers' own channels: the pages' links carried none
        // with the round trip the channel measured (a pong has come back before any frame takes it)
        // its round trip labelled for what it is (under load or not) beside the lobby's idle one
        for (const [p, peer] of [[a, 1], [b, 0]] as const) {
          await expect(p.page.getByTestId('frames-path')).toHaveText(new RegExp(`^Frames to party ${peer}: worker to worker on their own data channel \\(${FRAMES_RTT}\\)\\.$`));
        }
        expect([(await hook(a, 'stats', 1))!.framesSent, (await hook(b, 'stats', 0))!.framesSent]).toEqual([0, 0]);
      }
      console.log(`[run] ${method}/${profile}: ${await a.page.getByTestId('result-time').textContent()}, max rel err ${await a.page.getByTestId('result-max-rel-err').textContent()}`);
      if (method === 'pade' && profile === 'fast') {
        mkdirSync(shots, { recursive: true });
        await a.page.screenshot({ path: join(shots, 'run-done.png'), fullPage: true });
      }
    }
  }
  await a.context.close();
  await b.context.close();
  expect([...a.errors, ...b.errors]).toEqual([]);
});

test('three tabs compute taylor and pade; prime says it is two-party only', async ({ browser }) => {
  // Usually ~20 s. Once, late in a full CI run, three tabs on two cores crawled at ~1.6 s per
  // round (pade: 77 rounds); the generous limits keep that a slow pass while it is investigated.
  test.setTimeout(480_000);
  const { creator: p0, link } = await createRoom(browser, 3);
  const p1 = await openParty(browser, link);
  const p2 = await openParty(browser, link);
  const all = [p0, p1, p2];
  await connectAll(all);
  const n = 1000;
  const expected = cliCost('fast', 3, n);
  for (const method of ['taylor', 'pade'] as const) {
    // party 1 proposes; party 0 provides the input
    await configure(p0.page, { method, profile: 'fast', n, lo: -2, hi: 2 });
    await configure(p1.page, { method, profile: 'fast', n, lo: -2, hi: 2 });
    await startAndFinish(p1, all, 220_000);
    const want = expected.find((r) => r.method === method)!;
    for (const p of all) await expect(p.page.getByTestId('result-rounds')).toContainText(String(want.rounds));
    await expect(p0.page.getByTestId('result-check')).toHaveClass(/ok/);
  }
  await p2.page.getByTestId('method-prime').click();
  await expect(p2.page.getByTestId('run-problem')).toContainText("exp method 'prime' runs with 2 parties on FM128 only");
  await expect(p2.page.getByTestId('start-run')).toBeDisabled();
  for (const p of all) await p.context.close();
  expect(all.flatMap((p) => p.errors)).toEqual([]);
});

test('a tab closed during a run: the other shows "peer left" within 10 s, and a new run works after a rejoin', async ({ browser }) => {
  test.setTimeout(180_000);
  const { creator: a, link } = await createRoom(browser, 2);
  const b = await openParty(browser, link);
  await connectAll([a, b]);
  // long enough to be closed mid-run: pade, SPU's kernels, 200,000 values
  await configure(a.page, { method: 'pade', profile: 'spu2024', n: 200_000, lo: -5, hi: 5 });
  await a.page.getByTestId('start-run').click();
  await expect(a.page.getByTestId('live-round')).toHaveText(/round [1-9]/, { timeout: 60_000 });
  mkdirSync(shots, { recursive: true });
  await a.page.screenshot({ path: join(shots, 'run-progress.png'), fullPage: true });
  const closedAt = Date.now();
  await b.context.close();
  const error = a.page.getByTestId('run-error');
  await expect(error).toHaveAttribute('data-code', 'ERR_PEER_GONE', { timeout: 10_000 });
  await expect(error).toContainText('Peer left');
  await expect(a.page.getByTestId('run-error-sentence')).toHaveText('Party 1 left or lost its connection, so the run stopped; start a new run when every party is connected again.');
  console.log(`[run] peer left shown after ${Date.now() - closedAt} ms: ${await error.textContent()}`);

  const c = await openParty(browser, link);
  await connectAll([a, c]);
  await configure(a.page, { method: 'prime', profile: 'fast', n: 1000, lo: -5, hi: 5 });
  await startAndFinish(a, [a, c]);
  await expect(a.page.getByTestId('result-check')).toHaveClass(/ok/);
  await a.context.close();
  await c.context.close();
  expect([...a.errors, ...c.errors]).toEqual([]);
});

test('exp of 1,000,000 values with prime between two tabs', async ({ browser }) => {
  test.setTimeout(300_000);
  const { creator: a, link } = await createRoom(browser, 2);
  const b = await openParty(browser, link);
  await connectAll([a, b]);
  const n = 1_000_000;
  await configure(a.page, { method: 'prime', profile: 'fast', n, lo: -11, hi: 40 });
  const t0 = Date.now();
  await startAndFinish(a, [a, b], 280_000);
  const wallMs = Date.now() - t0;
  await expect(a.page.getByTestId('result-check')).toHaveClass(/ok/);
  await expect(a.page.getByTestId('result-bytes-sent')).toContainText((102 * n + n / 8).toLocaleString('en-US'));
  console.log(
    `[run] prime fast, 1,000,000 values: ${await a.page.getByTestId('result-time').textContent()} (wall ${wallMs} ms from click to both done); ` +
      `${await a.page.getByTestId('result-phases').textContent()}`,
  );
  await a.context.close();
  await b.context.close();
  expect([...a.errors, ...b.errors]).toEqual([]);
});
