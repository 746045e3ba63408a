/**
 * The offset between a peer's clock and ours, from ping/pong: we ping at t0 (our clock), the peer
 * answers at r (its clock), the pong arrives at t1. If the two halves of the trip took equally
 * long, the peer's clock read r at our (t0 + t1) / 2, so offset = r − (t0 + t1) / 2, to within
 * ± (t1 − t0) / 2. The sample with the shortest round trip of the recent ones is the tightest.
 *
 * Why: network emulation between workers (netem.ts, "carried") names a frame's arrival time in
 * the sender's clock, and the receiver holds the frame until then in its own. Each worker's
 * performance.now() counts from its own start, so the two differ by seconds even on one machine.
 */
const SAMPLES = 8;

export class PeerClock {
  private readonly samples: { offset: number; rtt: number }[] = [];

  /** Record one ping (sent at t0, our clock) answered at r (peer's clock), pong back at t1. */
  sample(t0: number, r: number, t1: number): void {
    if (!(t1 >= t0) || !Number.isFinite(r)) return;
    this.samples.push({ offset: r - (t0 + t1) / 2, rtt: t1 - t0 });
    if (this.samples.length > SAMPLES) this.samples.shift();
  }

  /** Peer clock minus ours (ms), from the recent sample with the shortest round trip; null before any pong. */
  offsetMs(): number | null {
    let best: { offset: number; rtt: number } | null = null;
    for (const s of this.samples) if (!best || s.rtt < best.rtt) best = s;
    return best ? best.offset : null;
  }

  /** A time of the peer's clock in ours (null before any pong). */
  toLocal(peerTime: number): number | null {
    const off = this.offsetMs();
    return off === null ? null : peerTime - off;
  }
}
