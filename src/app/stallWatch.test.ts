import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { VOUCH_RULES, vouchesForEngine, watchStall } from './stallWatch';

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

describe('vouchesForEngine', () => {
  const startedAt = 1_000;
  const idle = { startedAt, bytesAt: null };

  it('vouches while the engine computes or a round is held, and from the start until its first word', () => {
    expect(vouchesForEngine({ ...idle, word: null }, startedAt + 5_000)).toBe(true);
    // a round held in step mode: the idle engine reports every second, not awaiting
    expect(vouchesForEngine({ ...idle, word: { awaiting: false, at: 600_000 } }, 600_900)).toBe(true);
  });

  it('does not cover for an engine that awaits frames that do not move: a dropped frame must show', () => {
    const word = { awaiting: true, at: 10_000 };
    expect(vouchesForEngine({ ...idle, word }, 10_000 + VOUCH_RULES.awaitingHoldsMs - 1)).toBe(false);
    expect(vouchesForEngine({ startedAt, word, bytesAt: 10_000 - VOUCH_RULES.receivingHoldsMs }, 10_000)).toBe(false);
    // an old "awaiting": the engine went back to computing without a moment to say so
    expect(vouchesForEngine({ ...idle, word }, 10_000 + VOUCH_RULES.awaitingHoldsMs)).toBe(true);
  });

  it('vouches for an engine that awaits frames whose bytes are still arriving: its own frame waits for them', () => {
    expect(vouchesForEngine({ startedAt, word: { awaiting: true, at: 10_000 }, bytesAt: 9_000 }, 10_500)).toBe(true);
    expect(vouchesForEngine({ startedAt, word: { awaiting: true, at: 10_000 }, bytesAt: 9_000 }, 9_000 + VOUCH_RULES.receivingHoldsMs)).toBe(false);
  });

  it('stops vouching for an engine not heard from for a minute (hung or dead)', () => {
    const word = { awaiting: false, at: 10_000 };
    expect(vouchesForEngine({ ...idle, word }, 10_000 + 59_999)).toBe(true);
    expect(vouchesForEngine({ ...idle, word }, 10_000 + 60_000)).toBe(false);
    expect(vouchesForEngine({ ...idle, word: null }, startedAt + 60_000)).toBe(false);
  });
});
