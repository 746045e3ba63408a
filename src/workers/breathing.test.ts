import { describe, expect, it } from 'vitest';
import { breathingPacer, PAGE_REST_AFTER_MS, PAGE_REST_MAX_MS, PAGE_SILENT_MS, REST_MS, SMALL_MACHINE_CORES, WORK_MS, type RestClock } from './breathing';
import type { PageSilence } from '../link/pageBeat';

/** A clock that moves only when told to, and records each rest (a rest moves it by its length). */
function fakeClock(): RestClock & { t: number; restsAt: number[] } {
  const c = {
    t: 0,
    restsAt: [] as number[],
    now: () => c.t,
    sleep: (ms: number) => {
      c.restsAt.push(c.t);
      c.t += ms;
    },
  };
  return c;
}

describe('breathing pacer', () => {
  it('rests only on small machines', () => {
    expect(breathingPacer(SMALL_MACHINE_CORES + 1)).toBeNull();
    expect(breathingPacer(Number.NaN)).toBeNull();
    expect(breathingPacer(2)).not.toBeNull();
  });

  it(`rests ${REST_MS} ms after ${WORK_MS} ms of continuous work, and not after waiting`, () => {
    const clock = fakeClock();
    const { pacer, restedMs } = breathingPacer(2, clock)!;
    for (let step = 0; step < 40; step++) {
      clock.t += 0.5; // computing: a chunk of work every 0.5 ms
      pacer();
    }
    // 20 ms of work: a rest at 8 ms of work, and again 8 ms of work after it
    expect(clock.restsAt).toEqual([WORK_MS, 2 * WORK_MS + REST_MS]);
    expect(restedMs()).toEqual({ total: 2 * REST_MS, forPage: 0 });
    clock.t += 50; // waiting for a frame: not work, and the count of work starts again
    for (let step = 0; step < 15; step++) {
      clock.t += 0.5;
      pacer();
    }
    expect(clock.restsAt.length).toBe(2);
  });

  it(`rests while the page has missed its beats for ${PAGE_SILENT_MS} ms, until it beats, at most ${PAGE_REST_MAX_MS} ms a silence`, () => {
    const clock = fakeClock();
    let lastBeat = 0;
    let beatsIn = Infinity; // ms of waiting after which the page beats again
    const waits: number[] = [];
    const page: PageSilence = {
      silentFor: (t) => t - lastBeat,
      awaitBeat: (maxMs) => {
        waits.push(maxMs);
        const slept = Math.min(maxMs, beatsIn);
        clock.t += slept;
        if (slept === beatsIn) lastBeat = clock.t;
        return slept === beatsIn;
      },
    };
    const breathing = breathingPacer(2, clock)!;
    breathing.watchPage(page);
    const work = (ms: number) => {
      for (const end = clock.t + ms; clock.t < end; ) {
        clock.t += 0.5;
        lastBeat = Math.max(lastBeat, clock.t - 1); // a page that beats all the time
        breathing.pacer();
      }
    };
    work(4);
    expect(waits).toEqual([]);
    // the page misses its beats: the worker rests once silence reaches the threshold, and wakes at the beat
    clock.t += PAGE_SILENT_MS;
    beatsIn = 30;
    breathing.pacer();
    expect(waits).toEqual([PAGE_REST_MAX_MS]);
    expect(breathing.restedMs().forPage).toBe(30);
    // a page silent for longer than the limit: the worker rests up to it, then goes on computing
    clock.t += PAGE_SILENT_MS;
    beatsIn = Infinity;
    breathing.pacer();
    breathing.pacer();
    expect(waits).toEqual([PAGE_REST_MAX_MS, PAGE_REST_MAX_MS]);
    expect(breathing.restedMs().forPage).toBe(30 + PAGE_REST_MAX_MS);
    // until the page beats again: then a new silence may be waited out
    lastBeat = clock.t;
    breathing.pacer();
    clock.t += PAGE_SILENT_MS;
    beatsIn = 5;
    breathing.pacer();
    expect(waits).toEqual([PAGE_REST_MAX_MS, PAGE_REST_MAX_MS, PAGE_REST_MAX_MS]);
    expect(breathing.restedMs()).toEqual({ total: 30 + PAGE_REST_MAX_MS + 5, forPage: 30 + PAGE_REST_MAX_MS + 5 });
  });

  it(`rests for the page only after ${PAGE_REST_AFTER_MS} ms of computing since the last peer frame (a small run's rounds never)`, () => {
    const clock = fakeClock();
    let waited = 0;
    const breathing = breathingPacer(2, clock)!;
    // a page that never beats, and wakes nobody
    breathing.watchPage({
      silentFor: (t) => t,
      awaitBeat: (ms) => {
        waited++;
        clock.t += ms;
        return false;
      },
    });
    for (let round = 0; round < 20; round++) {
      clock.t += 10; // waiting for the peer's frame, which comes
      breathing.frameTaken();
      for (let k = 0; k < 30; k++) {
        clock.t += 0.5; // then 15 ms of computing
        breathing.pacer();
      }
    }
    expect(waited).toBe(0);
    breathing.frameTaken();
    for (let k = 0; k < 50; k++) {
      clock.t += 0.5; // a round of 25 ms of computing: now it rests, once (the silence's limit)
      breathing.pacer();
    }
    expect(waited).toBe(1);
  });

  it('really sleeps on the thread clock', () => {
    const { pacer, restedMs } = breathingPacer(2)!;
    // busy, calling in as kernels do between chunks, until the first rest (a descheduled thread
    // shows a gap that counts as waiting, so allow a while)
    for (const end = performance.now() + 1000; restedMs().total === 0 && performance.now() < end; ) pacer();
    expect(restedMs().total).toBeGreaterThanOrEqual(REST_MS - 0.1);
  });
});
