/**
 * The engine's Transport inside the worker. Frames to a peer take the worker's own data channel
 * to it (FrameChannels) when that is open as the session starts, and otherwise go to the page over
 * a MessagePort (their buffers transferred, not copied) for the page's link. The choice holds for
 * the whole session, so a peer's frames never overtake each other on two paths. Frames arrive by
 * either path; failures the page sees (a peer gone, an abort) come over the port.
 */
import { MpcError, type MpcErrorCode } from '../mpc/errors';
import { TimedFifo, type CarryingTransport } from '../mpc/io/netem';
import type { FrameChannels } from '../link/frameChannels';
import { WireCounter, type SessionWireStats } from '../link/wireStats';
import type { PortIn, PortOut } from './api';

/** The worker's own channels, and what a session sends over them. */
export interface ChannelRoute {
  readonly channels: FrameChannels;
  readonly session: number;
  /** Deflate every frame sent on a channel (the page does it for frames it relays). */
  readonly compression: boolean;
}

interface Inbox {
  readonly frames: Uint8Array[];
  readonly waiters: { resolve(f: Uint8Array): void; reject(e: MpcError): void }[];
  error: MpcError | null;
}

export class PortTransport implements CarryingTransport {
  private readonly inboxes: Inbox[];
  private failureListeners: ((e: MpcError) => void)[] = [];
  private firstFailure: MpcError | null = null;
  private closed = false;
  /** Per party: frames to it take the worker's channel (fixed when the session starts). */
  private readonly viaChannel: boolean[];
  /** What this session sent and received on the worker's channels (the page counts what it relays). */
  private readonly channelWire: WireCounter;
  private readonly unsubscribe: (() => void)[] = [];
  /** Per party: its carried frames, held until they are due (netem.ts). */
  private readonly arriving: TimedFifo<Uint8Array>[];

  constructor(
    readonly self: number,
    readonly parties: number,
    private readonly port: MessagePort,
    private readonly route: ChannelRoute | null = null,
  ) {
    this.inboxes = Array.from({ length: parties }, () => ({ frames: [], waiters: [], error: null }));
    this.viaChannel = Array.from({ length: parties }, (_, p) => p !== self && !!route?.channels.isOpen(p));
    this.channelWire = new WireCounter(parties, route?.compression ?? false);
    this.arriving = Array.from({ length: parties }, (_, from) => new TimedFifo<Uint8Array>((bytes) => this.accept(from, bytes)));
    port.onmessage = (ev: MessageEvent<PortIn>) => this.onMessage(ev.data);
    if (route) {
      this.unsubscribe.push(
        route.channels.attach(route.session, (from, bytes, info) => {
          if (from >= parties) return;
          this.channelWire.received(from, bytes.length, info);
          // a frame without a due time still queues behind held ones: frames stay in order
          this.arriving[from]!.push(bytes, info.dueAt ?? -Infinity);
        }),
        // a replaced channel hurts a session only if it sent on it (its frames went to a dead
        // worker); one that relays to that peer through the page goes on
        route.channels.onClose((peer, err, replaced) => {
          if (!replaced || this.viaChannel[peer]) this.fail(peer, 'ERR_PEER_GONE', err.message);
        }),
      );
    }
  }

  /** The parties this one sends to over the worker's channels in this session. */
  channelPeers(): number[] {
    return this.viaChannel.flatMap((via, p) => (via ? [p] : []));
  }

  /** The session's traffic on the worker's channels so far (the page counts what it relays). */
  channelStats(): SessionWireStats {
    return this.channelWire.snapshot();
  }

  send(to: number, frame: Uint8Array): void {
    const err = this.inboxes[to]?.error;
    if (err) throw err;
    if (this.route && this.viaChannel[to]) return this.sendOnChannel(this.route, to, frame, undefined);
    // the scheduler's frames own their whole buffer, so it can move without a copy
    const whole = frame.byteOffset === 0 && frame.byteLength === frame.buffer.byteLength;
    const bytes = whole ? (frame.buffer as ArrayBuffer) : frame.slice().buffer;
    const msg: PortOut = { type: 'frame', to, bytes };
    this.port.postMessage(msg, [bytes]);
  }

  /** Carried emulation (netem.ts) on the worker's channels once the peer's clock is known; the page's relay cannot. */
  sendDue(to: number, frame: Uint8Array, dueAt: number): boolean {
    const err = this.inboxes[to]?.error;
    if (err) throw err;
    if (!(this.route && this.viaChannel[to] && this.route.channels.clockSynced(to))) return false;
    this.sendOnChannel(this.route, to, frame, dueAt);
    return true;
  }

  receive(from: number): Promise<Uint8Array> {
    const inbox = this.inboxes[from];
    if (!inbox) return Promise.reject(new MpcError('ERR_PARTY_COUNT', `receive from party ${from}: no such party`));
    const f = inbox.frames.shift();
    if (f) return Promise.resolve(f);
    if (inbox.error) return Promise.reject(inbox.error);
    return new Promise((resolve, reject) => inbox.waiters.push({ resolve, reject }));
  }

  /** Call `cb` with the first peer failure (at once if there was one already). */
  onFailure(cb: (e: MpcError) => void): void {
    if (this.firstFailure) cb(this.firstFailure);
    else this.failureListeners.push(cb);
  }

  /** Post 'end' after every frame sent (see PortOut), then stop listening. Idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    const end: PortOut = { type: 'end' };
    this.port.postMessage(end);
    this.port.onmessage = null;
    this.port.close();
    for (const off of this.unsubscribe.splice(0)) off();
    for (const held of this.arriving) held.clear();
  }

  private sendOnChannel(route: ChannelRoute, to: number, frame: Uint8Array, dueAt: number | undefined): void {
    const length = frame.length; // the channel's link owns the frame once sent
    try {
      const info = route.channels.send(to, route.session, frame, route.compression, dueAt);
      this.channelWire.sent(to, length, info);
    } catch (err) {
      const e = err as { code?: string; message?: string };
      this.fail(to, e.code === 'ERR_BAD_FRAME' ? 'ERR_BAD_FRAME' : 'ERR_PEER_GONE', e.message ?? String(err));
      throw this.inboxes[to]!.error;
    }
  }

  private onMessage(m: PortIn): void {
    if (m.type === 'frame') this.accept(m.from, new Uint8Array(m.bytes));
    else this.fail(m.from, m.code, m.message);
  }

  private accept(from: number, bytes: Uint8Array): void {
    const inbox = this.inboxes[from];
    if (!inbox || inbox.error) return;
    const w = inbox.waiters.shift();
    if (w) w.resolve(bytes);
    else inbox.frames.push(bytes);
  }

  private fail(from: number, codeName: string, message: string): void {
    const inbox = this.inboxes[from];
    if (!inbox || inbox.error || this.closed) return;
    const code = (['ERR_PEER_GONE', 'ERR_ABORTED', 'ERR_BAD_FRAME', 'ERR_TIMEOUT'] as const).find((c) => c === codeName) ?? 'ERR_PEER_GONE';
    inbox.error = new MpcError(code as MpcErrorCode, message);
    for (const w of inbox.waiters.splice(0)) w.reject(inbox.error);
    if (!this.firstFailure) {
      this.firstFailure = inbox.error;
      for (const cb of this.failureListeners.splice(0)) cb(inbox.error);
    }
  }
}
