/**
 * Truncation of arithmetic shares: y ≈ x / 2^m (arithmetic shift of the shared value).
 */
import { enforce } from '../../errors';
import { kernelsFor } from './kernels';
import type { Party } from './party';
import { threadPool as pool } from '../../ring/pool';
import { openSumInPlace } from './arithmetic';
import { aShare, type AShare } from './shares';

/**
 * TruncAPr, probabilistic truncation for any N (eprint 2020/338 §5.1; SPU TruncAPr).
 * Requires |x| < 2^(k−2); the result is off by at most 1 in the last place.
 *  1. take shares of r, r_c = (r mod 2^(k−1)) ≫ m and r_b = msb(r)
 *  2. party 0 adds 2^(k−2) so that x' = x + 2^(k−2) is in [0, 2^(k−1))
 *  3. open c = x' + r                                          (one round)
 *  4. b = r_b ⊕ msb(c), as arithmetic shares: r_b + c_(k−1) − 2·c_(k−1)·r_b
 *     (b is the carry of x' + (r mod 2^(k−1)) into bit k−1)
 *  5. y = ((c mod 2^(k−1)) ≫ m) − r_c + b·2^(k−1−m) − 2^(k−2−m)
 */
export async function truncAPr(p: Party, x: AShare, m: number): Promise<AShare> {
  const { ring } = p;
  const k = ring.k;
  enforce(Number.isInteger(m) && m >= 1 && m <= k - 2, 'ERR_RANGE', `trunc_a: shift ${m} outside 1..${k - 2}`);
  const node = p.node('trunc_a', x.n, x.deps);
  const pair = p.dealer.truncPair(x.n, m);
  // c is a temporary from the thread's pool, and each later step works in place on an array it
  // made: two arrays per call besides the result instead of a dozen (pool.ts says why)
  const c = pool.take(x.data.length);
  ring.addInto(c, x.data, pair.r);
  if (p.self === 0) ring.addScalar_(c, 1n << BigInt(k - 2));
  await openSumInPlace(p, node, c, x.n);
  const cMsb = ring.bit(c, k - 1);
  // b = r_b·(1 − 2·c_msb) + [party 0]·c_msb
  const b = ring.shl(cMsb, 1);
  ring.neg_(b);
  ring.addScalar_(b, 1n);
  ring.mul_(b, pair.rb);
  if (p.self === 0) ring.add_(b, cMsb);
  const y = b;
  ring.mulScalar_(y, 1n << BigInt(k - 1 - m));
  ring.sub_(y, pair.rc);
  if (p.self === 0) {
    const cLow = c;
    ring.shl_(cLow, 1);
    ring.lshr_(cLow, m + 1);
    ring.addScalar_(cLow, -(1n << BigInt(k - 2 - m)));
    ring.add_(y, cLow);
  }
  pool.give(c);
  for (const v of [pair.r, pair.rc, pair.rb]) pool.release(v);
  return aShare(x.n, y, [node.id]);
}

/**
 * Local truncation for two parties (SecureML [MZ17] §4.1): party 0 shifts its share, party 1
 * shifts the negation of its share and negates back. No traffic. The result is within
 * 1 ulp of x/2^m unless the two shares wrap around 2^k, which for uniformly random shares happens
 * with probability |x|/2^k per element: below 2^−86 for the fast profile's inputs (|x| < 2^14 at
 * f = 26, so |X| < 2^41 on FM128). On FM64 the same bound gives 2^−30, not negligible for large
 * arrays, so FM64 keeps TruncAPr.
 */
export function truncLocal2pc(p: Party, x: AShare, m: number): AShare {
  p.requireParties(2, 'trunc_a_local');
  const { ring } = p;
  // floor(x_0/2^m) + ceil(x_1/2^m) = x/2^m + (a − b)/2^m for the shares' low bits a, b: a
  // probabilistic rounding without bias, like TruncAPr's
  const y = p.self === 0 ? ring.ashr(x.data, m) : ring.neg(ring.ashr(ring.neg(x.data), m));
  return aShare(x.n, y, x.deps);
}

/** Truncate by m bits with the kernel the registry's 'trunc' choice names for this session. */
export async function truncA(p: Party, x: AShare, m: number): Promise<AShare> {
  if (kernelsFor('trunc', p)[0] === 'trunc_a_local') return truncLocal2pc(p, x, m);
  return truncAPr(p, x, m);
}
