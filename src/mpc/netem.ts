/**
 * Network emulation for any Transport: every outgoing frame waits for the link to be free, then
 * for its serialisation time (bytes / bandwidth), then arrives `latencyMs` later (one-way delay).
 * Frames on one link stay in order. Presets are SPU's evaluation levels (spu-exp.md, design.md §4).
 * Applied to outgoing frames only, by every party alike, so each direction of a link is emulated
 * once.
 */
import { MpcError } from './errors';
import { hostClock, type Clock } from './sched/clock';
import type { Transport } from './transport';

export interface NetProfile {
  /** One-way latency, ms. */
  readonly latencyMs: number;
  /** Bits per second; Infinity for no limit. */
  readonly bandwidthBps: number;
}

export const NET_PRESETS = {
  '100Gbit-0ms': { latencyMs: 0, bandwidthBps: 100e9 },
  '1Gbit-1ms': { latencyMs: 1, bandwidthBps: 1e9 },
  '100Mbit-10ms': { latencyMs: 10, bandwidthBps: 100e6 },
  '10Mbit-100ms': { latencyMs: 100, bandwidthBps: 10e6 },
} as const satisfies Record<string, NetProfile>;

export type NetPresetName = keyof typeof NET_PRESETS;
export const NET_PRESET_NAMES = Object.keys(NET_PRESETS) as NetPresetName[];

/** The profile for a preset name, or a clear error naming the presets. */
export function netPreset(name: string): NetProfile {
  const p = (NET_PRESETS as Record<string, NetProfile | undefined>)[name];
  if (!p) throw new MpcError('ERR_UNSUPPORTED', `unknown network preset '${name}': known are ${NET_PRESET_NAMES.join(', ')}`);
  return p;
}

/**
 * The time one round of `bytes` per peer takes on this network if computation were free: the
 * serialisation of the frame plus the one-way latency (both parties send at once).
 */
export function roundTimeMs(net: NetProfile, bytes: number): number {
  return net.latencyMs + (8 * bytes * 1000) / net.bandwidthBps;
}

/** Wrap `inner` so that its outgoing frames are delayed as on `net`. */
export function emulateNetwork(inner: Transport, net: NetProfile, clock: Clock = hostClock): Transport {
  if (!(net.latencyMs >= 0 && net.bandwidthBps > 0)) {
    throw new MpcError('ERR_RANGE', `network emulation needs latency ≥ 0 and bandwidth > 0, got ${net.latencyMs} ms, ${net.bandwidthBps} bit/s`);
  }
  /** When each outgoing link is free again (clock ms). */
  const linkFree = new Array<number>(inner.parties).fill(0);
  return {
    self: inner.self,
    parties: inner.parties,
    receive: (from) => inner.receive(from),
    send(to, frame) {
      const now = clock.now();
      const start = Math.max(now, linkFree[to]!);
      const done = start + (8 * frame.length * 1000) / net.bandwidthBps;
      linkFree[to] = done;
      const arrive = done + net.latencyMs;
      const wait = arrive - now;
      const deliver = () => {
        try {
          inner.send(to, frame);
        } catch {
          // the peer is gone; its receive side reports that to the engine
        }
      };
      if (wait <= 0) inner.send(to, frame);
      else clock.setTimer(deliver, wait);
    },
  };
}
