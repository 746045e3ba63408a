/**
 * In-memory transport for unit tests and the CLI: n parties in one process, one FIFO per ordered
 * pair (an Inbox without limits: the parties are all ours). Never a stand-in for the product, which
 * runs over WebRTC (src/net).
 *
 * A frame goes over as it was sent, parts and all: the receiver's payloads are the sender's own
 * arrays, read by both. That is safe while nobody writes a frame once sent (transport.ts), which
 * `checkSent` verifies for tests.
 */
import { MpcError } from '../errors';
import type { FrameBytes, Transport } from '../transport';
import { frameParts } from '../sched/frameBytes';
import { Inbox } from './inbox';

export interface MemoryNetworkOptions {
  /**
   * Check that no frame changes once sent, by its sender or by a receiver writing into its payloads
   * (tests; it costs a hash of every byte): each frame's hash is taken when it is sent and taken
   * again whenever a later frame goes on that link (its last SENT_FRAMES_CHECKED frames) and at
   * verify(). A change throws, naming the link and the frame.
   */
  readonly checkSent?: boolean;
}

export interface MemoryNetwork {
  readonly transports: Transport[];
  /** Fail every pending and future receive (a peer "left"). */
  close(err?: unknown): void;
  /** With checkSent: throw if a frame still checked changed since it was sent (no-op without). */
  verify(): void;
}

/** Frames per link whose bytes checkSent still compares (the last ones sent). */
export const SENT_FRAMES_CHECKED = 8;

export function memoryNetwork(parties: number, options: MemoryNetworkOptions = {}): MemoryNetwork {
  // boxes[from][to]: what `from` sent to `to`
  const boxes: Inbox<unknown>[][] = Array.from({ length: parties }, (_, from) => Array.from({ length: parties }, () => new Inbox<unknown>(from)));
  const checks = options.checkSent ? Array.from({ length: parties }, (_, from) => Array.from({ length: parties }, (_, to) => new SentCheck(from, to))) : null;
  let closed: unknown = null;
  const transports = Array.from({ length: parties }, (_, self): Transport => ({
    self,
    parties,
    send(to, frame) {
      if (closed) throw closed;
      checks?.[self]![to]!.sent(frame);
      boxes[self]![to]!.push(frame);
    },
    receive(from) {
      return boxes[from]![self]!.receive();
    },
  }));
  return {
    transports,
    close(err = new MpcError('ERR_PEER_GONE', 'in-memory network closed')) {
      closed = err;
      for (const row of boxes) for (const box of row) box.fail(err);
    },
    verify() {
      for (const row of checks ?? []) for (const c of row) c.verify();
    },
  };
}

/** The last frames sent on one link, with the hash each had when it went. */
class SentCheck {
  private readonly held: { frame: FrameBytes; hash: number; seq: number }[] = [];
  private seq = 0;

  constructor(
    private readonly from: number,
    private readonly to: number,
  ) {}

  sent(frame: FrameBytes): void {
    this.verify();
    this.held.push({ frame, hash: hashFrame(frame), seq: this.seq++ });
    if (this.held.length > SENT_FRAMES_CHECKED) this.held.shift();
  }

  verify(): void {
    for (const h of this.held) {
      if (hashFrame(h.frame) !== h.hash) {
        throw new Error(`frame ${h.seq} from party ${this.from} to party ${this.to} changed after it was sent: a payload handed to exchange() was written again (set rewritesOut) or a receiver wrote into its received bytes`);
      }
    }
  }
}

/** FNV-1a over every byte of every part (lengths included, so a part that shrinks shows). */
function hashFrame(frame: FrameBytes): number {
  let h = 0x811c9dc5;
  for (const p of frameParts(frame)) {
    h = Math.imul(h ^ p.length, 16777619);
    for (let i = 0; i < p.length; i++) h = Math.imul(h ^ p[i]!, 16777619);
  }
  return h >>> 0;
}
