import { describe, expect, it } from 'vitest';
import { joinFrame } from '../sched/frameBytes';
import { emulateNetwork, estimateRunMs, type CarryingTransport, netPreset, roundFrameBytes, roundTimeMs, waitingMs } from './netem';
import { memoryNetwork } from './memoryTransport';
import { runExpInProcess } from '../session/expRun';
import type { Clock } from '../sched/clock';

/** A clock that moves only in `advance`, firing the timers due on the way, then letting promises settle. */
function fakeClock(): Clock & { advance(ms: number): Promise<void> } {
  let t = 1000;
  let nextId = 0;
  const timers = new Map<number, { at: number; cb: () => void }>();
  const settle = async () => {
    for (let i = 0; i < 5; i++) await Promise.resolve();
  };
  return {
    now: () => t,
    defer: (cb) => void Promise.resolve().then(cb),
    setTimer: (cb, ms) => (timers.set(++nextId, { at: t + ms, cb }), nextId),
    clearTimer: (id) => void timers.delete(id as number),
    async advance(ms) {
      const end = t + ms;
      for (;;) {
        const due = [...timers.entries()].filter(([, v]) => v.at <= end).sort((a, b) => a[1].at - b[1].at || a[0] - b[0])[0];
        if (!due) break;
        timers.delete(due[0]);
        t = Math.max(t, due[1].at);
        due[1].cb();
        await settle();
      }
      t = end;
      await settle();
    },
  };
}

describe('network emulation', () => {
  it('delays a frame by latency plus serialisation, and keeps frames in order', async () => {
    const clock = fakeClock();
    const mem = memoryNetwork(2);
    const t0 = emulateNetwork(mem.transports[0]!, { latencyMs: 30, bandwidthBps: 8e6 }, clock); // 1 byte per µs
    const got: Uint8Array[] = [];
    void mem.transports[1]!.receive(0).then((f) => got.push(joinFrame(f)));
    t0.send(1, new Uint8Array(20_000)); // 20 ms on the wire
    t0.send(1, new Uint8Array([7]));
    await clock.advance(49);
    expect(got).toEqual([]);
    await clock.advance(1); // 20 ms of wire + 30 ms of latency
    expect(got.map((f) => f.length)).toEqual([20_000]);
    void mem.transports[1]!.receive(0).then((f) => got.push(joinFrame(f)));
    await clock.advance(0.001); // 1 byte behind it: 1 µs later
    expect(got[1]?.[0]).toBe(7);
  });

  it('drain() resolves once every delayed frame has reached the inner transport', async () => {
    const clock = fakeClock();
    const mem = memoryNetwork(2);
    const t0 = emulateNetwork(mem.transports[0]!, { latencyMs: 20, bandwidthBps: 1e9 }, clock);
    await t0.drain(); // nothing queued: at once
    const delivered: number[] = [];
    void mem.transports[1]!.receive(0).then((f) => delivered.push(f.length));
    let drained = false;
    t0.send(1, new Uint8Array(10));
    void t0.drain().then(() => (drained = true));
    await clock.advance(19.9);
    expect(drained).toBe(false);
    await clock.advance(0.2); // 20 ms of latency and 80 ns of wire
    expect(drained).toBe(true);
    expect(delivered).toEqual([10]);
  });

  it('hands frames to a carrying transport at once with their due time, and holds them where it cannot carry', async () => {
    const mem = memoryNetwork(3);
    const carried: { to: number; length: number; dueAt: number }[] = [];
    const inner: CarryingTransport = {
      ...mem.transports[0]!,
      send: (to, f) => mem.transports[0]!.send(to, f),
      receive: (from) => mem.transports[0]!.receive(from),
      // party 1's link carries due times, party 2's does not (a page relay)
      sendDue: (to, f, dueAt) => to === 1 && carried.push({ to, length: f.length, dueAt }) > 0,
    };
    const clock = fakeClock();
    const t0 = emulateNetwork(inner, { latencyMs: 30, bandwidthBps: 8e6 }, clock); // 1 byte per µs
    const before = clock.now();
    t0.send(1, new Uint8Array(10_000));
    t0.send(1, new Uint8Array(5_000)); // queued behind the first on the emulated link
    t0.send(2, new Uint8Array(1));
    expect(carried.map((c) => c.length)).toEqual([10_000, 5_000]);
    // 10 ms on the wire + 30 ms latency from the send; the second 5 ms of wire after the first
    expect(carried[0]!.dueAt - before).toBeCloseTo(40, 9);
    expect(carried[1]!.dueAt - carried[0]!.dueAt).toBeCloseTo(5, 9);
    let held = 0;
    void mem.transports[2]!.receive(0).then((f) => (held = f.length)); // held here, by the sender
    await clock.advance(29.9);
    expect(held).toBe(0);
    await clock.advance(0.2); // 30 ms of latency and 8 µs of wire
    expect(held).toBe(1);
    await t0.drain();
  });

  // the one test on the real clock: the engine's waits really take the emulated time
  it('makes an exp take at least rounds × latency', async () => {
    const net = netPreset('100Mbit-10ms');
    const res = await runExpInProcess([0.5, 1], { method: 'prime', field: 'FM128', parties: 2, profile: 'fast', net, seed: 1 });
    expect(res.traffic[0]!.rounds).toBe(8);
    expect(res.elapsedMs).toBeGreaterThanOrEqual(8 * 10);
    expect(Math.abs(res.y[1]! / Math.E - 1)).toBeLessThan(1e-5);
  });

  it('estimates compute + Σ rounds (latency + largest frame / bandwidth), from a round log', () => {
    const net = { latencyMs: 10, bandwidthBps: 8e6 }; // 1 byte per µs
    const rounds = [
      { payloadBytesSent: [0, 10_000], opNames: ['mul'] }, // 10,000 + 16 + 8 bytes
      { payloadBytesSent: [0, 976, 4976], opNames: ['a', 'b', 'c'] }, // 4,976 + 16 + 24 bytes
    ];
    expect(roundFrameBytes(rounds[0]!)).toBe(10_024);
    expect(estimateRunMs(rounds, net, 5)).toBeCloseTo(5 + 10 + 10.024 + 10 + 5.016, 9);
    expect(estimateRunMs([], net, 5)).toBe(5);
    expect(waitingMs([{ sentAt: 100, doneAt: 112.5 }, { sentAt: 120, doneAt: 121 }])).toBe(13.5);
  });

  it('names the presets when given an unknown one', () => {
    expect(() => netPreset('56k')).toThrow("unknown network preset '56k': known are 100Gbit-0ms, 1Gbit-1ms, 100Mbit-10ms, 10Mbit-100ms");
    expect(roundTimeMs(netPreset('10Mbit-100ms'), 1250)).toBeCloseTo(101, 6);
  });
});
