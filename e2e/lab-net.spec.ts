/**
 * Network emulation and compression between two real tabs: a run under SPU's 100Mbit/10ms level
 * takes at least rounds × 10 ms and matches the CLI's `bench` estimate; a run with deflated
 * frames gives the same results and counters, with a wire/frame ratio of about 1.
 */
import { expect, test, type Page } from '@playwright/test';
import { createRoom, expectConnected, openParty } from './helpers';
import { cliJson, startAndFinish } from './runs';

const METHOD = 'prime';
const N = 1000;
const PRESETS = ['100Gbit-0ms', '1Gbit-1ms', '100Mbit-10ms', '10Mbit-100ms'] as const;

interface BenchRow {
  rounds: number;
  computeMs: number;
  estimateMs: number;
  measuredMs: number;
}

/** The CLI's in-process figures for the same exp on the same emulated network. */
function cliBench(preset: string): BenchRow {
  return cliJson<{ rows: BenchRow[] }>(['bench', '--net', preset, '--method', METHOD, '--n', String(N)]).rows[0]!;
}

/** "87.3 ms" or "1.25 s" as the page formats times. */
function parseMs(text: string): number {
  const m = /([\d.]+) (ms|s)\b/.exec(text);
  if (!m) throw new Error(`not a time: ${text}`);
  return Number(m[1]) * (m[2] === 's' ? 1000 : 1);
}

/** What must not change with compression: the engine's counters and the opened values. */
async function outcome(page: Page) {
  return {
    rounds: await page.getByTestId('result-rounds').textContent(),
    sent: await page.getByTestId('result-bytes-sent').textContent(),
    received: await page.getByTestId('result-bytes-received').textContent(),
    traffic: await page.getByTestId('traffic-table').last().textContent(),
    values: await page.getByTestId('values').locator('tbody tr').evaluateAll((rows) => rows.map((r) => Array.from(r.querySelectorAll('td'), (td) => td.textContent ?? ''))),
  };
}

/** The result's wire/frame ratios (sent, received), logged; the explanation must be there. */
async function wireRatios(page: Page, what: string): Promise<number[]> {
  const ratio = page.getByTestId('wire-ratio');
  await expect(ratio).toContainText('Why no gain');
  const r = [Number(await ratio.getAttribute('data-ratio-sent')), Number(await ratio.getAttribute('data-ratio-received'))];
  console.log(`[lab-net] ${what}, compression: ${(await ratio.locator('.wire-ratio-head').textContent())!.replace(/\s+/g, ' ')}`);
  return r;
}

