import { describe, expect, it } from 'vitest';
import { PeerClock } from './peerClock';

describe('PeerClock', () => {
  it('knows nothing before a sample', () => {
    const c = new PeerClock();
    expect(c.offsetMs()).toBeNull();
    expect(c.errorMs(0)).toBeNull();
    expect(c.toLocal(100)).toBeNull();
  });

  it('keeps the sample with the tightest bound', () => {
    const c = new PeerClock();
    c.sample(100, 1105, 110); // rtt 10: offset 1000 ± 5
    c.sample(200, 1200.5, 201); // rtt 1: offset 1000 ± 0.5, tighter
    c.sample(300, 1340, 320); // rtt 20, one-sided delay: offset 1030 ± 10, looser: ignored
    expect(c.offsetMs()).toBe(1000);
    expect(c.toLocal(5000)).toBe(4000);
    expect(c.errorMs(201)).toBe(0.5);
  });

  it('is not displaced by the round trips of a party busy computing for seconds', () => {
    const c = new PeerClock();
    c.sample(0, 500.2, 0.4); // offset 500 ± 0.2
    // pings during a 3 s computation: answered (or read) seconds late, offsets off by up to 1.5 s
    for (let i = 1; i <= 12; i++) c.sample(i * 250, i * 250 + 500 + 1500, i * 250 + 3000);
    expect(c.offsetMs()).toBe(500);
  });

  it('lets an old sample go once drift may have made it worse than a new one', () => {
    const c = new PeerClock();
    c.sample(0, 500.05, 0.1); // ± 0.05
    c.sample(1000, 1500.1, 1000.2); // ± 0.1 after 1 s: the old one is still within 0.05 + 0.0001
    expect(c.offsetMs()).toBeCloseTo(500, 9);
    // 10 minutes later the old bound has grown by 60 ms: a ± 0.1 ms sample wins
    c.sample(600_000, 600_502, 600_000.2);
    expect(c.offsetMs()).toBeCloseTo(501.9, 9);
  });

  it('ignores samples whose pong came back before its ping', () => {
    const c = new PeerClock();
    c.sample(10, 50, 5);
    c.sample(10, Number.NaN, 12);
    expect(c.offsetMs()).toBeNull();
  });
});
