/**
 * The mesh of one room: a simple-peer connection to every other member (the lower index initiates,
 * trickle ICE), each with one reliable ordered data channel wrapped in a PeerLink. Frames are
 * routed by session: `sendFrame(to, bytes, session)` out, `attachSession(session, handler)` in.
 * Frames for a session nobody listens to yet are held (bounded) until someone attaches, so a peer
 * that starts a run a moment earlier loses nothing. With `framesChannel`, each connection also
 * gets a second, negotiated channel that the page hands to the party worker, and MPC frames go
 * worker to worker (frameChannels.ts); the frames here are then only those the page relays for a
 * peer whose worker channel was not open.
 */
import SimplePeer, { type SimplePeerError, type SimplePeerInstance } from 'simple-peer/simplepeer.min.js';
import { Emitter } from './emitter';
import { asNetError, NetError } from '../link/errors';
import { PeerLink, type ChannelPort, type FrameWireInfo, type LinkOptions, type LinkStats } from '../link/link';
import { RunRouter, type FrameHandler } from '../link/runRouter';
import { noPathMessage, selectedPath, type PeerPath } from './icePath';
import { defaultSignalingUrl, SignalingClient, type Joined, type ServerMessage } from './signalingClient';
import type { ControlMessage } from '../link/channelWire';
import type { FrameBytes } from '../mpc/transport';

export type PeerConnState = 'signaling' | 'connecting' | 'connected' | 'closed';

/** Metadata about one peer, for the UI (never data). */
export interface PeerInfo {
  readonly index: number;
  readonly state: PeerConnState;
  /** ms from creating the connection to the data channel opening. */
  readonly connectMs: number | null;
  readonly rttMs: number | null;
  /** Direct or through TURN (from getStats once connected; null before, or if the browser does not say). */
  readonly path: PeerPath | null;
  readonly error: { readonly code: string; readonly message: string } | null;
}

export interface MeshSnapshot {
  readonly room: string;
  readonly self: number;
  readonly capacity: number;
  /** Indices in the room now (signaling's view), including self. */
  readonly present: readonly number[];
  readonly peers: readonly PeerInfo[];
  /** Signaling connection lost (existing data channels keep working). */
  readonly signalingError: string | null;
}

export interface MeshOptions {
  /** ws(s)://host/signal. Default: the page's own origin. */
  signalingUrl?: string;
  /**
   * ICE servers (STUN/TURN) for peers on different networks. Default: those the signaling server
   * hands out in `joined` (`npm start -- --stun/--turn`; none: host candidates only).
   */
  iceServers?: RTCIceServer[];
  /** RTT probe interval. Default 2000 ms. */
  pingIntervalMs?: number;
  /** Give up on a peer whose channel has not opened after this long. Default 30 s. */
  connectTimeoutMs?: number;
  /** Chunking and backpressure tunables (see link.ts). */
  link?: Partial<LinkOptions>;
  /** Bytes held for runs nobody has attached to yet; above it the sending link is torn down. */
  maxPendingBytes?: number;
  /**
   * Given, every peer connection also gets a negotiated data channel for frames (FRAMES_CHANNEL_ID),
   * handed over at once, in the task that created it: it can still be transferred to a worker then.
   * The mesh does not read or close it; it closes with the connection.
   */
  framesChannel?: (peer: number, channel: RTCDataChannel) => void;
}

export type { FrameHandler };

/**
 * The SCTP stream id of the second data channel to every peer, created by both ends (negotiated)
 * for the party worker's frames. Far above the ids Chromium gives simple-peer's own channel.
 */
export const FRAMES_CHANNEL_ID = 1000;

type MeshEvents = {
  change: [MeshSnapshot];
  control: [number, ControlMessage];
  /** A peer's link ended (left, tab closed, failed, malformed data). */
  'peer-closed': [number, NetError];
};

interface PeerEntry {
  readonly index: number;
  readonly peer: SimplePeerInstance;
  readonly createdAt: number;
  link: PeerLink | null;
  state: PeerConnState;
  connectMs: number | null;
  path: PeerPath | null;
  error: NetError | null;
  timer: ReturnType<typeof setTimeout> | null;
  /** Stream id of the current frames channel (MeshOptions.framesChannel), or null. */
  framesChannelId: number | null;
  /** Messages that arrived after the channel opened but before simple-peer's 'connect'. */
  early: Uint8Array[];
  earlyBytes: number;
}

export class Mesh {
  private readonly events = new Emitter<MeshEvents>();
  private readonly peers = new Map<number, PeerEntry>();
  private readonly router: RunRouter;
  private present: number[] = [];
  private signalingError: string | null = null;
  private destroyed = false;
  private readonly iceServers: RTCIceServer[];

