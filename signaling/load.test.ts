/**
 * The server under load and attack at once (child process, default limits): 300 clients over 50
 * loopback addresses (200 staying in their rooms, 100 churning), slow readers, flooders, and a
 * well-behaved room that must get every signal. Bounded to 10 s of traffic; the bench (bench/signalingLoad.ts) runs the same driver longer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runLoad, spawnServer, type ServerProcess } from './loadDriver';

/** Resident memory the server may reach: tsx's baseline (~80 MiB) plus bounded queues. */
const RSS_BOUND_MIB = 170;

describe('signaling server under load', () => {
  let server: ServerProcess;
  beforeAll(async () => {
    server = await spawnServer();
  });
  afterAll(async () => {
    await server.stop();
  });

  it('relays every signal of a good room while 300 clients stay or churn, slow readers are cut and flooders closed', async () => {
    const rssBefore = server.rssMiB();
    let rssPeak = rssBefore;
    const r = await runLoad(server.url, {
      seconds: 10,
      clients: 300,
      slowReaders: 4,
      flooders: 4,
      sample: () => {
        if (server.alive()) rssPeak = Math.max(rssPeak, server.rssMiB());
      },
    });
    const rssAfter = server.rssMiB();
    console.log(JSON.stringify({ ...r, good: { ...r.good, faults: r.good.faults.length }, churnFaults: r.churnFaults.slice(0, 5), rssBefore, rssPeak, rssAfter }));
    expect(server.alive()).toBe(true);
    expect(r.good.faults).toEqual([]);
    // 2 × 20 signals/s for 10 s when the machine is idle; timers run late when it is shared.
    expect(r.good.sent).toBeGreaterThan(50);
    expect(r.good.received).toBe(r.good.sent);
    // Measured and printed (the bench reports it with the driver's own lag); the bound only
    // catches a server that stalls, since on a shared 2-core machine p99 ranges 0.3-4 s.
    expect(r.good.p99Ms).toBeLessThan(8000);
    expect(r.churnFaults).toEqual([]);
    // 200 residents stay throughout; churners and attackers come and go on top.
    expect(r.peakOpenSockets).toBeGreaterThanOrEqual(220);
    expect(r.churnCycles).toBeGreaterThan(50);
    // Each slow reader is cut off at least once (a 1 MiB queue fills in well under 10 s at 30 × 60 KiB/s).
    expect(r.slowCuts).toBeGreaterThanOrEqual(4);
    expect(r.rateReplies).toBeGreaterThan(0);
    expect(r.rateCloses).toBeGreaterThanOrEqual(4);
    expect(rssPeak).toBeLessThan(RSS_BOUND_MIB);
  });
});
