/**
 * Network emulation for any Transport: every outgoing frame waits for the link to be free, then
 * for its serialisation time (bytes / bandwidth), then arrives `latencyMs` later (one-way delay).
 * Frames on one link stay in order. Presets are SPU's evaluation levels (spu-exp.md, design.md §4).
 * Applied to outgoing frames only, by every party alike, so each direction of a link is emulated
 * once: the sender times each frame, and holds it itself or, where the transport can carry the
 * time (CarryingTransport), sends it at once for the receiver to hold.
 */
import { MpcError } from '../errors';
import { hostClock, type Clock } from '../sched/clock';
import type { RoundRecord } from '../sched/scheduler';
import { FRAME_ENTRY_BYTES, FRAME_HEADER_BYTES } from '../sched/frame';
import type { FrameBytes, Transport } from '../transport';
import { frameLength } from '../sched/frameBytes';

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

/**
 * A transport that can carry a frame's emulated arrival time to the receiver, which holds the
 * frame until then ("carried" emulation). Why: held by the sender, a frame waits for a timer on the
 * sender's thread, which fires late whenever that thread computes, and then still crosses the real
 * link; in the browser that added 1–6 ms to most rounds (the page's rounds took 13–19 ms under a
 * 10 ms latency). Sent at once with its due time, it crosses the real link inside the emulated
 * latency, and only the receiver's own readiness delays it, as on a real network.
 */
export interface CarryingTransport extends Transport {
  /**
   * Send `frame` now, due at the receiver at `dueAt` (this party's clock, ms). False when the link
   * to `to` cannot carry it (then nothing was sent and the sender holds the frame itself).
   */
  sendDue(to: number, frame: FrameBytes, dueAt: number): boolean;
}

const carries = (t: Transport): t is CarryingTransport => typeof (t as Partial<CarryingTransport>).sendDue === 'function';

/**
 * Wrap `inner` so that its outgoing frames are delayed as on `net`: by the sender, or, where
 * `inner` can carry due times (CarryingTransport), by the receiver.
 */
export function emulateNetwork(inner: Transport, net: NetProfile, clock: Clock = hostClock): EmulatedTransport {
  if (!(net.latencyMs >= 0 && net.bandwidthBps > 0)) {
    throw new MpcError('ERR_RANGE', `network emulation needs latency ≥ 0 and bandwidth > 0, got ${net.latencyMs} ms, ${net.bandwidthBps} bit/s`);
  }
  const links = Array.from({ length: inner.parties }, (_, to) => {
    const held = new TimedFifo<FrameBytes>((f) => inner.send(to, f), clock);
    return { held, free: 0 };
  });
  return {
    self: inner.self,
    parties: inner.parties,
    receive: (from) => inner.receive(from),
    send(to, frame) {
      const link = links[to]!;
      // the link serialises one frame after another, then each travels latencyMs
      link.free = Math.max(clock.now(), link.free) + (8 * frameLength(frame) * 1000) / net.bandwidthBps;
      const at = link.free + net.latencyMs;
      // carried only behind nothing held here, so frames of one link stay in order
      if (link.held.empty && carries(inner) && inner.sendDue(to, frame, at)) return;
      link.held.push(frame, at);
    },
    drain: () => Promise.all(links.map((l) => l.held.idle())).then(() => undefined),
  };
}

/** setTimeout runs a longer delay at once (it overflows a signed 32-bit int), so none is longer. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

export interface TimedFifoLimits {
  /**
   * Refuse an item due more than this far after now (ms): a receiver's carried frames name their
   * time in a peer's clock (MAX_DUE_AHEAD_MS of src/link/link.ts). Default: no limit.
   */
  readonly maxAheadMs?: number;
}

/**
 * Items released in push order, each no earlier than its time, with a single timer for the head,
 * so they come out in order whatever the host does with timers of close deadlines. Holds the
 * sender's frames in emulateNetwork, and the receiver's carried ones.
 *
 * A time that is NaN or +Infinity never comes, and one past 2^31 ms made the host run the timer at
 * once, find nothing due and arm it again, forever (a busy loop): such times are refused with
 * ERR_RANGE, and no timer is ever armed for longer than MAX_TIMER_MS.
 */
export class TimedFifo<T> {
  private readonly queue: { item: T; at: number }[] = [];
  private timer: unknown = null;
  private readonly idleWaiters: (() => void)[] = [];

  constructor(
    private readonly release: (item: T) => void,
    private readonly clock: Clock = hostClock,
    private readonly limits: TimedFifoLimits = {},
  ) {}

  get empty(): boolean {
    return this.queue.length === 0;
  }

  /** Items held now. */
  get length(): number {
    return this.queue.length;
  }

  /**
   * Release `item` at clock time `at` (-Infinity: as soon as everything before it), after
   * everything pushed before it. Throws ERR_RANGE for a time that never comes or is too far ahead.
   */
  push(item: T, at: number): void {
    const now = this.clock.now();
    if (Number.isNaN(at) || at === Infinity) throw new MpcError('ERR_RANGE', `an item due at ${at} would never be released`);
    const maxAhead = this.limits.maxAheadMs ?? Infinity;
    if (at - now > maxAhead) throw new MpcError('ERR_RANGE', `an item due ${(at - now).toFixed(0)} ms from now is beyond the ${maxAhead} ms this queue holds`);
    // due now and nothing ahead of it: at once (a 0 ms timer still costs a task, ≥ 1 ms)
    if (this.queue.length === 0 && at <= now + 0.5) {
      this.release(item);
      return;
    }
    this.queue.push({ item, at });
    this.arm();
  }

  /** Resolves when every item pushed so far has been released. */
  idle(): Promise<void> {
    if (this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Drop everything held (the link is gone) and stop the timer. */
  clear(): void {
    this.queue.length = 0;
    if (this.timer !== null) this.clock.clearTimer(this.timer);
    this.timer = null;
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }

  private arm(): void {
    if (this.queue.length === 0) {
      for (const resolve of this.idleWaiters.splice(0)) resolve();
      return;
    }
    if (this.timer !== null) return;
    const wait = Math.min(MAX_TIMER_MS, Math.max(0, this.queue[0]!.at - this.clock.now()));
    this.timer = this.clock.setTimer(() => this.flush(), wait);
  }

  private flush(): void {
    this.timer = null;
    const now = this.clock.now();
    while (this.queue.length > 0 && this.queue[0]!.at <= now + 0.5) {
      const { item } = this.queue.shift()!;
      try {
        this.release(item);
      } catch {
        // the peer is gone; its receive side reports that to the engine
      }
    }
    this.arm();
  }
}
