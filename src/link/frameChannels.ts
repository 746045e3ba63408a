/**
 * The party worker's own data channels, one per peer: the page creates a negotiated channel next
 * to each connection's own (Mesh's `framesChannel`) and transfers it to the worker, so an MPC
 * frame goes from worker to worker without waiting for either page's main thread. That thread
 * renders the live counters while a run goes, and every frame relayed through it waited behind
 * style, layout and paint (BENCHMARKS.md, "Where a round's time goes").
 *
 * Each channel carries frames only, with the page link's chunking, backpressure and counters
 * (PeerLink); control messages (proposals, aborts) stay on the page's channel. Frames are routed
 * by session as on the page. DOM-free: runs in the worker (and in Node tests, with a fake channel).
 */
import type { FrameBytes } from '../mpc/transport';
import { NetError } from './errors';
import { FRAMES_CHANNEL_OPTIONS, PeerLink, type ChannelPort, type FrameWireInfo, type LinkOptions, type LinkStats } from './link';
import { RunRouter, type FrameHandler } from './runRouter';

/** What the worker uses of an RTCDataChannel (a fake one in tests). */
export interface FramesChannel {
  readonly readyState: RTCDataChannelState;
  readonly bufferedAmount: number;
  bufferedAmountLowThreshold: number;
  binaryType: BinaryType;
  onopen: ((ev: Event) => unknown) | null;
  onmessage: ((ev: MessageEvent) => unknown) | null;
  onbufferedamountlow: ((ev: Event) => unknown) | null;
  onclose: ((ev: Event) => unknown) | null;
  onerror: ((ev: Event) => unknown) | null;
  send(data: Uint8Array<ArrayBuffer>): void;
  close(): void;
}

/**
 * `replaced`: a newer channel to the same peer took this one's place (the peer's worker was
 * replaced, see Mesh.renewFramesChannels), so only sessions that were sending on it are hurt.
 */
type CloseListener = (peer: number, err: NetError, replaced: boolean) => void;

interface Entry {
  readonly channel: FramesChannel;
  readonly link: PeerLink;
  /** When the peer last answered a ping on this channel (performance.now()), or null: its end exists and reads. */
  answeredAt: number | null;
  /** A newer channel to the same peer took its place. */
  replaced: boolean;
  /** Messages waiting for the channel to open here. */
  readonly earlyLength: () => number;
}

/**
 * Pings on each channel this often. A negotiated channel opens on our side as soon as we create it,
 * whether or not the peer has created its end yet (it does so when it handles our control
 * message, after a replaced worker renews its channels); what we send before that is lost. So a
 * channel carries frames only once a pong has come back.
 */
const PING_MS = 250;
const OPEN_POLL_MS = 50;
/**
 * A channel carries a new session's frames only if the peer answered a ping this recently. A
 * peer whose worker died or was replaced stops answering, and Chromium does not close the
 * channel at our end: frames sent on it would vanish. A session picks its path when it starts,
 * so one that starts just before the peer's `frames-channel` renewal arrives relays through the
 * pages instead (seen in e2e/stall.spec.ts: the run after a restart failed with "closed here").
 */
const FRESH_MS = 2000;

/** Held frames of runs not started here yet, at most (as the page's mesh holds them). */
const MAX_HELD_BYTES = 256 * 1024 * 1024;
/**
 * Messages that arrive before the channel opens here wait, at most this many and bytes (the page's
 * mesh allows 64 MiB before its 'connect'): a peer's first frames, not a flood.
 */
export const MAX_EARLY_MESSAGES = 1024;
export const MAX_EARLY_BYTES = 16 * 1024 * 1024;

export class FrameChannels {
  private readonly entries = new Map<number, Entry>();
  private readonly router = new RunRouter(MAX_HELD_BYTES);
  private readonly closeListeners = new Set<CloseListener>();

  /** `freshMs`: how recent the peer's last answer must be for the channel to count as open (FRESH_MS). */
  constructor(
    private readonly freshMs = FRESH_MS,
    /** Monotonic milliseconds, for freshness and the links' clocks (tests pass a fake clock). */
    private readonly now: () => number = () => globalThis.performance.now(),
  ) {}

