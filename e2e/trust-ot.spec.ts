/**
 * No trusted party: the tabs make their own Beaver material by oblivious transfer (trust 'ot') in
 * an offline phase, over real WebRTC between real Chromium tabs. The results match Math.exp, the
 * offline counters shown equal the ones planned before the phase began, and the online phase costs
 * exactly what it costs with the trusted first party. A tab closed during the offline phase gives
 * the others a clear error within 10 s.
 */
import { expect, test, type Page } from '@playwright/test';
import { createRoom, openParty, type Party } from './helpers';
import { configure, connectAll, startAndFinish, type RunSetup } from './runs';

const RANGES = { taylor: [-2, 2], pade: [-5, 5], prime: [-5, 5] } as const;

interface Shown {
  online: { rounds: string | null; bytes: string | null };
  offline: { rounds: number; bytes: number };
  pre: { rounds: number; planned: number; bytes: number; plannedBytes: number } | null;
}

async function shown(page: Page): Promise<Shown> {
  const online = page.getByTestId('result-online');
  const offline = page.getByTestId('result-offline');
  const pre = page.getByTestId('result-preprocess');
  const num = async (l: ReturnType<Page['getByTestId']>, a: string) => Number(await l.getAttribute(a));
  return {
    online: { rounds: await online.getAttribute('data-rounds'), bytes: await online.getAttribute('data-bytes') },
    offline: { rounds: await num(offline, 'data-rounds'), bytes: await num(offline, 'data-bytes') },
    pre: (await pre.count())
      ? { rounds: await num(pre, 'data-rounds'), planned: await num(pre, 'data-planned-rounds'), bytes: await num(pre, 'data-bytes'), plannedBytes: await num(pre, 'data-planned-bytes') }
      : null,
  };
}

/** Run `method` with the trusted first party, then dealer-free; check both, and compare their online phases. */
async function tfpThenOt(all: Party[], method: RunSetup['method'], n: number): Promise<void> {
  const [a] = all as [Party];
  const [lo, hi] = RANGES[method];
  await configure(a.page, { method, profile: 'fast', n, lo, hi, trust: 'tfp' });
  await startAndFinish(a, all);
  const tfp = await Promise.all(all.map((p) => shown(p.page)));
  for (const s of tfp) expect(s.pre).toBeNull();

  await configure(a.page, { method, profile: 'fast', n, lo, hi, trust: 'ot' });
  // before Run, beside the trust choice: the offline phase as planned, and an estimate labelled as one
  const note = a.page.getByTestId('offline-cost');
  await expect(note).toHaveAttribute('data-state', 'planned', { timeout: 30_000 });
  await expect(note).toContainText('Estimate, not a measurement');
  const before = { rounds: Number(await note.getAttribute('data-rounds')), bytes: Number(await note.getAttribute('data-bytes')) };
  await startAndFinish(a, all, 120_000);
  const check = a.page.getByTestId('result-check');
  await expect(check).toHaveClass(/ok/);
  await expect(check).toContainText(`${n} of ${n} values within`);
  for (const [i, p] of all.entries()) {
    const s = await shown(p.page);
    // the Beaver material: exactly as planned, and not nothing
    expect(s.pre).not.toBeNull();
    expect(s.pre!.rounds).toBe(s.pre!.planned);
    expect(s.pre!.bytes).toBe(s.pre!.plannedBytes);
    expect(s.pre!.rounds).toBeGreaterThan(0);
    expect(s.pre!.bytes).toBeGreaterThan(0);
    // the key agreement and base OTs (2 rounds) come on top
    expect(s.offline.rounds).toBe(s.pre!.rounds + 2);
    expect(s.offline.bytes).toBeGreaterThan(s.pre!.bytes);
    // the online phase is the trusted first party's, to the byte
    expect(s.online).toEqual(tfp[i]!.online);
    // what the form showed before Run: the same rounds, and the busiest party's bytes
    expect(s.pre!.planned).toBe(before.rounds);
    expect(s.pre!.plannedBytes).toBeLessThanOrEqual(before.bytes);
  }
  const shownAll = await Promise.all(all.map((p) => shown(p.page)));
  expect(Math.max(...shownAll.map((s) => s.pre!.plannedBytes))).toBe(before.bytes);
  for (const [i, p] of all.entries()) {
    const s = shownAll[i]!;
    console.log(
      `[trust-ot] ${all.length} tabs ${method} n=${n} party ${i}: offline ${s.offline.rounds} rounds ${s.offline.bytes} B (material ${s.pre!.bytes} B), online ${s.online.rounds} rounds ${s.online.bytes} B | ${(await p.page.getByTestId('result-phases').innerText()).replace(/\s+/g, ' ')}`,
    );
  }
}

test('two tabs compute exp dealer-free (taylor, pade, prime): Math.exp, offline as planned, online as with the trusted first party', async ({ browser }) => {
  test.setTimeout(300_000);
  const { creator: a, link } = await createRoom(browser, 2);
  const b = await openParty(browser, link);
  await connectAll([a, b]);
  for (const method of ['taylor', 'pade', 'prime'] as const) await tfpThenOt([a, b], method, 200);
  for (const p of [a, b]) await p.context.close();
  expect([...a.errors, ...b.errors]).toEqual([]);
});

test('three tabs compute exp dealer-free (taylor, pade)', async ({ browser }) => {
  test.setTimeout(400_000);
  const { creator: a, link } = await createRoom(browser, 3);
  const b = await openParty(browser, link);
  const c = await openParty(browser, link);
  const all = [a, b, c];
  await connectAll(all);
  for (const method of ['taylor', 'pade'] as const) await tfpThenOt(all, method, 100);
  for (const p of all) await p.context.close();
  expect(all.flatMap((p) => p.errors)).toEqual([]);
});

test('a tab closed during the offline phase: the other tabs show a clear error within 10 s', async ({ browser }) => {
  test.setTimeout(300_000);
  const { creator: a, link } = await createRoom(browser, 3);
  const b = await openParty(browser, link);
  const c = await openParty(browser, link);
  const all = [a, b, c];
  await connectAll(all);
  // big enough that the offline phase lasts a few seconds
  await configure(a.page, { method: 'pade', profile: 'fast', n: 5000, lo: -5, hi: 5, trust: 'ot' });
  await a.page.getByTestId('start-run').click();
  const bar = a.page.getByTestId('live-offline');
  await expect(bar).toHaveAttribute('data-rounds', /^[1-9]/, { timeout: 60_000 });
  expect(Number(await bar.getAttribute('data-rounds'))).toBeLessThan(Number(await bar.getAttribute('data-planned-rounds')));
  const closedAt = Date.now();
  await c.context.close();
  for (const p of [a, b]) {
    const error = p.page.getByTestId('run-error');
    await expect(error).toBeVisible({ timeout: Math.max(1, 10_000 - (Date.now() - closedAt)) });
    const text = (await error.innerText()).replace(/\s+/g, ' ');
    console.log(`[trust-ot] tab closed in the offline phase: shown after ${Date.now() - closedAt} ms: ${await error.getAttribute('data-code')}: ${text}`);
    expect(text).toMatch(/[Pp]arty 2/);
    await expect(p.page.getByTestId('run-panel')).toHaveAttribute('data-run-phase', 'error');
  }
  for (const p of [a, b]) await p.context.close();
  expect([...a.errors, ...b.errors]).toEqual([]);
});
