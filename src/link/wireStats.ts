/**
 * A session's frame and wire counters per peer. Frames to a peer take the page's link or the
 * worker's own channel (frameChannels.ts), each counted where it is sent and received; the run's
 * figures are their sum. DOM-free: the page and the party worker both count this way.
 */

/** One session's frames to and from one peer: engine frame bytes and what they took on the wire. */
export interface PeerWireStats {
  framesSent: number;
  frameBytesSent: number;
  wireBytesSent: number;
  framesReceived: number;
  frameBytesReceived: number;
  wireBytesReceived: number;
}

export interface RunWireStats {
  readonly compression: boolean;
  /** Indexed by party; this party's own entry stays zero. */
  readonly perPeer: readonly PeerWireStats[];
  /** CPU time of deflating what we sent and inflating what we received (ms). */
  readonly deflateMs: number;
  readonly inflateMs: number;
}

export const zeroPeerWire = (): PeerWireStats => ({ framesSent: 0, frameBytesSent: 0, wireBytesSent: 0, framesReceived: 0, frameBytesReceived: 0, wireBytesReceived: 0 });

/** What a link reports of one frame it sent or received. */
interface FrameWire {
  readonly wireBytes: number;
  /** deflate time of a sent frame, inflate time of a received one (ms) */
  readonly codecMs: number;
}

/** Counts one session's frames per peer where they are sent and received (one per path). */
export class WireCounter {
  private readonly perPeer: PeerWireStats[];
  private deflateMs = 0;
  private inflateMs = 0;

  constructor(
    parties: number,
    private readonly compression: boolean,
  ) {
    this.perPeer = Array.from({ length: parties }, zeroPeerWire);
  }

  /** One frame of `frameBytes` sent to `to`. */
  sent(to: number, frameBytes: number, info: FrameWire): void {
    const w = this.perPeer[to]!;
    w.framesSent += 1;
    w.frameBytesSent += frameBytes;
    w.wireBytesSent += info.wireBytes;
    this.deflateMs += info.codecMs;
  }

  /** One frame of `frameBytes` received from `from`. */
  received(from: number, frameBytes: number, info: FrameWire): void {
    const w = this.perPeer[from]!;
    w.framesReceived += 1;
    w.frameBytesReceived += frameBytes;
    w.wireBytesReceived += info.wireBytes;
    this.inflateMs += info.codecMs;
  }

  /** The counts so far (a copy). */
  snapshot(): RunWireStats {
    return { compression: this.compression, perPeer: this.perPeer.map((w) => ({ ...w })), deflateMs: this.deflateMs, inflateMs: this.inflateMs };
  }
}

/** The counters of one session's traffic on two paths, added. */
export function addWire(a: RunWireStats, b: RunWireStats): RunWireStats {
  const perPeer = Array.from({ length: Math.max(a.perPeer.length, b.perPeer.length) }, (_, i) => {
    const sum = zeroPeerWire();
    for (const k of Object.keys(sum) as (keyof PeerWireStats)[]) sum[k] = (a.perPeer[i]?.[k] ?? 0) + (b.perPeer[i]?.[k] ?? 0);
    return sum;
  });
  return { compression: a.compression || b.compression, perPeer, deflateMs: a.deflateMs + b.deflateMs, inflateMs: a.inflateMs + b.inflateMs };
}
