/**
 * The engine's Transport (src/mpc/transport.ts) for one session, backed by the WebRTC mesh. Frames
 * of other sessions never reach it. Errors reaching the engine are MpcErrors: ERR_PEER_GONE (naming
 * the party and why), ERR_ABORTED (a party aborted, or the transport was closed), ERR_BAD_FRAME.
 * With `compression` every frame it sends is deflated on the wire; `stats()` counts, per peer, the
 * session's frame bytes (before compression) and wire bytes (after, chunk headers included).
 */
import { MpcError, type MpcErrorCode } from '../mpc/errors';
import type { Transport } from '../mpc/transport';
import type { NetError } from '../link/errors';
import type { FrameWireInfo } from '../link/link';
import type { Mesh } from './mesh';
import { WireCounter, type PeerWireStats, type SessionWireStats } from '../link/wireStats';

export type { PeerWireStats, SessionWireStats };

export interface MeshTransportOptions {
  /** Session id: frames are routed by it, so two runs over one mesh never mix. */
  session: number;
  /** Parties of the session: indices 0..parties-1, all connected. Default: the room's capacity. */
  parties?: number;
  /** Deflate every frame this party sends (fflate level 1). Default off. */
  compression?: boolean;
}

interface Inbox {
  readonly frames: Uint8Array[];
  readonly waiters: { resolve: (f: Uint8Array) => void; reject: (e: MpcError) => void }[];
  error: MpcError | null;
}

export class MeshTransport implements Transport {
  readonly self: number;
  readonly parties: number;
  readonly session: number;
  readonly compression: boolean;
  private readonly wire: WireCounter;
  private readonly inboxes = new Map<number, Inbox>();
  private readonly unsubscribe: (() => void)[] = [];
  private closed = false;
  private fail: (err: MpcError) => void = () => {};
  /**
   * Rejects with the first error that stops this session with any peer (an abort here or there, a
   * peer gone, close()): for waits outside receive(), such as the proposer's for every party's
   * 'ready'.
   */
  readonly failure: Promise<never> = new Promise((_, reject) => (this.fail = reject));

  constructor(
    private readonly mesh: Mesh,
    options: MeshTransportOptions,
  ) {
    this.self = mesh.self;
    this.session = options.session;
    this.parties = options.parties ?? mesh.capacity;
    this.compression = options.compression ?? false;
    this.wire = new WireCounter(this.parties, this.compression);
    this.failure.catch(() => {}); // observed by whoever waits on it, if anyone
    if (this.self >= this.parties) throw new MpcError('ERR_PARTY_COUNT', `party ${this.self} is not part of a ${this.parties}-party session`);
    const connected = new Set(mesh.connectedPeers());
    for (let i = 0; i < this.parties; i += 1) {
      if (i === this.self) continue;
      if (!connected.has(i)) throw new MpcError('ERR_PEER_GONE', `party ${i} is not connected, so a ${this.parties}-party session cannot start`);
      this.inboxes.set(i, { frames: [], waiters: [], error: null });
    }
    this.unsubscribe.push(
      mesh.on('peer-closed', (index, err) => this.failPeer(index, toMpc(err))),
      mesh.on('control', (from, msg) => {
        if (msg.type === 'abort' && msg.session === this.session) {
          this.failAll(new MpcError('ERR_ABORTED', `party ${from} aborted the run: ${msg.reason}`));
        }
      }),
      mesh.attachSession(this.session, (from, bytes, info) => this.onFrame(from, bytes, info)),
    );
  }

  send(to: number, frame: Uint8Array): void {
    const inbox = this.inboxes.get(to);
    if (!inbox) throw new MpcError('ERR_PARTY_COUNT', `send to party ${to}: not another party of this ${this.parties}-party session`);
    if (inbox.error) throw inbox.error;
    try {
      const length = frame.length; // the mesh owns the frame once sent
      const info = this.mesh.sendFrame(to, frame, this.session, this.compression);
      this.wire.sent(to, length, info);
    } catch (err) {
      const e = toMpc(err as NetError);
      this.failPeer(to, e);
      throw e;
    }
  }

  receive(from: number): Promise<Uint8Array> {
    const inbox = this.inboxes.get(from);
    if (!inbox) return Promise.reject(new MpcError('ERR_PARTY_COUNT', `receive from party ${from}: not another party of this ${this.parties}-party session`));
    const frame = inbox.frames.shift();
    if (frame) return Promise.resolve(frame);
    if (inbox.error) return Promise.reject(inbox.error);
    return new Promise((resolve, reject) => inbox.waiters.push({ resolve, reject }));
  }

  /** This session's wire counters so far (a copy). */
  stats(): SessionWireStats {
    return this.wire.snapshot();
  }

  /**
   * Tell every peer to stop this session, and stop it here: receivers reject with `code`
   * (ERR_ABORTED, or ERR_TIMEOUT when this party gave up waiting).
   */
  abort(reason: string, code: 'ERR_ABORTED' | 'ERR_TIMEOUT' = 'ERR_ABORTED'): void {
    if (this.closed) return;
    try {
      this.mesh.broadcastControl({ type: 'abort', session: this.session, reason });
    } finally {
      this.failAll(new MpcError(code, code === 'ERR_ABORTED' ? `aborted here: ${reason}` : reason));
      this.close();
    }
  }

  /** Stop listening (idempotent); pending receives reject with ERR_ABORTED. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.failAll(new MpcError('ERR_ABORTED', `session ${this.session} was closed`));
    for (const off of this.unsubscribe) off();
    this.unsubscribe.length = 0;
  }

  private onFrame(from: number, bytes: Uint8Array, info: FrameWireInfo): void {
    const inbox = this.inboxes.get(from);
    if (!inbox || inbox.error) return;
    this.wire.received(from, bytes.length, info);
    const waiter = inbox.waiters.shift();
    if (waiter) waiter.resolve(bytes);
    else inbox.frames.push(bytes);
  }

  /** Frames already received stay readable; only once they are used up does receive reject. */
  private failPeer(index: number, err: MpcError): void {
    const inbox = this.inboxes.get(index);
    if (!inbox || inbox.error) return;
    inbox.error = err;
    for (const w of inbox.waiters.splice(0)) w.reject(err);
    this.fail(err);
  }

  private failAll(err: MpcError): void {
    for (const i of this.inboxes.keys()) this.failPeer(i, err);
  }
}

function toMpc(err: NetError | Error): MpcError {
  const code = (err as { code?: string }).code;
  const mpcCode: MpcErrorCode = code === 'ERR_BAD_FRAME' ? 'ERR_BAD_FRAME' : code === 'ERR_DESTROYED' ? 'ERR_ABORTED' : 'ERR_PEER_GONE';
  return new MpcError(mpcCode, err.message, { cause: err });
}
