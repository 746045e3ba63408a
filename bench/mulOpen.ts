/**
 * Secure multiplication with its opening (mul + open), the unit other MPC frameworks quote as
 * "multiplications per second": z = x·y by Beaver (mul_aa), then z opened to every party (a2p).
 * The inputs are fixed pseudo-random ring elements, known to the bench (party 0 shares x, party 1
 * shares y), so each party checks the opened product.
 */
import type { Party } from '../src/mpc/protocols/semi2k/party';
import type { Field, Words } from '../src/mpc/ring';
import { a2p, mulAA, v2a } from '../src/mpc/protocols/semi2k/arithmetic';
import { simulate } from '../src/mpc/io/simulate';

export interface MulOpenFigures {
  readonly n: number;
  /** Party 0's wall time of mul_aa and a2p (ms). */
  readonly ms: number;
  readonly rounds: number;
  /** Party 0's payload bytes sent in them. */
  readonly payloadBytesSent: number;
}

/** The bench's x and y, n ring elements each (the same in every party). */
export function mulOpenInputs(p: Party, n: number): { x: Words; y: Words } {
  const x = p.ring.alloc(n);
  const y = p.ring.alloc(n);
  for (let i = 0; i < n; i++) {
    p.ring.set(x, i, BigInt(i) * 0x9e3779b97f4a7c15n + 1n);
    p.ring.set(y, i, BigInt(i) * 0xc2b2ae3d27d4eb4fn + 7n);
  }
  return { x, y };
}

/**
 * One mul + open on n values as party `p`, timed from the moment both parties hold their shares
 * (a one-element opening first lines them up). Throws if the opened product is wrong.
 */
export async function mulOpen(p: Party, n: number, now: () => number): Promise<MulOpenFigures> {
  const { x, y } = mulOpenInputs(p, n);
  const xs = v2a(p, 0, p.self === 0 ? x : null, n);
  const ys = v2a(p, 1, p.self === 1 ? y : null, n);
  await a2p(p, v2a(p, 0, p.self === 0 ? p.ring.alloc(1) : null, 1));
  const before = p.sched.traffic().online;
  const start = now();
  const z = await a2p(p, await mulAA(p, xs, ys));
  const ms = now() - start;
  const after = p.sched.traffic().online;
  const want = p.ring.mul(x, y);
  if (z.length !== want.length || z.some((w, i) => w !== want[i])) throw new Error(`mul + open on ${n} values: the opened product is wrong`);
  return { n, ms, rounds: after.rounds - before.rounds, payloadBytesSent: after.payloadBytesSent - before.payloadBytesSent };
}

/** The same in one process over the in-memory transport (both parties on this thread): compute time. */
export async function mulOpenInProcess(n: number, field: Field = 'FM128', now: () => number = () => performance.now()): Promise<MulOpenFigures> {
  const runs = await simulate(2, (p) => mulOpen(p, n, now), { field, checkSent: false });
  return runs[0]!.output;
}
