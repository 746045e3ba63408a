/**
 * The engine's Transport inside the worker. Frames to a peer take the worker's own data channel
 * to it (FrameChannels) when that is open as the session starts, and otherwise go to the page over
 * a MessagePort (their buffers transferred, not copied) for the page's link. The choice holds for
 * the whole session, so a peer's frames never overtake each other on two paths. Frames arrive by
 * either path; failures the page sees (a peer gone, an abort) come over the port.
 *
 * A peer's frames wait here until the engine takes them, held until due (carried emulation) or in
 * its inbox (src/mpc/io/inbox.ts), both counted against INBOX_LIMITS: beyond them that peer fails
 * with ERR_BAD_FRAME and its waiting frames are dropped (docs/bounds.md). The first peer that
 * fails fails the whole session: every waiting receive ends at once with that peer's error.
 */
import { MpcError } from '../mpc/errors';
import { engineCode } from '../link/errors';
import { TimedFifo, type CarryingTransport } from '../mpc/io/netem';
import { Inbox } from '../mpc/io/inbox';
import { frameLength, joinFrame } from '../mpc/sched/frameBytes';
import type { FrameBytes } from '../mpc/transport';
import { hostClock, type Clock } from '../mpc/sched/clock';
import type { FrameChannels } from '../link/frameChannels';
import { MAX_DUE_AHEAD_MS } from '../link/link';
import { INBOX_LIMITS } from '../link/channelWire';
import { WireCounter, type RunWireStats } from '../link/wireStats';
import type { PortIn, PortOut } from './api';

/** The worker's own channels, and what a session sends over them. */
export interface ChannelRoute {
  readonly channels: FrameChannels;
  readonly session: number;
  /** Deflate every frame sent on a channel (the page does it for frames it relays). */
  readonly compression: boolean;
}

