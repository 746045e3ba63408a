import { describe, expect, it } from 'vitest';
import { emulateNetwork, estimateRunMs, type CarryingTransport, netPreset, roundFrameBytes, roundTimeMs, waitingMs } from './netem';
import { memoryNetwork } from './memoryTransport';
import { runExpInProcess } from '../session/expRun';

describe('network emulation', () => {
  it('delays a frame by latency plus serialisation, and keeps frames in order', async () => {
    const mem = memoryNetwork(2);
    const t0 = emulateNetwork(mem.transports[0]!, { latencyMs: 30, bandwidthBps: 8e6 }); // 1 byte per µs
    const start = performance.now();
    t0.send(1, new Uint8Array(20_000)); // 20 ms on the wire
    t0.send(1, new Uint8Array([7]));
    const first = await mem.transports[1]!.receive(0);
    const firstAt = performance.now() - start;
    const second = await mem.transports[1]!.receive(0);
    expect(first.length).toBe(20_000);
    expect(second[0]).toBe(7);
    expect(firstAt).toBeGreaterThanOrEqual(49);
  });

  it('drain() resolves once every delayed frame has reached the inner transport', async () => {
    const mem = memoryNetwork(2);
    const t0 = emulateNetwork(mem.transports[0]!, { latencyMs: 20, bandwidthBps: 1e9 });
    await t0.drain(); // nothing queued: at once
    const delivered: number[] = [];
    void mem.transports[1]!.receive(0).then((f) => delivered.push(f.length));
    const start = performance.now();
    t0.send(1, new Uint8Array(10));
    await t0.drain();
    expect(performance.now() - start).toBeGreaterThanOrEqual(19);
    await Promise.resolve();
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
    const t0 = emulateNetwork(inner, { latencyMs: 30, bandwidthBps: 8e6 }); // 1 byte per µs
    // bounds taken around the sends, so a slow machine cannot make them fail
    const before = performance.now();
    t0.send(1, new Uint8Array(10_000));
    t0.send(1, new Uint8Array(5_000)); // queued behind the first on the emulated link
    t0.send(2, new Uint8Array(1));
    const after = performance.now();
    expect(carried.map((c) => c.length)).toEqual([10_000, 5_000]);
    // 10 ms on the wire + 30 ms latency from the send; the second 5 ms of wire after the first
    expect(carried[0]!.dueAt - before).toBeGreaterThanOrEqual(40);
    expect(carried[0]!.dueAt - after).toBeLessThanOrEqual(40);
    expect(carried[1]!.dueAt - carried[0]!.dueAt).toBeCloseTo(5, 9);
    await mem.transports[2]!.receive(0); // held here, by the sender
    expect(performance.now() - before).toBeGreaterThanOrEqual(29.5); // released within 0.5 ms of due (TimedFifo)
    await t0.drain();
  });

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