  /**
   * Take over the frames channel to `peer`; one to the same party before it is closed. `options`:
   * its link's chunking, backpressure and keep-warm (link.ts: FRAMES_CHANNEL_OPTIONS over the
   * defaults, unless given, e.g. by benchmarks).
   */
  add(peer: number, channel: FramesChannel, options: Partial<LinkOptions> = {}): void {
    const old = this.entries.get(peer);
    if (old) {
      old.replaced = true;
      old.link.destroy(null);
    }
    channel.binaryType = 'arraybuffer';
    const port: ChannelPort = {
      // the link's chunks are fresh arrays (encodeChunk), never views of shared memory
      send: (msg) => channel.send(msg as Uint8Array<ArrayBuffer>),
      get bufferedAmount() {
        return channel.bufferedAmount;
      },
      setLowThreshold: (bytes) => {
        channel.bufferedAmountLowThreshold = bytes;
      },
      // a worker cannot see the connection's SCTP limits; chunks (128 KiB) are far below Chromium's
      maxMessageSize: undefined,
      close: () => channel.close(),
    };
    const link: PeerLink = new PeerLink(peer, port, {
      onFrame: (session, bytes, info) => {
        const backlog = this.router.deliver(peer, session, bytes, info);
        if (backlog) link.destroy(backlog);
      },
      onControl: () => {}, // nothing but frames and pings is sent here
      onRtt: () => {
        entry.answeredAt = this.now();
      },
      onClose: (err) => {
        if (this.entries.get(peer)?.link === link) this.entries.delete(peer);
        const why =
          err ??
          new NetError('ERR_DESTROYED', entry.replaced ? `the frames channel to party ${peer} was replaced: party ${peer}'s worker restarted` : `the frames channel to party ${peer} was closed here`);
        for (const cb of this.closeListeners) cb(peer, why, entry.replaced);
      },
    }, { ...FRAMES_CHANNEL_OPTIONS, ...options }, this.now);
    const entry: Entry = { channel, link, answeredAt: null, replaced: false, earlyLength: () => early.length };
    // In a worker, a transferred channel can deliver the peer's first messages before its own
    // readyState turns 'open' (and may never fire 'open'), and answering a ping then throws. So
    // messages wait until the channel is open here, which is also polled.
    const early: Uint8Array[] = [];
    let earlyBytes = 0;
    let open = false;
    const opened = (): void => {
      if (open || link.destroyed) return;
      open = true;
      clearInterval(whenOpen);
      earlyBytes = 0;
      for (const m of early.splice(0)) link.handleMessage(m);
      link.startPings(PING_MS);
    };
    const whenOpen = setInterval(() => {
      if (link.destroyed) clearInterval(whenOpen);
      else if (channel.readyState === 'open') opened();
    }, OPEN_POLL_MS);
    channel.onopen = opened;
    channel.onmessage = (ev: MessageEvent<ArrayBuffer>) => {
      if (link.destroyed) return;
      const msg = new Uint8Array(ev.data);
      if (open) return link.handleMessage(msg);
      early.push(msg);
      earlyBytes += msg.length;
      if (early.length > MAX_EARLY_MESSAGES || earlyBytes > MAX_EARLY_BYTES) {
        const n = early.length;
        early.length = 0;
        link.destroy(new NetError('ERR_BACKLOG', `party ${peer} sent ${n} messages (${earlyBytes} bytes) on its frames channel before it opened here, more than ${MAX_EARLY_MESSAGES} or ${MAX_EARLY_BYTES} bytes`));
      }
    };
    if (channel.readyState === 'open') opened();
    channel.onbufferedamountlow = () => link.handleBufferedAmountLow();
    const gone = (detail: string) => new NetError('ERR_PEER_GONE', `the frames channel to party ${peer} closed (the party left, or its worker stopped${detail})`);
    channel.onclose = () => link.destroy(gone(''));
    channel.onerror = (ev) => {
      const detail = (ev as Event & { error?: { message?: string } }).error?.message;
      link.destroy(gone(detail ? `; ${detail}` : ''));
    };
    this.entries.set(peer, entry);
  }

  /** Whether frames to `peer` can take its channel now: open, and the peer answered on it lately. */
  isOpen(peer: number): boolean {
    // a destroyed link has already left `entries` (its onClose)
    const e = this.entries.get(peer);
    return !!e && e.answeredAt !== null && this.now() - e.answeredAt <= this.freshMs && e.channel.readyState === 'open';
  }

  /**
   * Send one frame of `session` (one buffer or parts, read while it goes: see PeerLink.sendFrame)
   * to `peer`, due there at `dueAt` (our clock) under carried network emulation. Throws the link's
   * error.
   */
  send(peer: number, session: number, frame: FrameBytes, compress: boolean, dueAt?: number): FrameWireInfo {
    const e = this.entries.get(peer);
    if (!e) throw new NetError('ERR_NO_PEER', `no frames channel to party ${peer}`);
    return e.link.sendFrame(session, frame, compress, dueAt);
  }

  /** Whether the channel to `peer` knows the peer's clock, so frames can carry their due time. */
  clockSynced(peer: number): boolean {
    return !!this.entries.get(peer)?.link.clockSynced;
  }

  /** How far off our estimate of `peer`'s clock may be now (ms; Link.clockErrorMs), or null. */
  clockErrorMs(peer: number): number | null {
    return this.entries.get(peer)?.link.clockErrorMs() ?? null;
  }

  /** Receive the frames of `session` that arrive on any channel (see RunRouter). */
  attach(session: number, handler: FrameHandler): () => void {
    return this.router.attach(session, handler);
  }

  /** Called when a channel closes, with the peer and why. Returns unsubscribe. */
  onClose(cb: CloseListener): () => void {
    this.closeListeners.add(cb);
    return () => this.closeListeners.delete(cb);
  }

  /** Lengths of the queues of the channel to `peer` (docs/bounds.md; null if there is none). */
  queueLengths(peer: number): { early: number; frames: number; controls: number; dues: number; reservedBytes: number } | null {
    const e = this.entries.get(peer);
    return e ? { early: e.earlyLength(), ...e.link.queueLengths() } : null;
  }

  /** Frames held for runs not started here (docs/bounds.md). */
  heldFrames(): { frames: number; bytes: number; runs: number } {
    return this.router.held();
  }

  /** Counters of the channel to `peer` (null if there is none). */
  stats(peer: number): LinkStats | null {
    return this.entries.get(peer)?.link.stats() ?? null;
  }
}
