/**
 * The offset between a peer's clock and ours, from ping/pong: we ping at t0 (our clock), the peer
 * answers at r (its clock), the pong arrives at t1. If the two halves of the trip took equally
 * long, the peer's clock read r at our (t0 + t1) / 2, so offset = r − (t0 + t1) / 2, to within
 * ± (t1 − t0) / 2. A party busy computing answers late, which only widens that bound.
 *
 * So the estimate is the sample whose bound is tightest now: its half round trip, plus what the
 * two clocks may have drifted apart since it was taken (MAX_DRIFT). A run that computes for
 * seconds pings through it with round trips of seconds; those samples do not displace a tight one.
 *
 * Why: network emulation between workers (netem.ts, "carried") names a frame's arrival time in
 * the sender's clock, and the receiver holds the frame until then in its own. Each worker's
 * performance.now() counts from its own start, so the two differ by seconds even on one machine.
 */

/** How fast two monotonic clocks may drift apart: 100 ppm, generous for crystal oscillators. */
const MAX_DRIFT = 1e-4;

export class PeerClock {
  private best: { offset: number; halfRtt: number; at: number } | null = null;

  /** Record one ping (sent at t0, our clock) answered at r (peer's clock), pong back at t1. */
  sample(t0: number, r: number, t1: number): void {
    if (!(t1 >= t0) || !Number.isFinite(r)) return;
    const halfRtt = (t1 - t0) / 2;
    if (this.best && halfRtt > this.errorMs(t1)!) return;
    this.best = { offset: r - (t0 + t1) / 2, halfRtt, at: t1 };
  }

  /** Peer clock minus ours (ms); null before any pong. */
  offsetMs(): number | null {
    return this.best ? this.best.offset : null;
  }

  /** How far off offsetMs() may be at our time `now` (ms); null before any pong. */
  errorMs(now: number): number | null {
    return this.best ? this.best.halfRtt + MAX_DRIFT * Math.max(0, now - this.best.at) : null;
  }

  /** A time of the peer's clock in ours (null before any pong). */
  toLocal(peerTime: number): number | null {
    const off = this.offsetMs();
    return off === null ? null : peerTime - off;
  }
}
