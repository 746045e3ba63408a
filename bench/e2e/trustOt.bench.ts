/**
 * Benchmark, not a check (`npm run bench:trust-ot`): exp prime dealer-free between two
 * tabs, offline and online apart, as the result shows them, and each worker's random COTs per
 * second (measured around its OT extension calls, as bench/otBench.ts counts them in Node). The first run in a room makes the
 * base OTs (setup), later runs reuse them. Sizes: TABMPC_TRUST_BENCH_N (default 1000; comma list);
 * the OT extension: TABMPC_TRUST_BENCH_EXT (default the app's, softspoken4); runs per size:
 * TABMPC_TRUST_BENCH_REPS (default 3).
 *
 *   npm run bench:trust-ot
 */
import { expect, test } from '@playwright/test';
import { createRoom, openParty } from '../../e2e/helpers';
import { configure, connectAll, startAndFinish } from '../../e2e/runs';

test('exp prime dealer-free between two tabs: offline and online times', async ({ browser }) => {
  test.setTimeout(900_000);
  const sizes = (process.env.TABMPC_TRUST_BENCH_N ?? '1000').split(',').map(Number);
  const { creator: a, link } = await createRoom(browser, 2);
  const b = await openParty(browser, link);
  await connectAll([a, b]);
  for (const n of sizes) {
    await configure(a.page, { method: 'prime', profile: 'fast', n, lo: -5, hi: 5, trust: 'ot' });
    const ext = process.env.TABMPC_TRUST_BENCH_EXT;
    if (ext) {
      await a.page.getByText('Advanced: OT extension').click();
      await a.page.getByTestId(`ot-extension-${ext}`).click();
    }
    for (let rep = 0; rep < Number(process.env.TABMPC_TRUST_BENCH_REPS ?? 3); rep++) {
      const t0 = Date.now();
      await startAndFinish(a, [a, b], 600_000);
      const wall = Date.now() - t0;
      await expect(a.page.getByTestId('result-check')).toHaveClass(/ok/);
      for (const [i, p] of [a, b].entries()) {
        const phases = (await p.page.getByTestId('result-phases').innerText()).replace(/\s+/g, ' ').replace(/ This machine.*$/, '');
        const off = p.page.getByTestId('result-offline');
        const rows = (await p.page.getByTestId('result-offline-online').innerText()).replace(/\s+/g, ' ');
        // random COTs per second in this tab's worker, measured around its OT extension calls
        const cot = (await p.page.getByTestId('result-cot-rate').innerText()).replace(/\s+/g, ' ');
        console.log(`[trust-bench] ${ext ?? 'softspoken4'} n=${n} run ${rep + 1} party ${i}: click to done in every tab ${wall} ms | offline rounds ${await off.getAttribute('data-rounds')} bytes ${await off.getAttribute('data-bytes')} | ${phases} | ${rows} | ${cot}`);
      }
    }
  }
  for (const p of [a, b]) await p.context.close();
});