  private constructor(
    private readonly signaling: SignalingClient,
    private readonly joined: Joined,
    private readonly options: MeshOptions,
  ) {
    this.iceServers = options.iceServers ?? joined.iceServers;
    this.router = new RunRouter(options.maxPendingBytes ?? 256 * 1024 * 1024);
    this.present = [joined.self];
    signaling.on('message', (m) => this.onSignaling(m));
    signaling.on('close', (err) => {
      this.signalingError = err.message;
      this.changed();
    });
  }

  /** Connect to signaling and create a room of `capacity` parties (you are party 0). */
  static async create(capacity: number, options: MeshOptions = {}): Promise<Mesh> {
    return Mesh.open(options, (s) => s.create(capacity));
  }

  /** Connect to signaling and join `room`. Rejects with ERR_SIGNALING (serverCode ERR_ROOM_FULL, ...). */
  static async join(room: string, options: MeshOptions = {}): Promise<Mesh> {
    return Mesh.open(options, (s) => s.join(room));
  }

  private static async open(options: MeshOptions, enter: (s: SignalingClient) => Promise<Joined>): Promise<Mesh> {
    const signaling = await SignalingClient.connect(options.signalingUrl ?? defaultSignalingUrl());
    // Subscribe before entering so the first `peers` message is not missed.
    const early: ServerMessage[] = [];
    const off = signaling.on('message', (m) => early.push(m));
    try {
      const joined = await enter(signaling);
      off();
      const mesh = new Mesh(signaling, joined, options);
      for (const m of early) mesh.onSignaling(m);
      return mesh;
    } catch (err) {
      off();
      signaling.close();
      throw err;
    }
  }

  get room(): string {
    return this.joined.room;
  }
  get self(): number {
    return this.joined.self;
  }
  get capacity(): number {
    return this.joined.capacity;
  }

  on<K extends keyof MeshEvents>(event: K, fn: (...args: MeshEvents[K]) => void): () => void {
    return this.events.on(event, fn);
  }

  snapshot(): MeshSnapshot {
    const peers = [...this.peers.values()]
      .sort((a, b) => a.index - b.index)
      .map((p) => ({
        index: p.index,
        state: p.state,
        connectMs: p.connectMs,
        rttMs: p.link?.stats().rttMs ?? null,
        path: p.path,
        error: p.error ? { code: p.error.code, message: p.error.message } : null,
      }));
    return { room: this.room, self: this.self, capacity: this.capacity, present: [...this.present], peers, signalingError: this.signalingError };
  }

  /** Indices of peers whose data channel is open. */
  connectedPeers(): number[] {
    return [...this.peers.values()].filter((p) => p.state === 'connected').map((p) => p.index).sort((a, b) => a - b);
  }

  /** Counters of the link to `peer` (null before it connects). */
  stats(peer: number): LinkStats | null {
    return this.peers.get(peer)?.link?.stats() ?? null;
  }

  /**
   * Send one frame of `session` (one buffer or parts) to `to`, deflated if `compress`; the link
   * reads `bytes` while it goes, so nobody writes them afterwards (PeerLink.sendFrame). Returns its
   * wire bytes. Throws ERR_NO_PEER / the link's error.
   */
  sendFrame(to: number, bytes: FrameBytes, session = 0, compress = false): FrameWireInfo {
    return this.linkTo(to).sendFrame(session, bytes, compress);
  }

  sendControl(to: number, msg: ControlMessage): void {
    this.linkTo(to).sendControl(msg);
  }

  /**
   * Send a control message to every connected peer. One peer whose link fails as we send does not
   * keep the message from the rest (an abort about that very link must still reach them); that
   * peer's link is torn down and reported as any lost peer is.
   */
  broadcastControl(msg: ControlMessage): void {
    for (const p of [...this.peers.values()]) {
      if (!p.link || p.link.destroyed) continue;
      try {
        p.link.sendControl(msg);
      } catch (err) {
        this.closePeer(p, asNetError(err, 'ERR_PEER_GONE', `could not send to party ${p.index}`));
      }
    }
  }

  /**
   * Receive the frames of `session` (held ones first). Returns detach; after detaching, frames of
   * that session are dropped.
   */
  attachSession(session: number, handler: FrameHandler): () => void {
    return this.router.attach(session, handler);
  }

