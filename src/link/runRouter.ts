/**
 * Routes incoming frames to the run they belong to. Frames of a run nobody listens to
 * yet are held (bounded), so a peer that starts a run a moment earlier loses nothing; frames of a
 * run that has ended are dropped. The page's mesh and the worker's frame channels both route
 * this way. DOM-free: it runs in the page and in the party worker.
 *
 * Held frames are what a peer can make us keep without anyone reading them, so they are bounded in
 * bytes (the owner's maxHeldBytes), in frames per peer (an empty frame costs no bytes but still an
 * entry) and in runs (docs/bounds.md). A peer that starts early sends a round's frame and
 * then waits for ours, so a few frames per peer are all an honest one ever has held here.
 */
import { NetError } from './errors';
import type { FrameWireInfo } from './link';

/** Receives the frames of one run, with how each travelled (wire bytes, compression). */
export type FrameHandler = (from: number, bytes: Uint8Array, info: FrameWireInfo) => void;

interface HeldFrame {
  readonly from: number;
  readonly bytes: Uint8Array;
  readonly info: FrameWireInfo;
}

/** Frames held per peer, over all runs, at most. */
export const MAX_HELD_FRAMES_PER_PEER = 64;
/** Runs with held frames, at most (a run is proposed, accepted and started one at a time). */
export const MAX_HELD_RUNS = 16;
/**
 * Ended runs remembered (their late frames are dropped, not held): the most recent ones. A run
 * ends once; its late frames come within a round trip, long before 1024 more runs have ended.
 */
export const MAX_ENDED_RUNS = 1024;

export class RunRouter {
  private readonly handlers = new Map<number, FrameHandler>();
  private readonly byRun = new Map<number, HeldFrame[]>();
  /** Insertion-ordered, so the oldest is forgotten first. */
  private readonly ended = new Set<number>();
  private heldBytes = 0;
  private readonly heldPerPeer = new Map<number, number>();

  /** `maxHeldBytes`: frames held for runs nobody has attached to yet, at most. */
  constructor(private readonly maxHeldBytes: number) {}

  /**
   * Receive the frames of `run` (held ones first). Returns detach; after detaching, frames of
   * that run are dropped.
   */
  attach(run: number, handler: FrameHandler): () => void {
    if (this.handlers.has(run)) throw new Error(`session ${run} already has a handler`);
    this.ended.delete(run);
    this.handlers.set(run, handler);
    const held = this.take(run);
    for (const f of held) handler(f.from, f.bytes, f.info);
    return () => {
      if (this.handlers.get(run) !== handler) return;
      this.handlers.delete(run);
      this.end(run);
    };
  }

  /**
   * Hand a frame to its run, or hold it. Returns an ERR_BACKLOG error (and drops the frame)
   * when holding it would pass a bound: the caller tears down the sender's link.
   */
  deliver(from: number, run: number, bytes: Uint8Array, info: FrameWireInfo): NetError | null {
    const handler = this.handlers.get(run);
    if (handler) {
      handler(from, bytes, info);
      return null;
    }
    if (this.ended.has(run)) return null; // a late frame of a finished run
    const backlog = (why: string): NetError => new NetError('ERR_BACKLOG', `party ${from} sent ${why} for session ${run}, which nobody here has joined`);
    if (this.heldBytes + bytes.length > this.maxHeldBytes) return backlog(`more than ${this.maxHeldBytes} bytes`);
    const peerFrames = this.heldPerPeer.get(from) ?? 0;
    if (peerFrames >= MAX_HELD_FRAMES_PER_PEER) return backlog(`more than ${MAX_HELD_FRAMES_PER_PEER} frames (with those of other sessions)`);
    const list = this.byRun.get(run);
    if (!list && this.byRun.size >= MAX_HELD_RUNS) return backlog(`frames while ${MAX_HELD_RUNS} other sessions wait to be joined`);
    this.heldBytes += bytes.length;
    this.heldPerPeer.set(from, peerFrames + 1);
    if (list) list.push({ from, bytes, info });
    else this.byRun.set(run, [{ from, bytes, info }]);
    return null;
  }

  /**
   * Drop the frames held for `run` and drop its later ones too: it will not be joined here
   * (refused or aborted before it started).
   */
  drop(run: number): void {
    if (this.handlers.has(run)) return;
    this.take(run);
    this.end(run);
  }

  /** What is held now: frames, bytes and runs (docs/bounds.md). */
  held(): { frames: number; bytes: number; runs: number } {
    let frames = 0;
    for (const list of this.byRun.values()) frames += list.length;
    return { frames, bytes: this.heldBytes, runs: this.byRun.size };
  }

  /** Forget every handler and held frame. */
  clear(): void {
    this.handlers.clear();
    this.byRun.clear();
    this.heldPerPeer.clear();
    this.ended.clear();
    this.heldBytes = 0;
  }

  private take(run: number): HeldFrame[] {
    const list = this.byRun.get(run) ?? [];
    this.byRun.delete(run);
    for (const f of list) {
      this.heldBytes -= f.bytes.length;
      const n = (this.heldPerPeer.get(f.from) ?? 1) - 1;
      if (n > 0) this.heldPerPeer.set(f.from, n);
      else this.heldPerPeer.delete(f.from);
    }
    return list;
  }

  private end(run: number): void {
    this.ended.delete(run);
    this.ended.add(run);
    if (this.ended.size > MAX_ENDED_RUNS) this.ended.delete(this.ended.values().next().value!);
  }
}
