/**
 * Exact traffic counters of one party. Payload bytes are what the protocol sends (SPU's link
 * statistics count the same thing); frame bytes add our header and table. Online (the protocol)
 * and offline (setup: seed exchange) are kept apart (design.md §3.3).
 */
import type { Phase } from './frame';

export interface PeerTraffic {
  payloadBytesSent: number;
  payloadBytesReceived: number;
  frameBytesSent: number;
  frameBytesReceived: number;
  framesSent: number;
  framesReceived: number;
}

export interface PhaseTraffic extends PeerTraffic {
  /** Batched exchanges: in each, this party sends at most one frame to each peer. */
  rounds: number;
  /** Indexed by party; this party's own entry stays zero. */
  perPeer: PeerTraffic[];
}

export type Counters = Record<Phase, PhaseTraffic>;

export function emptyPeerTraffic(): PeerTraffic {
  return {
    payloadBytesSent: 0,
    payloadBytesReceived: 0,
    frameBytesSent: 0,
    frameBytesReceived: 0,
    framesSent: 0,
    framesReceived: 0,
  };
}

export function emptyCounters(parties: number): Counters {
  const phase = (): PhaseTraffic => ({
    ...emptyPeerTraffic(),
    rounds: 0,
    perPeer: Array.from({ length: parties }, emptyPeerTraffic),
  });
  return { online: phase(), offline: phase() };
}

/** Add one frame's traffic to a phase's totals and to the peer's. */
export function countFrame(
  t: PhaseTraffic,
  peer: number,
  dir: 'sent' | 'received',
  payloadBytes: number,
  frameBytes: number,
): void {
  for (const c of [t, t.perPeer[peer]!]) {
    if (dir === 'sent') {
      c.payloadBytesSent += payloadBytes;
      c.frameBytesSent += frameBytes;
      c.framesSent += 1;
    } else {
      c.payloadBytesReceived += payloadBytes;
      c.frameBytesReceived += frameBytes;
      c.framesReceived += 1;
    }
  }
}

/** A deep copy, safe to hand to a UI or to compare later. */
export function snapshotCounters(c: Counters): Counters {
  const copy = (t: PhaseTraffic): PhaseTraffic => ({ ...t, perPeer: t.perPeer.map((p) => ({ ...p })) });
  return { online: copy(c.online), offline: copy(c.offline) };
}

/** a − b, field by field: the traffic between two snapshots. */
export function subtractTraffic(a: PhaseTraffic, b: PhaseTraffic): PhaseTraffic {
  const peer = (x: PeerTraffic, y: PeerTraffic): PeerTraffic => ({
    payloadBytesSent: x.payloadBytesSent - y.payloadBytesSent,
    payloadBytesReceived: x.payloadBytesReceived - y.payloadBytesReceived,
    frameBytesSent: x.frameBytesSent - y.frameBytesSent,
    frameBytesReceived: x.frameBytesReceived - y.frameBytesReceived,
    framesSent: x.framesSent - y.framesSent,
    framesReceived: x.framesReceived - y.framesReceived,
  });
  return { ...peer(a, b), rounds: a.rounds - b.rounds, perPeer: a.perPeer.map((x, i) => peer(x, b.perPeer[i]!)) };
}

/** a − b for both phases. */
export function subtractCounters(a: Counters, b: Counters): Counters {
  return { online: subtractTraffic(a.online, b.online), offline: subtractTraffic(a.offline, b.offline) };
}
