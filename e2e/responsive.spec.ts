/**
 * The page stays responsive while the engine works: the engine runs in the worker and sends its
 * frames on its own data channels, so the main thread only renders progress. Long tasks (Long
 * Tasks API) on either tab's main thread during a run of 100,000 values are recorded from before
 * the run starts and printed, with what filled every long animation frame over 100 ms
 * (TABMPC_E2E_FRAME_MS=N prints those over N ms). The target is none over 100 ms; the test fails
 * above 250 ms, which would mean real work on the main thread.
 *
 * On this 2-core machine two workers computing at full speed, the browser's network threads and
 * two renderers share the CPU, so each page's main thread gets a fraction of a core: the frames
 * printed show tasks of 20–50 ms of script stretched to 100–280 ms, and frames of that length
 * with no script at all. A Chromium trace names the longest: V8's memory-reducing full GC of the
 * page's 3–5 MB heap, 3–8 ms of CPU on the main thread and 70–143 ms waiting for GC helper threads
 * that get no core, or the thread not scheduled at all. So a hard 100 ms bound fails on the
 * machine's load, not on the page (BENCHMARKS.md has the figures). On a machine of at most 4
 * cores each worker now rests 2 ms after every 8 ms of computing (src/workers/breathing.ts): 1 of
 * 16 runs since had a task over 100 ms (133), against 3 of 21 before; the test checks that the
 * workers did rest. What keeps tasks short: frames
 * go worker to worker, the run's clock re-renders only itself, the progress bar animates on the
 * compositor, the lab's views render in a React transition (time-sliced) and lay out and paint
 * only while on screen, progress reaches the page ten times a second, and a finished run is
 * rendered over several tasks.
 */
import { expect, test, type Page } from '@playwright/test';
import { createRoom, openParty } from './helpers';
import { configure, connectAll } from './runs';

declare global {
  interface Window {
    __longTasks: { start: number; duration: number }[];
    __frames: { start: number; duration: number; render: number; layout: number; scripts: string }[];
  }
}

async function watchLongTasks(page: Page): Promise<void> {
  await page.addInitScript(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
    // Long animation frames say what a long task was: script (which function), or rendering
    window.__frames = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries() as (PerformanceEntry & { renderStart: number; styleAndLayoutStart: number; scripts: { invoker: string; duration: number; sourceFunctionName: string }[] })[]) {
        const end = e.startTime + e.duration;
        window.__frames.push({
          start: e.startTime,
          duration: e.duration,
          render: e.renderStart > 0 ? end - e.renderStart : 0,
          layout: e.styleAndLayoutStart > 0 ? end - e.styleAndLayoutStart : 0,
          scripts: e.scripts.map((sc) => `${sc.invoker}${sc.sourceFunctionName ? ` (${sc.sourceFunctionName})` : ''}:${sc.duration.toFixed(0)}`).join(','),
        });
      }
    }).observe({ type: 'long-animation-frame', buffered: true });
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
    const frames = (await p.page.evaluate(() => window.__frames)).filter((f) => f.start >= marks[i]! && f.duration > Number(process.env.TABMPC_E2E_FRAME_MS ?? 100));
    for (const f of frames) {
      console.log(`[responsive] party ${i}: frame at ${(f.start - marks[i]!).toFixed(0)} ms, ${f.duration.toFixed(0)} ms: rendering ${f.render.toFixed(0)} (style and layout ${f.layout.toFixed(0)}), scripts ${f.scripts || 'none'}`);
    }
    expect(during.filter((t) => t.duration > 250), `long tasks over 250 ms on party ${i}'s page`).toEqual([]);
  }
  await expect(a.page.getByTestId('result-check')).toHaveClass(/ok/);
  // on a small machine (this one has 2 cores) each worker rested while computing, and says so
  for (const [i, p] of [a, b].entries()) {
    const cores = await p.page.evaluate(() => navigator.hardwareConcurrency);
    if (cores > 4) continue;
    const rested = Number(await p.page.getByTestId('result-breathing').getAttribute('data-rested-ms'));
    console.log(`[responsive] party ${i}: worker rested ${rested.toFixed(0)} ms (${cores} cores)`);
    expect(rested).toBeGreaterThan(0);
  }
  for (const p of [a, b]) await p.context.close();
});
