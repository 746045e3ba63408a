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

export interface SessionWireStats {
  readonly compression: boolean;
  /** Indexed by party; this party's own entry stays zero. */
  readonly perPeer: readonly PeerWireStats[];
  /** CPU time of deflating what we sent and inflating what we received (ms). */
  readonly deflateMs: number;
  readonly inflateMs: number;
}

export const zeroPeerWire = (): PeerWireStats => ({ framesSent: 0, frameBytesSent: 0, wireBytesSent: 0, framesReceived: 0, frameBytesReceived: 0, wireBytesReceived: 0 });

/** The counters of one session's traffic on two paths, added. */
export function addWire(a: SessionWireStats, b: SessionWireStats): SessionWireStats {
  const peers = Math.max(a.perPeer.length, b.perPeer.length);
  const perPeer = Array.from({ length: peers }, (_, i) => {
    const x = a.perPeer[i] ?? zeroPeerWire();
    const y = b.perPeer[i] ?? zeroPeerWire();
    return {
      framesSent: x.framesSent + y.framesSent,
      frameBytesSent: x.frameBytesSent + y.frameBytesSent,
      wireBytesSent: x.wireBytesSent + y.wireBytesSent,
      framesReceived: x.framesReceived + y.framesReceived,
      frameBytesReceived: x.frameBytesReceived + y.frameBytesReceived,
      wireBytesReceived: x.wireBytesReceived + y.wireBytesReceived,
    };
  });
  return { compression: a.compression || b.compression, perPeer, deflateMs: a.deflateMs + b.deflateMs, inflateMs: a.inflateMs + b.inflateMs };
}

/** One frame of `frameBytes` sent, `wireBytes` on the wire. */
export function countSent(w: PeerWireStats, frameBytes: number, wireBytes: number): void {
  w.framesSent += 1;
  w.frameBytesSent += frameBytes;
  w.wireBytesSent += wireBytes;
}

/** One frame of `frameBytes` received, `wireBytes` on the wire. */
export function countReceived(w: PeerWireStats, frameBytes: number, wireBytes: number): void {
  w.framesReceived += 1;
  w.frameBytesReceived += frameBytes;
  w.wireBytesReceived += wireBytes;
}
