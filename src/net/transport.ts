/**
 * The engine's Transport (src/mpc/transport.ts) for one session, backed by the WebRTC mesh. Frames
 * of other sessions never reach it. Errors reaching the engine are MpcErrors: ERR_PEER_GONE (naming
 * the party and why), ERR_ABORTED (a party aborted, or the transport was closed), ERR_BAD_FRAME.
 * Whatever stops the session here (a lost peer, an abort from one peer, abort()), every other
 * party of it still reachable is told once, with a reason that names the fault: a fault between
 * two parties is otherwise news to nobody else, and a third party would wait for frames forever.
 * With `compression` every frame it sends is deflated on the wire; `stats()` counts, per peer, the
 * session's frame bytes (before compression) and wire bytes (after, chunk headers included).
 */
import { MpcError } from '../mpc/errors';
import type { FrameBytes, Transport } from '../mpc/transport';
import { frameLength } from '../mpc/sched/frameBytes';
import { Inbox } from '../mpc/io/inbox';
import { INBOX_LIMITS } from '../link/channelWire';
import { engineCode, type NetError } from '../link/errors';
import type { FrameWireInfo } from '../link/link';
import type { Mesh } from './mesh';
import { WireCounter, type PeerWireStats, type RunWireStats } from '../link/wireStats';

export type { PeerWireStats, RunWireStats };

export interface MeshTransportOptions {
  /** Session id: frames are routed by it, so two runs over one mesh never mix. */
  session: number;
  /** Parties of the session: indices 0..parties-1, all connected. Default: the room's capacity. */
  parties?: number;
  /** Deflate every frame this party sends (fflate level 1). Default off. */
  compression?: boolean;
}

