import { describe, expect, it } from 'vitest';
import { breathingPacer, REST_MS, SMALL_MACHINE_CORES, WORK_MS, type RestClock } from './breathing';

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
    expect(restedMs()).toBe(2 * REST_MS);
    clock.t += 50; // waiting for a frame: not work, and the count of work starts again
    for (let step = 0; step < 15; step++) {
      clock.t += 0.5;
      pacer();
    }
    expect(clock.restsAt.length).toBe(2);
  });

  it('really sleeps on the thread clock', () => {
    const { pacer, restedMs } = breathingPacer(2)!;
    // busy, calling in as kernels do between chunks, until the first rest (a descheduled thread
    // shows a gap that counts as waiting, so allow a while)
    for (const end = performance.now() + 1000; restedMs() === 0 && performance.now() < end; ) pacer();
    expect(restedMs()).toBeGreaterThanOrEqual(REST_MS - 0.1);
  });
});
