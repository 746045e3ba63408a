/**
 * The method comparison between two tabs: one click runs every method in both profiles with
 * batching on and off (and at n/10 and 10n); both tabs show the same rounds and bytes as
 * `tabmpc cost` for each setting, the input party alone has error figures and the error chart,
 * and the CSV download holds every run.
 */
import { mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { createRoom, openParty, type Party } from './helpers';
import { cliJson, configure, connectAll } from './runs';

const shots = join(dirname(fileURLToPath(import.meta.url)), '..', 'docs', 'screenshots');

interface CostRow {
  method: string;
  profile: string;
  batching: boolean;
  rounds: number;
  bytesSentPerElement: number;
}

/** `tabmpc cost` for both profiles, batching on and off. */
function expectedCosts(parties: number, n: number): CostRow[] {
  const rows: CostRow[] = [];
  for (const profile of ['fast', 'spu2024']) {
    for (const batching of ['on', 'off']) {
      rows.push(...cliJson<{ rows: CostRow[] }>(['cost', '--profile', profile, '--parties', String(parties), '--n', String(n), '--batching', batching]).rows);
    }
  }
  return rows;
}

/** The series a uPlot chart's legend lists (its first row is the x axis). */
const legendSeries = (p: Party, chart: string) => p.page.getByTestId(chart).locator('.u-legend .u-series:not(:first-child)');

const rowOf = (p: Party, want: CostRow) => p.page.locator(`[data-testid="compare-row"][data-key="${want.method}/${want.profile}/${want.batching ? 'on' : 'off'}"]`);

test('method comparison: every method, profile and batching setting, equal to `cost`, with charts and CSV', async ({ browser }) => {
  test.setTimeout(300_000);
  const { creator: a, link } = await createRoom(browser, 2);
  const b = await openParty(browser, link);
  await connectAll([a, b]);
  const n = 200;
  await configure(a.page, { method: 'pade', profile: 'fast', n, lo: -20, hi: 20 });
  const expected = expectedCosts(2, n);
  expect(expected).toHaveLength(12);

  await expect(a.page.getByTestId('compare-run')).toContainText('24 runs');
  await a.page.getByTestId('compare-run').click();
  await expect(a.page.getByTestId('compare-status')).toHaveText('24 runs done', { timeout: 240_000 });

  for (const p of [a, b]) {
    const rows = p.page.getByTestId('compare-row');
    await expect(rows).toHaveCount(12);
    for (const want of expected) {
      const row = rowOf(p, want);
      await expect(row.getByTestId('cmp-rounds')).toHaveText(String(want.rounds));
      await expect(row.getByTestId('cmp-bytes')).toHaveText(String(want.bytesSentPerElement));
    }
    await expect(legendSeries(p, 'compare-time-chart')).toHaveCount(6);
  }
  // batching changes rounds, never results: same bytes, and on [-20, 20] every method has a range
  for (const method of ['taylor', 'pade', 'prime']) {
    const on = a.page.locator(`[data-testid="compare-row"][data-key="${method}/fast/on"]`);
    await expect(on.getByTestId('cmp-range')).toHaveText(/^\[-?[\d.]+, -?[\d.]+\]$/);
  }
  await expect(legendSeries(a, 'compare-error-chart')).toHaveCount(6);
  await expect(legendSeries(a, 'compare-error-chart').filter({ hasText: 'pade · spu2024' })).toBeVisible();
  await expect(b.page.getByTestId('compare-error-chart')).toHaveCount(0);
  await expect(b.page.getByTestId('cmp-range').first()).toHaveText('—');

  const [dl] = await Promise.all([a.page.waitForEvent('download'), a.page.getByTestId('compare-csv').click()]);
  const csv = (await readFile((await dl.path())!, 'utf8')).trim().split('\n');
  expect(csv).toHaveLength(1 + 24);
  for (const want of expected) {
    const line = csv.find((l) => l.startsWith(`${want.method},${want.profile},${want.batching ? 'on' : 'off'},FM128,2,${n},`));
    expect(line?.split(',').slice(7, 9)).toEqual([String(want.rounds), String(want.bytesSentPerElement)]);
  }

  mkdirSync(shots, { recursive: true });
  await a.page.getByTestId('lab-compare').screenshot({ path: join(shots, 'comparison.png') });
  for (const p of [a, b]) await p.context.close();
  expect([...a.errors, ...b.errors]).toEqual([]);
});

test('method comparison in a three-tab room: taylor and pade only, every tab equal to `cost` for 3 parties', async ({ browser }) => {
  test.setTimeout(300_000);
  const { creator: p0, link } = await createRoom(browser, 3);
  const p1 = await openParty(browser, link);
  const p2 = await openParty(browser, link);
  const all = [p0, p1, p2];
  await connectAll(all);
  const n = 100;
  await configure(p0.page, { method: 'pade', profile: 'fast', n, lo: -10, hi: 10 });
  const expected = expectedCosts(3, n);
  expect(expected.map((r) => r.method).sort()).toEqual([...Array(4).fill('pade'), ...Array(4).fill('taylor')]);
  // proposed by a tab that is not the input party
  await configure(p1.page, { method: 'pade', profile: 'fast', n, lo: -10, hi: 10 });
  await expect(p1.page.getByTestId('compare-run')).toContainText('16 runs');
  await p1.page.getByTestId('compare-run').click();
  await expect(p1.page.getByTestId('compare-status')).toHaveText('16 runs done', { timeout: 240_000 });
  for (const p of all) {
    await expect(p.page.getByTestId('compare-row')).toHaveCount(8);
    for (const want of expected) {
      await expect(rowOf(p, want).getByTestId('cmp-rounds')).toHaveText(String(want.rounds));
      await expect(rowOf(p, want).getByTestId('cmp-bytes')).toHaveText(String(want.bytesSentPerElement));
    }
  }
  await expect(legendSeries(p0, 'compare-error-chart')).toHaveCount(4);
  for (const p of all) await p.context.close();
  expect(all.flatMap((p) => p.errors)).toEqual([]);
});
