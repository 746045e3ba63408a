/**
 * One peer's frames on their way to the engine, as every Transport keeps them (the in-memory
 * network, the page's MeshTransport, the worker's PortTransport): a FIFO of frames nobody has asked
 * for yet, the receives waiting for a frame, and a sticky error. Frames that arrived before the
 * error stay readable; once they are used up, receive rejects with it.
 *
 * With limits, the frames counted as waiting (admitted and not yet taken by a receive) are bounded
 * in number and bytes: the engine takes one frame per peer per round, and a peer sends round r + 1
 * only after our round r, so an honest peer has one or two waiting. A frame beyond the limits fails
 * the inbox with ERR_BAD_FRAME and drops what waits (docs/bounds.md). A frame may be admitted
 * (counted) before it is delivered, so frames held elsewhere until due count too (PortTransport).
 *
 * `E` is the error receives reject with: MpcError, or a supertype of it (the in-memory network
 * closes with whatever stopped a party); the inbox's own overflow error is an MpcError. `F` is
 * what a frame is: parts in process, one buffer where a link reassembled it.
 */
import { MpcError } from '../errors';
import type { FrameBytes } from '../transport';
import { frameLength } from '../sched/frameBytes';

/** Frames of one peer waiting for the engine, at most (with limits). */
export const MAX_WAITING_FRAMES = 8;

export interface InboxLimits {
  readonly frames: number;
  readonly bytes: number;
}

interface Waiter<E, F> {
  resolve(f: F): void;
  reject(e: E): void;
}

export class Inbox<E = MpcError, F extends FrameBytes = FrameBytes> {
  private readonly frames: F[] = [];
  private readonly waiters: Waiter<E, F>[] = [];
  private failure: E | null = null;
  private waitingFrames = 0;
  private waitingBytes = 0;

  /**
   * `from` names the peer in the overflow error; `onFail` hears the inbox's first failure (an
   * overflow or fail()), after its waiting receives were rejected.
   */
  constructor(
    private readonly from: number,
    private readonly limits: InboxLimits | null = null,
    private readonly onFail: (err: E) => void = () => {},
  ) {}

  /** The sticky error, once the inbox failed. */
  get error(): E | null {
    return this.failure;
  }

  /** Frames (and their bytes) admitted and not yet taken by a receive. */
  waiting(): { frames: number; bytes: number } {
    return { frames: this.waitingFrames, bytes: this.waitingBytes };
  }

  /**
   * Count a frame of `length` bytes as waiting, to be delivered later. False if the inbox has
   * failed, or failed now because the frame passes the limits (its frames dropped).
   */
  admit(length: number): boolean {
    if (this.failure !== null) return false;
    const limits = this.limits;
    if (limits && (this.waitingFrames + 1 > limits.frames || this.waitingBytes + length > limits.bytes)) {
      this.refuse(`party ${this.from} sent more than ${limits.frames} frames (or ${limits.bytes} bytes) ahead of this party's rounds`);
      return false;
    }
    this.waitingFrames += 1;
    this.waitingBytes += length;
    return true;
  }

  /** An admitted frame is due: to the first waiting receive, or into the queue (dropped if failed). */
  deliver(frame: F): void {
    if (this.failure !== null) return this.taken(frame);
    const w = this.waiters.shift();
    if (w) {
      this.taken(frame);
      w.resolve(frame);
    } else {
      this.frames.push(frame);
    }
  }

  /** admit and deliver at once; false if the frame was refused. */
  push(frame: F): boolean {
    if (!this.admit(frameLength(frame))) return false;
    this.deliver(frame);
    return true;
  }

  /** The next frame: a queued one, else the sticky error, else the next one delivered. */
  receive(): Promise<F> {
    const f = this.frames.shift();
    if (f) {
      this.taken(f);
      return Promise.resolve(f);
    }
    if (this.failure !== null) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => this.waiters.push({ resolve, reject }));
  }

  /** Fail the inbox (once; true if this call did): waiting receives reject, queued frames stay readable. */
  fail(err: E): boolean {
    if (this.failure !== null) return false;
    this.failure = err;
    for (const w of this.waiters.splice(0)) w.reject(err);
    this.onFail(err);
    return true;
  }

  /** Fail the peer for what it sent (ERR_BAD_FRAME with `message`), and drop what waits of it. */
  refuse(message: string): void {
    // E is MpcError or a supertype of it (see the file's comment)
    this.fail(new MpcError('ERR_BAD_FRAME', message) as unknown as E);
    this.frames.length = 0;
    this.waitingFrames = 0;
    this.waitingBytes = 0;
  }

  private taken(frame: FrameBytes): void {
    if (this.waitingFrames === 0) return; // dropped by refuse() while it was held elsewhere
    this.waitingFrames -= 1;
    this.waitingBytes -= frameLength(frame);
  }
}
