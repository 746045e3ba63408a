/**
 * Routes incoming frames to the session they belong to. Frames of a session nobody listens to
 * yet are held (bounded), so a peer that starts a run a moment earlier loses nothing; frames of a
 * session that has ended are dropped. The page's mesh and the worker's frame channels both route
 * this way. DOM-free: it runs in the page and in the party worker.
 *
 * Held frames are what a peer can make us keep without anyone reading them, so they are bounded in
 * bytes (the owner's maxHeldBytes), in frames per peer (an empty frame costs no bytes but still an
 * entry) and in sessions (docs/bounds.md). A peer that starts early sends a round's frame and
 * then waits for ours, so a few frames per peer are all an honest one ever has held here.
 */
import { NetError } from './errors';
import type { FrameWireInfo } from './link';

/** Receives the frames of one session, with how each travelled (wire bytes, compression). */
export type FrameHandler = (from: number, bytes: Uint8Array, info: FrameWireInfo) => void;

interface HeldFrame {
  readonly from: number;
  readonly bytes: Uint8Array;
  readonly info: FrameWireInfo;
}

/** Frames held per peer, over all sessions, at most. */
export const MAX_HELD_FRAMES_PER_PEER = 64;
/** Sessions with held frames, at most (a run is proposed, accepted and started one at a time). */
export const MAX_HELD_SESSIONS = 16;
/**
 * Ended sessions remembered (their late frames are dropped, not held): the most recent ones. A run
 * ends once; its late frames come within a round trip, long before 1024 more runs have ended.
 */
export const MAX_ENDED_SESSIONS = 1024;

export class SessionRouter {
  private readonly handlers = new Map<number, FrameHandler>();
  private readonly bySession = new Map<number, HeldFrame[]>();
  /** Insertion-ordered, so the oldest is forgotten first. */
  private readonly ended = new Set<number>();
  private heldBytes = 0;
  private readonly heldPerPeer = new Map<number, number>();

  /** `maxHeldBytes`: frames held for sessions nobody has attached to yet, at most. */
  constructor(private readonly maxHeldBytes: number) {}

  /**
   * Receive the frames of `session` (held ones first). Returns detach; after detaching, frames of
   * that session are dropped.
   */
  attach(session: number, handler: FrameHandler): () => void {
    if (this.handlers.has(session)) throw new Error(`session ${session} already has a handler`);
    this.ended.delete(session);
    this.handlers.set(session, handler);
    const held = this.take(session);
    for (const f of held) handler(f.from, f.bytes, f.info);
    return () => {
      if (this.handlers.get(session) !== handler) return;
      this.handlers.delete(session);
      this.end(session);
    };
  }

  /**
   * Hand a frame to its session, or hold it. Returns an ERR_BACKLOG error (and drops the frame)
   * when holding it would pass a bound: the caller tears down the sender's link.
   */
  deliver(from: number, session: number, bytes: Uint8Array, info: FrameWireInfo): NetError | null {
    const handler = this.handlers.get(session);
    if (handler) {
      handler(from, bytes, info);
      return null;
    }
    if (this.ended.has(session)) return null; // a late frame of a finished run
    const backlog = (why: string): NetError => new NetError('ERR_BACKLOG', `party ${from} sent ${why} for session ${session}, which nobody here has joined`);
    if (this.heldBytes + bytes.length > this.maxHeldBytes) return backlog(`more than ${this.maxHeldBytes} bytes`);
    const peerFrames = this.heldPerPeer.get(from) ?? 0;
    if (peerFrames >= MAX_HELD_FRAMES_PER_PEER) return backlog(`more than ${MAX_HELD_FRAMES_PER_PEER} frames (with those of other sessions)`);
    const list = this.bySession.get(session);
    if (!list && this.bySession.size >= MAX_HELD_SESSIONS) return backlog(`frames while ${MAX_HELD_SESSIONS} other sessions wait to be joined`);
    this.heldBytes += bytes.length;
    this.heldPerPeer.set(from, peerFrames + 1);
    if (list) list.push({ from, bytes, info });
    else this.bySession.set(session, [{ from, bytes, info }]);
    return null;
  }

  /**
   * Drop the frames held for `session` and drop its later ones too: it will not be joined here
   * (refused or aborted before it started).
   */
  drop(session: number): void {
    if (this.handlers.has(session)) return;
    this.take(session);
    this.end(session);
  }

  /** What is held now: frames, bytes and sessions (docs/bounds.md). */
  held(): { frames: number; bytes: number; sessions: number } {
    let frames = 0;
    for (const list of this.bySession.values()) frames += list.length;
    return { frames, bytes: this.heldBytes, sessions: this.bySession.size };
  }

  /** Forget every handler and held frame. */
  clear(): void {
    this.handlers.clear();
    this.bySession.clear();
    this.heldPerPeer.clear();
    this.ended.clear();
    this.heldBytes = 0;
  }

  private take(session: number): HeldFrame[] {
    const list = this.bySession.get(session) ?? [];
    this.bySession.delete(session);
    for (const f of list) {
      this.heldBytes -= f.bytes.length;
      const n = (this.heldPerPeer.get(f.from) ?? 1) - 1;
      if (n > 0) this.heldPerPeer.set(f.from, n);
      else this.heldPerPeer.delete(f.from);
    }
    return list;
  }

  private end(session: number): void {
    this.ended.delete(session);
    this.ended.add(session);
    if (this.ended.size > MAX_ENDED_SESSIONS) this.ended.delete(this.ended.values().next().value!);
  }
}
