import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { watchStall } from './stallWatch';

describe('watchStall', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('fires once nothing changed for stallMs, with how long each counter was still', () => {
    const counters = [0, 0];
    const stalls: (readonly number[])[] = [];
    watchStall({ stallMs: 10_000, checkMs: 1_000, sample: () => counters, onStall: (s) => stalls.push(s), now: () => Date.now() });
    // counter 1 moves for 4 s, then everything stops
    for (let s = 1; s <= 4; s++) {
      counters[1] = s;
      vi.advanceTimersByTime(1_000);
    }
    vi.advanceTimersByTime(9_000);
    expect(stalls).toEqual([]);
    vi.advanceTimersByTime(1_000);
    expect(stalls).toEqual([[14_000, 10_000]]);
    vi.advanceTimersByTime(60_000);
    expect(stalls).toHaveLength(1);
  });

  it('any change resets the clock, and stop ends the watch', () => {
    let rounds = 0;
    const onStall = vi.fn();
    const stop = watchStall({ stallMs: 5_000, checkMs: 1_000, sample: () => [rounds], onStall });
    for (let i = 0; i < 20; i++) {
      rounds += 1;
      vi.advanceTimersByTime(1_000);
    }
    expect(onStall).not.toHaveBeenCalled();
    stop();
    vi.advanceTimersByTime(60_000);
    expect(onStall).not.toHaveBeenCalled();
  });
});
