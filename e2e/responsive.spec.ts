/**
 * The page stays responsive while the engine works: the engine runs in the worker, so the main
 * thread only moves frames and renders progress. Long tasks (Long Tasks API) on either tab's main
 * thread during a run of 100,000 values are recorded from before the run starts and printed. The
 * target is none over 100 ms; the test fails above 250 ms, which would mean real work on the main
 * thread. Today's tasks are style, layout and paint only (traced), 50–143 ms at worst per run
 * (BENCHMARKS.md, depending on how busy the machine is), so a hard 100 ms bound fails on noise.
 *
 * On this 2-core machine the browser's network threads (higher OS priority) leave each page's main
 * thread a fraction of a core while both tabs move data, so every task runs several times longer
 * than its CPU time. What keeps tasks short (BENCHMARKS.md has the figures): the link writes at most
 * 512 KiB or 4 ms of chunks per task, the run's clock re-renders only itself, the progress bar
 * animates on the compositor, the lab's views render in a React transition (time-sliced) and lay
 * out and paint only while on screen, progress reaches the page ten times a second, and a
 * finished run is rendered in a task after the one that received it.
 */
import { expect, test, type Page } from '@playwright/test';
import { createRoom, openParty } from './helpers';
import { configure, connectAll } from './runs';

declare global {
  interface Window {
    __longTasks: { start: number; duration: number }[];
  }
}

async function watchLongTasks(page: Page): Promise<void> {
  await page.addInitScript(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  });
}

test('long tasks on both pages while 100,000 values are computed: printed, none over 250 ms (target 100)', async ({ browser }) => {
  test.setTimeout(240_000);
  const { creator: a, link } = await createRoom(browser, 2, watchLongTasks);
  const b = await openParty(browser, link, watchLongTasks);
  await connectAll([a, b]);
  await configure(a.page, { method: 'pade', profile: 'fast', n: 100_000, lo: -10, hi: 20 });
  const marks = await Promise.all([a, b].map((p) => p.page.evaluate(() => performance.now())));
  await a.page.getByTestId('start-run').click();
  // wait with a cheap poll: Playwright's locator assertions walk the DOM in the page's main thread
  // and would themselves show up as long tasks
  for (const p of [a, b]) {
    await p.page.waitForFunction(() => document.querySelector('[data-testid="run-panel"]')?.getAttribute('data-run-phase') === 'done', null, {
      polling: 500,
      timeout: 200_000,
    });
  }
  for (const [i, p] of [a, b].entries()) {
    const tasks = await p.page.evaluate(() => window.__longTasks);
    const during = tasks.filter((t) => t.start >= marks[i]!);
    const worst = Math.max(0, ...during.map((t) => t.duration));
    console.log(`[responsive] party ${i}: ${during.length} long tasks during the run, longest ${worst.toFixed(0)} ms: ${during.map((t) => `${(t.start - marks[i]!).toFixed(0)}+${t.duration.toFixed(0)}`).join(" ")}`);
    expect(during.filter((t) => t.duration > 250), `long tasks over 250 ms on party ${i}'s page`).toEqual([]);
  }
  await expect(a.page.getByTestId('result-check')).toHaveClass(/ok/);
  for (const p of [a, b]) await p.context.close();
});