  /** Leave the room and close every connection (idempotent). */
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    for (const p of [...this.peers.values()]) this.closePeer(p, null);
    try {
      this.signaling.leave();
    } catch {
      // Signaling already gone: nothing to leave.
    }
    this.signaling.close();
    this.router.clear();
    this.changed();
    this.events.clear();
  }

  private linkTo(to: number): PeerLink {
    if (this.destroyed) throw new NetError('ERR_DESTROYED', 'the mesh was closed');
    const p = this.peers.get(to);
    if (p?.error) throw p.error;
    if (!p?.link) throw new NetError('ERR_NO_PEER', `party ${to} is not connected`);
    return p.link;
  }

  private changed(): void {
    this.events.emit('change', this.snapshot());
  }

  private onSignaling(m: ServerMessage): void {
    if (this.destroyed) return;
    switch (m.type) {
      case 'peers':
        this.present = m.peers;
        for (const i of m.peers) {
          const existing = this.peers.get(i);
          if (i !== this.self && (!existing || existing.state === 'closed')) this.addPeer(i);
        }
        this.changed();
        break;
      case 'left': {
        const p = this.peers.get(m.index);
        const why = m.reason === 'leave' ? 'left the room' : 'disconnected (tab closed or network lost)';
        if (p) this.closePeer(p, new NetError('ERR_PEER_GONE', `party ${m.index} ${why}`));
        this.present = this.present.filter((i) => i !== m.index);
        this.changed();
        break;
      }
      case 'signal': {
        let p = this.peers.get(m.from);
        if (!p || p.state === 'closed') {
          if (m.from > this.self) return; // we initiate towards higher indices; a stray signal
          p = this.addPeer(m.from);
        }
        if (p.state === 'signaling') {
          p.state = 'connecting';
          this.changed();
        }
        try {
          p.peer.signal(m.data);
        } catch (err) {
          this.closePeer(p, asNetError(err, 'ERR_PEER_GONE', `bad signaling data from party ${m.from}`));
        }
        break;
      }
      case 'error':
        // Non-fatal (e.g. a signal to a peer who just left): the affected peer shows its own state.
        console.warn(`signaling: ${m.code}: ${m.message}`);
        break;
      default:
        break;
    }
  }

  private addPeer(index: number): PeerEntry {
    const peer = new SimplePeer({
      initiator: this.self < index,
      trickle: true,
      config: { iceServers: this.iceServers },
      channelConfig: { ordered: true },
    });
    const entry: PeerEntry = { index, peer, createdAt: performance.now(), link: null, state: 'signaling', connectMs: null, path: null, error: null, timer: null, framesChannelId: null, early: [], earlyBytes: 0 };
    this.peers.set(index, entry);
    this.openFramesChannel(entry, FRAMES_CHANNEL_ID);
    const timeout = this.options.connectTimeoutMs ?? 30_000;
    entry.timer = setTimeout(() => {
      if (entry.state !== 'connected') {
        this.closePeer(entry, new NetError('ERR_NO_PATH', `${noPathMessage(index, this.iceServers)} (nothing connected within ${timeout / 1000} s)`));
      }
    }, timeout);
    peer.on('signal', (data) => {
      if (this.destroyed || this.peers.get(index) !== entry) return;
      try {
        this.signaling.signal(index, data);
      } catch (err) {
        this.closePeer(entry, asNetError(err, 'ERR_SIGNALING', `cannot signal party ${index}`));
      }
    });
    // HACK: read the data channel directly instead of simple-peer's 'data' event. Its
    // readable-stream path can defer delivery through a setTimeout-based nextTick shim (adds
    // milliseconds per round; throttled in background tabs) and buffers without bound if nobody
    // reads. simple-peer 9.x sets `channel.onmessage` once in _setupData: in its constructor for the
    // initiator, in its `ondatachannel` handler otherwise (which runs before our listener below), and
    // we replace it before any message can be dispatched.
    const capture = (channel: RTCDataChannel): void => {
      channel.onmessage = (ev: MessageEvent<ArrayBuffer | string>) => this.onChannelMessage(entry, ev.data);
    };
    if (peer._channel) capture(peer._channel);
    else
      peer._pc?.addEventListener('datachannel', () => {
        if (peer._channel) capture(peer._channel);
      });
    peer.on('connect', () => this.onConnect(entry));
    peer.on('error', (err: SimplePeerError) => {
      // every candidate pair was tried and none answered (ICE failed, and so the connection, before
      // it ever opened): say what would give them a path
      if ((err.code === 'ERR_ICE_CONNECTION_FAILURE' || err.code === 'ERR_CONNECTION_FAILURE') && entry.state !== 'connected') {
        this.closePeer(entry, new NetError('ERR_NO_PATH', noPathMessage(index, this.iceServers), { cause: err }));
        return;
      }
      this.closePeer(entry, asNetError(err, 'ERR_PEER_GONE', `connection to party ${index} failed`));
    });
    peer.on('close', () => {
      this.closePeer(entry, new NetError('ERR_PEER_GONE', `party ${index} closed the connection`));
    });
    return entry;
  }

  /**
   * A new worker took over here (the old one crashed or hung, and its channels died with it, with
   * no close seen by the peers): open new frames channels to every connected peer and ask each to
   * open its end, so neither side keeps sending into a dead channel.
   */
  renewFramesChannels(): void {
    for (const entry of this.peers.values()) {
      if (entry.state !== 'connected' || entry.framesChannelId === null) continue;
      const id = entry.framesChannelId + 1;
      this.openFramesChannel(entry, id);
      entry.link?.sendControl({ type: 'frames-channel', id });
    }
  }

  /** The worker's frames channel to a peer (see MeshOptions.framesChannel); without it frames take the mesh. */
  private openFramesChannel(entry: PeerEntry, id: number): void {
    const take = this.options.framesChannel;
    // ids only go up: a peer renewing at the same moment as we do asks for the id we just opened
    if (!take || !entry.peer._pc || (entry.framesChannelId !== null && id <= entry.framesChannelId)) return;
    try {
      const channel = entry.peer._pc.createDataChannel('tabmpc-frames', { negotiated: true, id, ordered: true });
      entry.framesChannelId = id;
      take(entry.index, channel);
    } catch (err) {
      // frames to this peer then go through the page's link, as they did before worker channels
      console.warn(`no frames channel to party ${entry.index}: ${(err as Error).message}`);
    }
  }

  private onConnect(entry: PeerEntry): void {
    const channel = entry.peer._channel;
    if (this.destroyed || entry.state === 'closed' || !channel) return;
    const { peer, index } = entry;
    const port: ChannelPort = {
      send: (msg) => peer.send(msg),
      get bufferedAmount() {
        return channel.bufferedAmount;
      },
      setLowThreshold: (bytes) => {
        channel.bufferedAmountLowThreshold = bytes;
      },
      get maxMessageSize() {
        return peer._pc?.sctp?.maxMessageSize ?? undefined;
      },
      close: () => peer.destroy(),
    };
    const link = new PeerLink(
      index,
      port,
      {
        onFrame: (session, bytes, info) => this.deliver(index, session, bytes, info),
        onControl: (msg) => (msg.type === 'frames-channel' ? this.openFramesChannel(entry, msg.id) : this.events.emit('control', index, msg)),
        onRtt: () => this.changed(),
        onClose: (err) => {
          if (err) this.closePeer(entry, err);
        },
      },
      this.options.link,
    );
    channel.addEventListener('bufferedamountlow', () => link.handleBufferedAmountLow());
    entry.link = link;
    entry.state = 'connected';
    entry.connectMs = performance.now() - entry.createdAt;
    if (entry.timer) clearTimeout(entry.timer);
    entry.timer = null;
    const early = entry.early.splice(0);
    entry.earlyBytes = 0;
    for (const msg of early) link.handleMessage(msg);
    if (link.destroyed) return; // an early message was malformed: closePeer already reported it
    link.startPings(this.options.pingIntervalMs ?? 2000);
    this.changed();
    void this.readPath(entry);
  }

  /** Which path the connection took (PeerInfo.path): metadata for the lobby, never data. */
  private async readPath(entry: PeerEntry): Promise<void> {
    try {
      const report = await entry.peer._pc?.getStats();
      if (!report || entry.state !== 'connected') return;
      entry.path = selectedPath(report.values() as Iterable<{ type: string; id: string }>);
      this.changed();
    } catch {
      // a connection closed meanwhile has no stats; the path stays unknown
    }
  }

  private onChannelMessage(entry: PeerEntry, data: ArrayBuffer | string): void {
    if (entry.state === 'closed') return;
    const msg = typeof data === 'string' ? new TextEncoder().encode(data) : new Uint8Array(data);
    if (entry.link) return entry.link.handleMessage(msg);
    // Before 'connect' (simple-peer still checks the candidate pair): hold, bounded.
    entry.early.push(msg);
    entry.earlyBytes += msg.length;
    if (entry.earlyBytes > 64 * 1024 * 1024) {
      this.closePeer(entry, new NetError('ERR_BACKLOG', `party ${entry.index} sent more than 64 MiB before the connection was ready`));
    }
  }

  private deliver(from: number, session: number, bytes: Uint8Array, info: FrameWireInfo): void {
    const backlog = this.router.deliver(from, session, bytes, info);
    const p = backlog && this.peers.get(from);
    if (p) this.closePeer(p, backlog);
  }

  /** The one teardown path of a peer (idempotent). `err` null = our own deliberate close. */
  private closePeer(entry: PeerEntry, err: NetError | null): void {
    if (entry.state === 'closed') return;
    entry.state = 'closed';
    entry.error = err;
    if (entry.timer) clearTimeout(entry.timer);
    entry.timer = null;
    entry.early = [];
    entry.link?.destroy(err);
    if (!entry.peer.destroyed) entry.peer.destroy();
    this.events.emit('peer-closed', entry.index, err ?? new NetError('ERR_DESTROYED', `the connection to party ${entry.index} was closed here`));
    this.changed();
  }
}
