import { describe, expect, it } from 'vitest';
import { emptyCounters } from '../mpc/sched/counters';
import { finalFigures, roundsInWords } from './finalFigures';

describe("a finished run's one set of figures", () => {
  it('splits the online rounds and bytes into the exp and the opening of the result', () => {
    const c = emptyCounters(2);
    const exp = { ...c.online, rounds: 12, payloadBytesSent: 608_000, payloadBytesReceived: 608_000 };
    const totalOnline = { ...c.online, rounds: 13, payloadBytesSent: 624_000, payloadBytesReceived: 624_000 };
    const f = finalFigures({ exp, totalOnline, expMs: 812.5, totalMs: 1430 });
    expect(f).toEqual({
      expRounds: 12,
      openingRounds: 1,
      onlineRounds: 13,
      expBytesSent: 608_000,
      openingBytesSent: 16_000,
      onlineBytesSent: 624_000,
      onlineBytesReceived: 624_000,
      expMs: 812.5,
      wholeRunMs: 1430,
    });
    expect(roundsInWords(f)).toBe('12 rounds of the exp + 1 opening round');
    expect(roundsInWords({ expRounds: 1, openingRounds: 2 })).toBe('1 round of the exp + 2 opening rounds');
  });
});