test('runs under an emulated network match the CLI estimate; compressed runs give the same results at a ratio of about 1', async ({ browser }) => {
  test.setTimeout(300_000);
  const { creator: a, link } = await createRoom(browser, 2);
  const b = await openParty(browser, link);
  await expectConnected(a, 1);
  await expectConnected(b, 0);
  const all = [a, b];
  await a.page.getByTestId(`method-${METHOD}`).click();
  await a.page.getByTestId('profile-fast').click();
  await a.page.getByTestId('n').fill(String(N));
  await a.page.getByTestId('trust-tfp').click();
  await a.page.getByTestId('input-kind-range').click();
  await a.page.getByTestId('input-lo').fill('-11');
  await a.page.getByTestId('input-hi').fill('40');

  // the controls: a preset sets both sliders; moving one makes it custom
  await a.page.getByTestId('net-preset-100Mbit-10ms').click();
  await expect(a.page.getByTestId('net-latency-value')).toHaveText('10 ms');
  await expect(a.page.getByTestId('net-bandwidth-value')).toHaveText('100 Mbit/s');
  await a.page.getByTestId('net-latency').fill('37');
  await expect(a.page.getByTestId('net-preset-custom')).toHaveAttribute('aria-checked', 'true');
  await expect(a.page.getByTestId('net-latency-value')).toHaveText('37 ms');
  await a.page.getByTestId('net-preset-none').click();
  await expect(a.page.getByTestId('net-latency')).toHaveCount(0);

  // 1. plain run (also warms up both workers), then the same with deflated frames
  await startAndFinish(a, all);
  const plain = [await outcome(a.page), await outcome(b.page)];
  await a.page.getByTestId('compression-on').click();
  await startAndFinish(a, all);
  for (const [i, p] of all.entries()) {
    await expect(p.page.getByTestId('run-summary-line')).toContainText('frames deflated');
    const deflated = await outcome(p.page);
    expect(deflated.rounds).toBe(plain[i]!.rounds);
    expect(deflated.sent).toBe(plain[i]!.sent);
    expect(deflated.received).toBe(plain[i]!.received);
    expect(deflated.traffic).toBe(plain[i]!.traffic);
    // same inputs, same opened values up to the method's randomness: fresh shares and probabilistic
    // truncation give each run its own error within prime's tolerance (0.25 % relative)
    expect(deflated.values.length).toBe(8);
    for (const [r, row] of deflated.values.entries()) {
      const before = plain[i]!.values[r]!;
      if (i === 0) expect(row[1]).toBe(before[1]); // x, only the input party shows it
      const y = Number(row[i === 0 ? 2 : 1]);
      const y0 = Number(before[i === 0 ? 2 : 1]);
      expect(Math.abs(y - y0) / y0).toBeLessThanOrEqual(2 * 0.0025);
      if (i === 0) expect(Math.abs(y - Number(row[3])) / Number(row[3])).toBeLessThanOrEqual(0.0025); // vs Math.exp
    }
    // prime's comparison sends Z_2..Z_16 digits one per byte (rounds 5-7): deflate takes their unused
    // bits, about 5 % of the run's bytes; everything else is uniformly random and does not shrink
    const r = await wireRatios(p.page, `party ${i}, ${METHOD} fast`);
    for (const v of r) {
      expect(v).toBeGreaterThan(0.9);
      expect(v).toBeLessThan(1.05);
    }
  }
  await expect(a.page.getByTestId('result-check')).toHaveClass(/ok/);

  // 2. SPU's kernels for taylor send only full ring elements: uniformly random bytes, no gain at all
  await a.page.getByTestId('method-taylor').click();
  await a.page.getByTestId('profile-spu2024').click();
  await a.page.getByTestId('input-lo').fill('-2');
  await a.page.getByTestId('input-hi').fill('2');
  await startAndFinish(a, all);
  await expect(a.page.getByTestId('result-check')).toHaveClass(/ok/);
  for (const [i, p] of all.entries()) for (const v of await wireRatios(p.page, `party ${i}, taylor spu2024`)) expect(v).toBeGreaterThanOrEqual(0.99);
  await a.page.getByTestId('compression-off').click();
  await a.page.getByTestId(`method-${METHOD}`).click();
  await a.page.getByTestId('profile-fast').click();
  await a.page.getByTestId('input-lo').fill('-11');
  await a.page.getByTestId('input-hi').fill('40');

  // 3. every SPU level: page time vs the CLI estimate. 100Mbit-10ms is asserted on the median of
  // five runs: on a loaded 2-core machine a run can lose whole time slices, and the two tabs
  // compute in parallel and overlap the wire, which the estimate (compute of both parties, then
  // the wire) does not, so single runs fall on both sides of it.
  let check100: { median: number; cli: number } | null = null;
  for (const preset of PRESETS) {
    await a.page.getByTestId(`net-preset-${preset}`).click();
    const cli = cliBench(preset);
    const latency = Number(/-(\d+)ms$/.exec(preset)![1]);
    const times: number[] = [];
    for (let k = 0; k < (preset === '100Mbit-10ms' ? 5 : 1); k++) {
      await startAndFinish(a, all);
      for (const p of all) await expect(p.page.getByTestId('run-summary-net')).toHaveText(preset); // the proposal's network, everywhere
      const rounds = Number((await a.page.getByTestId('result-rounds').textContent())!.replace(/\D/g, ''));
      expect(rounds).toBe(cli.rounds);
      for (const p of all) {
        const ms = parseMs((await p.page.getByTestId('result-time').locator('.stat-value').textContent())!);
        expect(ms).toBeGreaterThanOrEqual(rounds * latency);
        const est = p.page.getByTestId('result-estimate');
        // the same time as shown (to the display's precision: 2 decimals, whole ms, or 10 ms above 1 s)
        expect(Math.abs(Number(await est.getAttribute('data-exp-ms')) - ms)).toBeLessThanOrEqual(ms < 1000 ? 0.5 : 5);
      }
      const pageMs = Number(await a.page.getByTestId('result-estimate').getAttribute('data-exp-ms'));
      const pageEstimate = Number(await a.page.getByTestId('result-estimate').getAttribute('data-estimate-ms'));
      times.push(pageMs);
      console.log(
        `[lab-net] ${preset} ${METHOD} n=${N}: page exp ${pageMs.toFixed(1)} ms (page's own estimate ${pageEstimate.toFixed(1)} ms), ` +
          `CLI estimate ${cli.estimateMs} ms (compute ${cli.computeMs} ms), CLI measured ${cli.measuredMs} ms, ${rounds} rounds`,
      );
    }
    if (preset === '100Mbit-10ms') check100 = { median: times.sort((x, y) => x - y)[times.length >> 1]!, cli: cli.estimateMs };
  }
  // Frames go worker to worker on the workers' own data channels, sent at once with their due time
  // (the receiver holds them until then, netem.ts "carried"). The bound: within 25 % of the
  // CLI estimate. Relayed through the pages' main threads the fastest run was +77 %, held by the
  // sending worker's timers the fastest was −3 to +28 % and the median of five +26 and +37 % in
  // two runs (BENCHMARKS.md). So TABMPC_E2E_RELAY=1 (the old path, for comparison) fails here.
  const { median, cli } = check100!;
  console.log(`[lab-net] 100Mbit-10ms median page exp ${median.toFixed(1)} ms vs CLI estimate ${cli} ms: ${((100 * (median - cli)) / cli).toFixed(1)}%`);
  expect(Math.abs(median - cli) / cli, 'page time against the CLI estimate at 100Mbit-10ms').toBeLessThanOrEqual(0.25);
  for (const p of all) await p.context.close();
  expect([...a.errors, ...b.errors]).toEqual([]);
});
