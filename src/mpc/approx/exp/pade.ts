/**
 * exp by SPU's "pade" method (mode 1; spu-exp.md §3). Despite the name there is no division:
 *
 *   x  = clamp(x, −L, L), L = float32(32 / log2 e) ≈ 22.1807        two compare-and-selects
 *   t  = Trunc(x · log2 e, f)                                        t ∈ [−32, 32]
 *   tb = A2B(t); s = bit k−1 of tb (sign); ib = tb ≫ f (integer part, two's complement)
 *   u  = t − B2A(ib ≪ f)                                             fraction in [0, 1)
 *   2^u ≈ c0 + c1·u + … + c5·u^5 (the "p1015" polynomial), powers by successive products
 *   r  = 2^u · Π_{j<5} (1 + bit_j(ib)·(2^(2^j) − 1))                 = 2^(t mod 32)
 *   exp(x) = s ? r / 2^32 : r                                        (⌊t⌋ mod 32 = ⌊t⌋ + 32 when t < 0)
 *
 * Domain and error: relative error ~1e−5 on [−22.18, 22.18] from the polynomial and fixed-point
 * rounding (spu-exp.md §6); near −22 the absolute resolution 2^−f limits the relative error, so the
 * documented domain for relative error is [−12, 22]. Outside ±L the output saturates at 2^±32.
 * Cost (spu2024, 2PC, FM128): 1208 bytes, 52 rounds (table in spu-exp.md §3).
 * Needs A2B and (for the clamps) comparison: any number of parties; MSB via A2B when N > 2.
 */
import { fxpConstant } from '../../ring/fixedPoint';
import { addAC, mulAA, mulAC, subAA, addAA } from '../../protocols/semi2k/arithmetic';
import { bitB, lshiftB, rshiftB } from '../../protocols/semi2k/boolean';
import { select } from '../../protocols/semi2k/compare';
import { a2b, b2a } from '../../protocols/semi2k/conversion';
import type { Party } from '../../protocols/semi2k/party';
import type { AShare } from '../../protocols/semi2k/shares';
import { truncA } from '../../protocols/semi2k/truncation';
import { clampLower, clampUpper } from './clamp';

/** The clamp bound as SPU states it: float32(32 / log2 e). */
export const PADE_BOUND = Math.fround(32 / Math.LOG2E);

/**
 * The clamp bound in fixed point. NB: SPU's float32 bound rounds up, so that at the bound
 * t = x·log2 e lands a few ulps above 32, ⌊t⌋ mod 32 wraps to 0 and exp(22.18) comes out as 1
 * instead of 2^32. We take the largest bound whose t stays below 32 even with TruncAPr's +1 ulp:
 * the same cost, and the saturation SPU intends.
 */
export function padeBoundFxp(f: number): bigint {
  const log2e = fxpConstant(Math.LOG2E, f);
  return (((32n << BigInt(f)) - 3n) << BigInt(f)) / log2e;
}

/**
 * Coefficients c0..c5 of degree-5 approximations of 2^u on [0, 1).
 * - p1015: SPU's, from the KU Leuven "Benchmarking Privacy Preserving Scientific Operations"
 *   report; largest relative error 8.6e−5 (near u = 1), which dominates pade's error.
 * - minimax: our fit of the same degree, minimising the largest relative error (Lawson's
 *   iteratively reweighted least squares on 20,001 points): 7.5e−8, so pade's error becomes that
 *   of fixed point. Same cost: only the public constants change.
 */
export const PADE_POLYNOMIALS = {
  p1015: [1.00000007744302, 0.693147180426163, 0.24022651071017, 0.0555040686204663, 0.00961834122588046, 0.00133273035928143],
  minimax: [0.9999999250590201, 0.693153073221487, 0.24015361755511805, 0.055826315160803386, 0.008989344869659521, 0.001877574216925637],
} as const;

const INT_BITS = 5;

export async function expPade(p: Party, x: AShare): Promise<AShare> {
  const s = p.scoped('exp.pade');
  const f = p.fxp;
  const k = p.ring.k;
  const L = padeBoundFxp(f);
  const clamped = await clampUpper(s, await clampLower(s, x, -L), L);

  const t = await truncA(s, mulAC(s, clamped, fxpConstant(Math.LOG2E, f)), f);
  const tb = await a2b(s, t);
  const sign = bitB(s, tb, k - 1);
  const ib = rshiftB(s, tb, f);
  const u = subAA(s, t, await b2a(s, lshiftB(s, ib, f)));

  // u², u³, u⁴, u⁵ by successive fixed-point products, as SPU's f_mul chain does
  const powers = [u];
  for (let i = 1; i < 5; i++) powers.push(await truncA(s, await mulAA(s, u, powers[i - 1]!), f));
  const c = PADE_POLYNOMIALS[p.profile.padePolynomial];
  let poly = mulAC(s, powers[0]!, fxpConstant(c[1], f));
  for (let i = 1; i < 5; i++) poly = addAA(s, poly, mulAC(s, powers[i]!, fxpConstant(c[i + 1]!, f)));
  let r = addAC(s, await truncA(s, poly, f), fxpConstant(c[0], f));

  // the integer part, bit by bit: factors 2^(2^j) are integers, so no truncation
  for (let j = 0; j < INT_BITS; j++) {
    const bit = await b2a(s, bitB(s, ib, j));
    const factor = addAC(s, mulAC(s, bit, (1n << (1n << BigInt(j))) - 1n), 1n);
    r = await mulAA(s, r, factor);
  }
  const rr = await truncA(s, r, 32);
  return select(s, sign, rr, r);
}
