/**
 * Network emulation for any Transport: every outgoing frame waits for the link to be free, then
 * for its serialisation time (bytes / bandwidth), then arrives `latencyMs` later (one-way delay).
 * Frames on one link stay in order. Presets are SPU's evaluation levels (spu-exp.md, design.md §4).
 * Applied to outgoing frames only, by every party alike, so each direction of a link is emulated
 * once.
 */
import { MpcError } from './errors';
import { hostClock, type Clock } from './sched/clock';
import type { RoundRecord } from './sched/scheduler';
import { FRAME_ENTRY_BYTES, FRAME_HEADER_BYTES } from './sched/wire';
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

/** What the estimate reads of a round: the payload to each party and the operations in the frame. */
export type RoundLog = Pick<RoundRecord, 'payloadBytesSent' | 'opNames'>;

/** The largest frame of a round: its payload plus the frame header and one table entry per operation. */
export function roundFrameBytes(r: RoundLog): number {
  return Math.max(0, ...r.payloadBytesSent) + FRAME_HEADER_BYTES + FRAME_ENTRY_BYTES * r.opNames.length;
}

/**
 * The time `rounds` take on `net` after `computeMs` of computation (the CLI's `bench` estimate,
 * and the one the run panel shows): compute + Σ over rounds (latency + largest frame / bandwidth).
 * Rounds are sequential, so their network times add up; within a round all frames travel at once.
 */
export function estimateRunMs(rounds: readonly RoundLog[], net: NetProfile, computeMs: number): number {
  let wire = 0;
  for (const r of rounds) wire += roundTimeMs(net, roundFrameBytes(r));
  return computeMs + wire;
}

/**
 * Time spent waiting in `rounds`, from sending a round's frames to the last peer frame arriving.
 * A run's wall time minus this is its computation, the `computeMs` of an estimate made from the
 * run's own log.
 */
export function waitingMs(rounds: readonly Pick<RoundRecord, 'sentAt' | 'doneAt'>[]): number {
  let ms = 0;
  for (const r of rounds) ms += r.doneAt - r.sentAt;
  return ms;
}

/** A transport whose outgoing frames are still on their way for a while after send(). */
export interface EmulatedTransport extends Transport {
  /**
   * Resolves once every frame sent so far has been handed to the inner transport. A party that
   * finishes before its own last frame has "arrived" must wait for this before closing the inner
   * transport, or that frame is lost and its peer waits forever.
   */
  drain(): Promise<void>;
}

/** Wrap `inner` so that its outgoing frames are delayed as on `net`. */
export function emulateNetwork(inner: Transport, net: NetProfile, clock: Clock = hostClock): EmulatedTransport {
  if (!(net.latencyMs >= 0 && net.bandwidthBps > 0)) {
    throw new MpcError('ERR_RANGE', `network emulation needs latency ≥ 0 and bandwidth > 0, got ${net.latencyMs} ms, ${net.bandwidthBps} bit/s`);
  }
  const links = Array.from({ length: inner.parties }, () => new DelayedLink((f, to) => inner.send(to, f), clock));
  return {
    self: inner.self,
    parties: inner.parties,
    receive: (from) => inner.receive(from),
    send(to, frame) {
      links[to]!.push(to, frame, net);
    },
    drain: () => Promise.all(links.map((l) => l.idle())).then(() => undefined),
  };
}

/**
 * One outgoing link: a FIFO of frames with their arrival times and a single timer for the head,
 * so frames arrive in send order whatever the host does with timers of close deadlines.
 */
class DelayedLink {
  private readonly queue: { to: number; frame: Uint8Array; at: number }[] = [];
  /** When the link has finished serialising everything queued so far (clock ms). */
  private free = 0;
  private timer = false;
  private readonly idleWaiters: (() => void)[] = [];

  constructor(
    private readonly deliver: (frame: Uint8Array, to: number) => void,
    private readonly clock: Clock,
  ) {}

  push(to: number, frame: Uint8Array, net: NetProfile): void {
    const now = this.clock.now();
    this.free = Math.max(now, this.free) + (8 * frame.length * 1000) / net.bandwidthBps;
    const at = this.free + net.latencyMs;
    // due now and nothing ahead of it: deliver at once (a 0 ms timer still costs a task, ≥ 1 ms)
    if (this.queue.length === 0 && at <= now + 0.5) {
      this.deliver(frame, to);
      return;
    }
    this.queue.push({ to, frame, at });
    this.arm();
  }

  /** Resolves when every queued frame has been delivered. */
  idle(): Promise<void> {
    if (this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private arm(): void {
    if (this.queue.length === 0) {
      for (const resolve of this.idleWaiters.splice(0)) resolve();
      return;
    }
    if (this.timer) return;
    this.timer = true;
    this.clock.setTimer(() => this.flush(), Math.max(0, this.queue[0]!.at - this.clock.now()));
  }

  private flush(): void {
    this.timer = false;
    const now = this.clock.now();
    while (this.queue.length > 0 && this.queue[0]!.at <= now + 0.5) {
      const { to, frame } = this.queue.shift()!;
      try {
        this.deliver(frame, to);
      } catch {
        // the peer is gone; its receive side reports that to the engine
      }
    }
    this.arm();
  }
}
