import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BEAT_MS, PageBeat, pageBeatCells, pageSilence, type PageVisibility } from './pageBeat';

function fakeVisibility(): PageVisibility & { shown: boolean; changed: (() => void) | null } {
  const v = {
    shown: true,
    changed: null as (() => void) | null,
    visible: () => v.shown,
    watch: (changed: () => void) => {
      v.changed = changed;
      return () => (v.changed = null);
    },
  };
  return v;
}

describe('page beat', () => {
  let beat: PageBeat | null = null;
  afterEach(() => {
    beat?.stop();
    vi.useRealTimers();
  });

  it('a busy page is silent for as long as it is busy; a quiet one (no run, or hidden) never', () => {
    vi.useFakeTimers();
    let t = 0; // the worker's clock
    /** The page in a long task: time passes, and no timer (no beat) runs meanwhile. */
    const busy = (ms: number) => void (t += ms);
    /** The page idle: time passes and its timers run when due. */
    const idle = (ms: number) => {
      for (let i = 0; i < ms; i++) {
        t += 1;
        vi.advanceTimersByTime(1);
      }
    };
    const cells = pageBeatCells()!;
    const page = fakeVisibility();
    const silence = pageSilence(cells, () => t);
    busy(3 * BEAT_MS);
    expect(silence.silentFor(t)).toBe(0); // not started: quiet
    beat = new PageBeat(cells, page);
    beat.start();
    idle(5 * BEAT_MS);
    expect(silence.silentFor(t)).toBe(0); // it beat just now
    idle(BEAT_MS / 2);
    expect(silence.silentFor(t)).toBe(BEAT_MS / 2);
    idle(BEAT_MS / 2);
    expect(silence.silentFor(t)).toBe(0);
    busy(6 * BEAT_MS);
    expect(silence.silentFor(t)).toBe(6 * BEAT_MS);
    // hidden: the beat says so at once, and silence does not count
    page.shown = false;
    page.changed?.();
    busy(6 * BEAT_MS);
    expect(silence.silentFor(t)).toBe(0);
    page.shown = true;
    idle(3 * BEAT_MS);
    beat.stop();
    expect(page.changed).toBeNull();
    busy(6 * BEAT_MS);
    expect(silence.silentFor(t)).toBe(0);
  });

  // the one test on the real clock: Atomics.wait blocks this thread, and another thread wakes it
  it('awaitBeat wakes at the beat, from another thread, and times out without one', async () => {
    const cells = pageBeatCells()!;
    const silence = pageSilence(cells, () => performance.now());
    let t = performance.now();
    expect(silence.awaitBeat(30)).toBe(false);
    expect(performance.now() - t).toBeGreaterThanOrEqual(29);
    // another thread beats (as the page does) 50 ms from now; the wait ends then, not after 5 s
    const page = new Worker(
      `const { workerData } = require('node:worker_threads');
       const cells = new Int32Array(workerData);
       setTimeout(() => { Atomics.store(cells, 1, 1); Atomics.add(cells, 0, 1); Atomics.notify(cells, 0); }, 50);`,
      { eval: true, workerData: cells.buffer },
    );
    try {
      await new Promise((resolve) => page.once('online', resolve));
      t = performance.now();
      expect(silence.awaitBeat(5_000)).toBe(true);
      expect(performance.now() - t).toBeLessThan(2_500);
    } finally {
      await page.terminate();
    }
    // a beat already missed by the worker: no wait at all
    Atomics.add(cells, 0, 1);
    t = performance.now();
    expect(silence.awaitBeat(1_000)).toBe(true);
    expect(performance.now() - t).toBeLessThan(500);
  });
});