export class MeshTransport implements Transport {
  readonly self: number;
  readonly parties: number;
  readonly session: number;
  readonly compression: boolean;
  private readonly wire: WireCounter;
  /** Frames arrive reassembled by the link: one buffer each. */
  private readonly inboxes = new Map<number, Inbox<MpcError, Uint8Array>>();
  private readonly unsubscribe: (() => void)[] = [];
  private closed = false;
  /** The session's abort went out to the peers (at most once). */
  private told = false;
  /** Per party: 'working' words during the run, each saying its engine has not sent its next frame yet (see beat()). */
  private readonly beats: number[];
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
    this.beats = new Array<number>(this.parties).fill(0);
    this.failure.catch(() => {}); // observed by whoever waits on it, if anyone
    if (this.self >= this.parties) throw new MpcError('ERR_PARTY_COUNT', `party ${this.self} is not part of a ${this.parties}-party session`);
    const connected = new Set(mesh.connectedPeers());
    for (let i = 0; i < this.parties; i += 1) {
      if (i === this.self) continue;
      if (!connected.has(i)) throw new MpcError('ERR_PEER_GONE', `party ${i} is not connected, so a ${this.parties}-party session cannot start`);
      this.inboxes.set(i, new Inbox<MpcError, Uint8Array>(i, INBOX_LIMITS, (e) => this.fail(e)));
    }
    this.unsubscribe.push(
      mesh.on('peer-closed', (index, err) => {
        if (!this.inboxes.has(index) || this.inboxes.get(index)!.error) return;
        const e = toMpc(err);
        this.failPeer(index, e);
        this.tell(`party ${this.self} lost its connection to party ${index} (${err.message})`, index);
      }),
      mesh.on('control', (from, msg) => {
        if ((msg.type !== 'abort' && msg.type !== 'working') || msg.session !== this.session || !this.inboxes.has(from)) return;
        if (msg.type === 'abort') {
          const e = new MpcError('ERR_ABORTED', `party ${from} aborted the run: ${msg.reason}`);
          this.failAll(e);
          // the sender may not reach everyone (its abort may even be about a link it lost)
          this.tell(e.message, from);
        } else {
          this.beats[from]! += 1;
        }
      }),
      mesh.attachSession(this.session, (from, bytes, info) => this.onFrame(from, bytes, info)),
    );
  }

  /** A frame's parts go into the link's chunks as they are (PeerLink.sendFrame): no copy of the frame. */
  send(to: number, frame: FrameBytes): void {
    const inbox = this.inboxes.get(to);
    if (!inbox) throw new MpcError('ERR_PARTY_COUNT', `send to party ${to}: not another party of this ${this.parties}-party session`);
    if (inbox.error) throw inbox.error;
    try {
      const length = frameLength(frame);
      const info = this.mesh.sendFrame(to, frame, this.session, this.compression);
      this.wire.sent(to, length, info);
    } catch (err) {
      const e = toMpc(err as NetError);
      this.failPeer(to, e);
      this.tell(`party ${this.self} could not send to party ${to} (${e.message})`, to);
      throw e;
    }
  }

  /**
   * Per party: a number that changes while that party shows its next frame is still coming: chunk
   * bytes from it on this page's link (frames of any session: a relayed frame of this run moves it),
   * plus its 'working' words (beat()). The party worker's engine reads it, through the page, to tell
   * a slow peer from one whose frame will never come (scheduler.ts, Liveness).
   */
  activity(): number[] {
    return this.beats.map((b, p) => (p === this.self ? 0 : b + (this.mesh.stats(p)?.frameWireBytesReceived ?? 0)));
  }

  /**
   * Tell the other parties that this party's engine is still working towards its next frame
   * (computing, or holding a round in step mode), so their engines do not take its silence for a
   * dropped frame.
   */
  beat(): void {
    if (this.closed || this.told) return;
    for (const to of this.inboxes.keys()) {
      try {
        this.mesh.sendControl(to, { type: 'working', session: this.session });
      } catch {
        // that peer's loss reaches this session through 'peer-closed'
      }
    }
  }

  receive(from: number): Promise<Uint8Array> {
    const inbox = this.inboxes.get(from);
    if (!inbox) return Promise.reject(new MpcError('ERR_PARTY_COUNT', `receive from party ${from}: not another party of this ${this.parties}-party session`));
    return inbox.receive();
  }

  /** This session's wire counters so far (a copy). */
  stats(): RunWireStats {
    return this.wire.snapshot();
  }

  /**
   * Tell every peer to stop this session, and stop it here: receivers reject with `code`
   * (ERR_ABORTED, or ERR_TIMEOUT when this party gave up waiting).
   */
  abort(reason: string, code: 'ERR_ABORTED' | 'ERR_TIMEOUT' = 'ERR_ABORTED'): void {
    if (this.closed) return;
    try {
      this.tell(reason, null);
    } finally {
      this.failAll(new MpcError(code, code === 'ERR_ABORTED' ? `aborted here: ${reason}` : reason));
      this.close();
    }
  }

  /**
   * Send the session's abort, once, to every other party still reachable but `except` (the party
   * the fault came from: it knows, or is gone). One unreachable party does not keep the word from
   * the rest.
   */
  private tell(reason: string, except: number | null): void {
    if (this.closed || this.told) return;
    this.told = true;
    for (const to of this.inboxes.keys()) {
      if (to === except) continue;
      try {
        this.mesh.sendControl(to, { type: 'abort', session: this.session, reason });
      } catch {
        // unreachable: its own link failure stops its session
      }
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
    // beyond INBOX_LIMITS the inbox fails that peer (ERR_BAD_FRAME); the others hear of it once
    if (!inbox.push(bytes)) this.tell(`party ${this.self} stopped the run: ${(inbox.error as MpcError | null)?.message ?? ''}`, from); // (push failed it: not null)
  }

  /** Frames already received stay readable; only once they are used up does receive reject. */
  private failPeer(index: number, err: MpcError): void {
    this.inboxes.get(index)?.fail(err);
  }

  private failAll(err: MpcError): void {
    for (const i of this.inboxes.keys()) this.failPeer(i, err);
  }
}

function toMpc(err: NetError | Error): MpcError {
  return new MpcError(engineCode((err as { code?: string }).code), err.message, { cause: err });
}
