import { describe, expect, it } from 'vitest';
import { NET_PRESETS } from '../mpc/io/netem';
import type { RoundRecord } from '../workers/api';
import { bandwidthToStep, fmtBandwidth, netLabel, presetOf, stepToBandwidth } from './netLabel';
import { runEstimate, wireRatio } from './netRun';

const round = (payload: number, sentAt: number, doneAt: number, ops = 1): RoundRecord => ({
  phase: 'online',
  round: 1,
  nodes: [],
  opNames: Array.from({ length: ops }, () => 'mul'),
  payloadBytesSent: [0, payload],
  payloadBytesReceived: [0, payload],
  entryBytesSent: [],
  entryBytesReceived: [],
  sentAt,
  doneAt,
  computeMs: 0,
});

describe('run estimate from the round log', () => {
  it('takes the exp rounds only, and compute = exp time minus waiting', () => {
    const net = NET_PRESETS['100Mbit-10ms'];
    // two exp rounds waiting 11 and 12 ms, then the opening round (excluded)
    const rounds = [round(12_476, 0, 11), round(1_218, 20, 32, 2), round(16_000, 40, 52)];
    const est = runEstimate({ rounds, exp: { rounds: 2 } as never, elapsedMs: 40 }, net);
    expect(est.rounds).toBe(2);
    expect(est.computeMs).toBe(40 - 23);
    // 12,500 and 1,250 bytes on the wire: 1 ms and 0.1 ms at 100 Mbit/s, plus 10 ms each
    expect(est.networkMs).toBeCloseTo(21.1, 9);
    expect(est.estimateMs).toBeCloseTo(38.1, 9);
    expect(est.expMs).toBe(40);
  });

  it('sums the wire ratio over peers, and has none before any frame', () => {
    const peer = (f: number, w: number) => ({ framesSent: 1, frameBytesSent: f, wireBytesSent: w, framesReceived: 1, frameBytesReceived: 2 * f, wireBytesReceived: 2 * w + 10 });
    const zero = { framesSent: 0, frameBytesSent: 0, wireBytesSent: 0, framesReceived: 0, frameBytesReceived: 0, wireBytesReceived: 0 };
    const wire = { compression: true, perPeer: [zero, peer(1000, 1010), peer(3000, 2990)], deflateMs: 1, inflateMs: 1 };
    expect(wireRatio(wire, 'sent')).toBe(1);
    expect(wireRatio(wire, 'received')).toBeCloseTo(8020 / 8000, 12);
    expect(wireRatio({ ...wire, perPeer: [zero, zero] }, 'sent')).toBeNull();
  });
});

describe('network labels and the log-scale bandwidth slider', () => {
  it('lands every preset bandwidth exactly on a slider step', () => {
    for (const p of Object.values(NET_PRESETS)) expect(stepToBandwidth(bandwidthToStep(p.bandwidthBps))).toBe(p.bandwidthBps);
    expect(stepToBandwidth(0)).toBe(1e6);
    expect(stepToBandwidth(1000)).toBe(100e9);
    expect(bandwidthToStep(1e3)).toBe(0);
  });

  it('names presets, custom settings and no emulation', () => {
    expect(presetOf({ latencyMs: 10, bandwidthBps: 100e6 })).toBe('100Mbit-10ms');
    expect(presetOf({ latencyMs: 11, bandwidthBps: 100e6 })).toBeNull();
    expect(netLabel(null)).toBe('none (loopback)');
    expect(netLabel({ latencyMs: 1, bandwidthBps: 1e9 })).toBe('1Gbit-1ms');
    expect(netLabel({ latencyMs: 40, bandwidthBps: 251e6 })).toBe('251 Mbit/s, 40 ms one way');
    expect(fmtBandwidth(100e9)).toBe('100 Gbit/s');
  });
});
