import { describe, expect, it } from 'vitest';
import { breathingPacer, REST_MS, SMALL_MACHINE_CORES, WORK_MS } from './breathing';

describe('breathing pacer', () => {
  it('rests only on small machines', () => {
    expect(breathingPacer(SMALL_MACHINE_CORES + 1)).toBeNull();
    expect(breathingPacer(Number.NaN)).toBeNull();
    expect(breathingPacer(2)).not.toBeNull();
  });

  it(`rests about ${REST_MS} ms after ${WORK_MS} ms of continuous work, and not after waiting`, () => {
    let fake = 0;
    const { pacer, restedMs } = breathingPacer(2, () => fake)!;
    const restsAt: number[] = [];
    for (let step = 0; step < 40; step++) {
      fake += 0.5; // computing: a chunk of work every 0.5 ms
      const before = performance.now();
      pacer();
      if (performance.now() - before >= REST_MS - 0.5) restsAt.push(fake);
    }
    // 20 ms of work (the fake clock does not see the rests): at 8 ms and 8 ms after that
    expect(restsAt).toEqual([WORK_MS, 2 * WORK_MS]);
    expect(restedMs()).toBe(0); // measured on the given clock, which the rests do not move
    fake += 50; // waiting for a frame: the work clock restarts, no rest right away
    const before = performance.now();
    pacer();
    expect(performance.now() - before).toBeLessThan(REST_MS - 0.5);
  });
});
