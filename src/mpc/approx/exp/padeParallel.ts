/**
 * exp by the pade method, restructured for two parties so that batching overlaps independent work
 * (the fast profile; the math is pade.ts's, the result the same up to rounding):
 *
 *  - the clamps compare the input against ±L beside the main path (bounded comparisons), and
 *    one final round of bit-multiplications picks 2^±32 where they fired, instead of two
 *    sequential compare-and-selects in front of everything;
 *  - no full A2B: t's fraction and integer bits come from a 32-bit Kogge–Stone adder over the XOR
 *    sharings of the two parties' arithmetic shares, and t's sign from a bounded comparison:
 *    u = (t_0 mod 2^f) + (t_1 mod 2^f) − 2^f·carry_f, bit j of ⌊t⌋ = bit f+j of the sum;
 *  - the six 1-bit B2As (the carry and five integer bits) share one round;
 *  - u², u³, u⁴, u⁵ as a tree (3 rounds, not 4), the five integer factors as a tree beside it;
 *  - truncations are local (fast profile, FM128);
 *  - the polynomial is the profile's (the fast profile's minimax fit).
 *
 * out = r + s·(r/2^32 − r) + [x < −L]·(2^−32 − r/2^32) + [x > L]·(2^32 − r): when x < −L, t < −32
 * and s = 1; when x > L, s = 0; so each clamp term replaces exactly the value the sign picked.
 * Inputs must lie within the profile's bound (|x| < 2^14), which the bounded comparisons rely on.
 * Cost (fast, 2PC, FM128): 12 rounds, 608 bytes per element (docs/exp.md).
 */
import { fxpConstant } from '../../ring/fixedPoint';
import { addAA, addAC, mulAA, mulAC, squareA, subAA } from '../../protocols/semi2k/arithmetic';
import { msb, mulBit } from '../../protocols/semi2k/compare';
import { fractionAndIntBits } from '../../protocols/semi2k/conversion';
import type { Party } from '../../protocols/semi2k/party';
import type { AShare } from '../../protocols/semi2k/shares';
import { truncA } from '../../protocols/semi2k/truncation';
import { greaterThanPublic, lessThanPublic, publicMinus } from './clamp';
import { PADE_POLYNOMIALS, padeBoundFxp } from './pade';

const INT_BITS = 5;

export async function expPadeParallel(p: Party, x: AShare): Promise<AShare> {
  p.requireParties(2, 'exp pade (parallel structure)');
  const s = p.scoped('exp.pade');
  const f = p.fxp;
  const L = padeBoundFxp(f);
  const [pLow, pHigh, r, sign] = await (async () => {
    const t = await truncA(s, mulAC(s, x, fxpConstant(Math.LOG2E, f)), f);
    return Promise.all([
      lessThanPublic(s.scoped('clamp low'), x, -L),
      greaterThanPublic(s.scoped('clamp high'), x, L),
      powerOfTwo(s, t),
      msb(s.scoped('sign'), t),
    ]);
  })();
  const rr = await truncA(s, r, 32);
  const [bySign, byLow, byHigh] = await Promise.all([
    mulBit(s, subAA(s, rr, r), sign),
    mulBit(s, publicMinus(s, fxpConstant(2 ** -32, f), rr), pLow),
    mulBit(s, publicMinus(s, fxpConstant(2 ** 32, f), r), pHigh),
  ]);
  return addAA(s, addAA(s, r, bySign), addAA(s, byLow, byHigh));
}

/** 2^(t mod 32) = 2^frac(t) · Π_j (1 + bit_j(⌊t⌋)·(2^(2^j) − 1)), without a full A2B. */
async function powerOfTwo(p: Party, t: AShare): Promise<AShare> {
  const { frac: u, bits } = await fractionAndIntBits(p, t, p.fxp, INT_BITS);
  const polyP = polynomial(p, u);
  const factors = bits.map((b, j) => addAC(p, mulAC(p, b, (1n << (1n << BigInt(j))) - 1n), 1n));
  const [f01, f23] = await Promise.all([mulAA(p, factors[0]!, factors[1]!), mulAA(p, factors[2]!, factors[3]!)]);
  const f0123 = await mulAA(p, f01, f23);
  const [poly, intPart] = await Promise.all([polyP, mulAA(p, f0123, factors[4]!)]);
  return mulAA(p, poly, intPart);
}

/** c0 + c1·u + … + c5·u^5 with the powers as a tree: u² | u³, u⁴ | u⁵. */
async function polynomial(p: Party, u: AShare): Promise<AShare> {
  const f = p.fxp;
  const u2 = await truncA(p, await squareA(p, u), f);
  const [u3, u4] = await Promise.all([
    mulAA(p, u, u2).then((v) => truncA(p, v, f)),
    squareA(p, u2).then((v) => truncA(p, v, f)),
  ]);
  const u5 = await truncA(p, await mulAA(p, u2, u3), f);
  const powers = [u, u2, u3, u4, u5];
  const c = PADE_POLYNOMIALS[p.profile.padePolynomial];
  let acc = mulAC(p, powers[0]!, fxpConstant(c[1], f));
  for (let i = 1; i < 5; i++) acc = addAA(p, acc, mulAC(p, powers[i]!, fxpConstant(c[i + 1]!, f)));
  return addAC(p, await truncA(p, acc, f), fxpConstant(c[0], f));
}