export class PortTransport implements CarryingTransport {
  /** Frames arrive reassembled (by a link) or moved (from the page): one buffer each. */
  private readonly inboxes: Inbox<MpcError, Uint8Array>[];
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
    /** Releases frames held until due (tests pass a fake clock). */
    clock: Clock = hostClock,
  ) {
    this.inboxes = Array.from({ length: parties }, (_, from) => new Inbox<MpcError, Uint8Array>(from, INBOX_LIMITS, (e) => this.failed(e)));
    this.viaChannel = Array.from({ length: parties }, (_, p) => p !== self && !!route?.channels.isOpen(p));
    this.channelWire = new WireCounter(parties, route?.compression ?? false);
    this.arriving = Array.from({ length: parties }, (_, from) => new TimedFifo<Uint8Array>((bytes) => this.accept(from, bytes), clock, { maxAheadMs: MAX_DUE_AHEAD_MS }));
    port.onmessage = (ev: MessageEvent<unknown>) => this.onMessage(ev.data);
    if (route) {
      this.unsubscribe.push(
        route.channels.attach(route.session, (from, bytes, info) => {
          if (from >= parties || !this.admit(from, bytes)) return;
          this.channelWire.received(from, bytes.length, info);
          // a frame without a due time still queues behind held ones: frames stay in order
          try {
            this.arriving[from]!.push(bytes, info.dueAt ?? -Infinity);
          } catch (err) {
            this.refuse(from, `party ${from} sent a frame the hold queue refuses: ${(err as Error).message}`);
          }
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
  channelStats(): RunWireStats {
    return this.channelWire.snapshot();
  }

  /**
   * On the worker's channel a frame's parts go into the link's chunks as they are; to the page
   * they are joined into one fresh buffer, which moves without a second copy. A buffer this
   * transport did not make is copied, never transferred: its owner still reads it (the
   * payloads are the protocol's arrays).
   */
  send(to: number, frame: FrameBytes): void {
    const err = this.inboxes[to]?.error;
    if (err) throw err;
    if (this.route && this.viaChannel[to]) return this.sendOnChannel(this.route, to, frame, undefined);
    const joined = frame instanceof Uint8Array || frame.length === 1 ? joinFrame(frame).slice() : joinFrame(frame);
    const bytes = joined.buffer as ArrayBuffer;
    const msg: PortOut = { type: 'frame', to, bytes };
    this.port.postMessage(msg, [bytes]);
  }

  /** Carried emulation (netem.ts) on the worker's channels once the peer's clock is known; the page's relay cannot. */
  sendDue(to: number, frame: FrameBytes, dueAt: number): boolean {
    const err = this.inboxes[to]?.error;
    if (err) throw err;
    if (!(this.route && this.viaChannel[to] && this.route.channels.clockSynced(to))) return false;
    this.sendOnChannel(this.route, to, frame, dueAt);
    return true;
  }

  receive(from: number): Promise<Uint8Array> {
    const inbox = this.inboxes[from];
    if (!inbox) return Promise.reject(new MpcError('ERR_PARTY_COUNT', `receive from party ${from}: no such party`));
    return inbox.receive();
  }

  /** Frames (and bytes) of `from` waiting for the engine now (docs/bounds.md). */
  waiting(from: number): { frames: number; bytes: number; held: number } {
    const waiting = this.inboxes[from]?.waiting() ?? { frames: 0, bytes: 0 };
    return { ...waiting, held: this.arriving[from]?.length ?? 0 };
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

  private sendOnChannel(route: ChannelRoute, to: number, frame: FrameBytes, dueAt: number | undefined): void {
    const length = frameLength(frame);
    try {
      const info = route.channels.send(to, route.session, frame, route.compression, dueAt);
      this.channelWire.sent(to, length, info);
    } catch (err) {
      const e = err as { code?: string; message?: string };
      this.fail(to, e.code, e.message ?? String(err));
      throw this.inboxes[to]!.error;
    }
  }

  /**
   * A message from the page. The page is ours, but what it relays came from a peer, so the shape
   * is checked: a message that is not a PortIn is ignored, a frame that is not bytes fails its peer.
   */
  private onMessage(data: unknown): void {
    if (typeof data !== 'object' || data === null) return;
    const m = data as { readonly [K in keyof PortIn | 'bytes' | 'code' | 'message']?: unknown };
    const from = m.from;
    if (typeof from !== 'number' || !Number.isInteger(from) || from < 0 || from >= this.parties) return;
    if (m.type === 'frame') {
      if (!(m.bytes instanceof ArrayBuffer)) return this.fail(from, 'ERR_BAD_FRAME', `the page relayed a frame from party ${from} that is not bytes`);
      const bytes = new Uint8Array(m.bytes);
      if (this.admit(from, bytes)) this.accept(from, bytes);
    } else if (m.type === 'peer-error') {
      this.fail(from, String(m.code), String(m.message).slice(0, 1000));
    }
  }

  /** Count a frame of `from` as waiting, unless that passes the bounds (then the peer fails). */
  private admit(from: number, bytes: Uint8Array): boolean {
    const inbox = this.inboxes[from];
    if (!inbox || this.closed) return false;
    const open = !inbox.error;
    if (inbox.admit(bytes.length)) return true;
    if (open) this.arriving[from]?.clear(); // refused now: what is held of it is dropped too
    return false;
  }

  /** Fail `from` for what it sent, and drop what waits of it: nobody will read it now. */
  private refuse(from: number, message: string): void {
    if (this.closed) return; // nothing listens any more
    this.inboxes[from]?.refuse(message);
    this.arriving[from]?.clear();
  }

  /** A counted frame of `from` is due: to a waiting receive, or into the inbox. */
  private accept(from: number, bytes: Uint8Array): void {
    this.inboxes[from]?.deliver(bytes);
  }

  /** Fail `from` with the engine's code for `code` (engineCode: a link's or the page's code). */
  private fail(from: number, code: string | undefined, message: string): void {
    const inbox = this.inboxes[from];
    if (!inbox || inbox.error || this.closed) return;
    inbox.fail(new MpcError(engineCode(code), message));
  }

  /**
   * A peer's inbox failed: the first such failure ends the run. Every other peer's inbox fails
   * with the same error, so a receive waiting on a peer that is fine (and waits for this round
   * too) ends now with the cause, not on the frame-silence limit naming the wrong peer; frames
   * already here stay readable (Inbox.fail). Then the onFailure listeners hear it.
   */
  private failed(e: MpcError): void {
    if (this.firstFailure) return;
    this.firstFailure = e;
    for (const inbox of this.inboxes) inbox.fail(e);
    for (const cb of this.failureListeners.splice(0)) cb(e);
  }
}
