/**
 * Routes incoming frames to the session they belong to. Frames of a session nobody listens to
 * yet are held (bounded), so a peer that starts a run a moment earlier loses nothing; frames of a
 * session that has ended are dropped. The page's mesh and the worker's frame channels both route
 * this way. DOM-free: it runs in the page and in the party worker.
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

export class SessionRouter {
  private readonly handlers = new Map<number, FrameHandler>();
  private readonly held = new Map<number, HeldFrame[]>();
  private readonly ended = new Set<number>();
  private heldBytes = 0;

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
    const held = this.held.get(session) ?? [];
    this.held.delete(session);
    for (const f of held) {
      this.heldBytes -= f.bytes.length;
      handler(f.from, f.bytes, f.info);
    }
    return () => {
      if (this.handlers.get(session) !== handler) return;
      this.handlers.delete(session);
      this.ended.add(session);
    };
  }

  /**
   * Hand a frame to its session, or hold it. Returns an ERR_BACKLOG error (and drops the frame)
   * when holding it would pass the bound: the caller tears down the sender's link.
   */
  deliver(from: number, session: number, bytes: Uint8Array, info: FrameWireInfo): NetError | null {
    const handler = this.handlers.get(session);
    if (handler) {
      handler(from, bytes, info);
      return null;
    }
    if (this.ended.has(session)) return null; // a late frame of a finished run
    if (this.heldBytes + bytes.length > this.maxHeldBytes) {
      return new NetError('ERR_BACKLOG', `party ${from} sent more than ${this.maxHeldBytes} bytes for session ${session}, which nobody here has joined`);
    }
    this.heldBytes += bytes.length;
    const list = this.held.get(session) ?? [];
    list.push({ from, bytes, info });
    this.held.set(session, list);
    return null;
  }

  /** Forget every handler and held frame. */
  clear(): void {
    this.handlers.clear();
    this.held.clear();
    this.heldBytes = 0;
  }
}
