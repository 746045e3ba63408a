import { describe, expect, it } from 'vitest';
import { PeerClock } from './peerClock';

describe('PeerClock', () => {
  it('knows nothing before a sample', () => {
    const c = new PeerClock();
    expect(c.offsetMs()).toBeNull();
    expect(c.toLocal(100)).toBeNull();
  });

  it('takes the offset from the recent sample with the shortest round trip', () => {
    const c = new PeerClock();
    c.sample(100, 1105, 110); // rtt 10: offset 1000
    c.sample(200, 1200.5, 201); // rtt 1: offset 1000, tighter
    c.sample(300, 1340, 320); // rtt 20, one-sided delay: offset 1030
    expect(c.offsetMs()).toBe(1000);
    expect(c.toLocal(5000)).toBe(4000);
  });

  it('forgets samples older than the last eight', () => {
    const c = new PeerClock();
    c.sample(0, 500, 0.2); // the tightest, then eight looser ones push it out
    for (let i = 1; i <= 8; i++) c.sample(i * 100, i * 100 + 702, i * 100 + 4);
    expect(c.offsetMs()).toBe(700);
  });

  it('ignores samples whose pong came back before its ping', () => {
    const c = new PeerClock();
    c.sample(10, 50, 5);
    c.sample(10, Number.NaN, 12);
    expect(c.offsetMs()).toBeNull();
  });
});
