/**
 * exp by SPU's constant-round "prime" method (mode 3, ExpA; spu-exp.md §4), after the idea of
 * Kelkar et al., "Secure Poisson Regression" (USENIX Security 2022). Two parties, FM128 only.
 *
 * The core is the protocol kernel ExpA (protocols/semi2k/expA.ts): each party turns its own share
 * into a factor of e^x in GF(2^127 − 1), one private product combines the two factors and a
 * second corrects the wrap-around. This file adds the clamps, in SPU's order (spu2024) or beside
 * ExpA (fast).
 *
 * Domain: [lb, 41.59] with the lower clamp lb = (48 − o − 2f)/log2 e ≈ −11.7835 (o = PRIME_OFFSET) on by default
 * (below it the output is the constant e^lb ≈ 7.63e−6); the upper clamp at (124 − 2f − o)/log2 e
 * ≈ 40.90 is off by default, and without it inputs above about 42 overflow. Relative error about
 * 1e−7 on [−5, 40], limited near lb by the absolute resolution 2^−f.
 * Cost (2PC, FM128, defaults): 137 (lower clamp) + 16 + 16 = 169 bytes, 10 + 1 + 1 = 12 rounds.
 */
import { MpcError } from '../../errors';
import { fxpConstant } from '../../ring/fixedPoint';
import type { Party } from '../../protocols/semi2k/party';
import { primeProblem } from './methods';
import { addAA } from '../../protocols/semi2k/arithmetic';
import { mulBit } from '../../protocols/semi2k/compare';
import { expA, PRIME_OFFSET } from '../../protocols/semi2k/expA';
import type { AShare, BShare } from '../../protocols/semi2k/shares';
import { clampLower, clampUpper, greaterThanPublic, lessThanPublic, publicMinus } from './clamp';

export interface PrimeOptions {
  /** Clamp inputs below (48 − o − 2f)/log2 e (default true, as SPU). */
  readonly lowerClamp?: boolean;
  /** Clamp inputs above (124 − 2f − o)/log2 e (default false, as SPU). */
  readonly upperClamp?: boolean;
}

/**
 * The lower clamp bound as a real number, for f fraction bits and m-bit mantissas of the factors
 * F_i: each F_i is then a multiple of 2^(f−m), so negative exponents down to −2(f−m) divide F_0·F_1
 * exactly; SPU keeps a margin of 2. With m = 23 (float32): (48 − o − 2f)/log2 e ≈ −11.7835.
 */
export function primeLowerBound(f: number, mantissaBits = 23): number {
  return (2 - 2 * (f - mantissaBits) - PRIME_OFFSET) / Math.LOG2E;
}

/** The upper clamp bound as a real number, for f fraction bits. */
export function primeUpperBound(f: number): number {
  return (124 - 2 * f - PRIME_OFFSET) / Math.LOG2E;
}

/** Throw a clear error unless the session can run exp prime. */
export function checkPrimeSupported(p: Pick<Party, 'parties' | 'field'>): void {
  const problem = primeProblem(p.parties, p.field);
  if (problem) throw new MpcError('ERR_UNSUPPORTED', problem);
}

export async function expPrime(p: Party, x: AShare, opts: PrimeOptions = {}): Promise<AShare> {
  checkPrimeSupported(p);
  const s = p.scoped('exp.prime');
  const f = p.fxp;
  const lo = (opts.lowerClamp ?? true) ? fxpConstant(primeLowerBound(f, p.profile.primeMantissaBits), f) : null;
  const hi = (opts.upperClamp ?? false) ? fxpConstant(primeUpperBound(f), f) : null;
  if (p.profile.expStructure === 'parallel') return expPrimeParallel(s, x, lo, hi);
  let y = x;
  if (lo !== null) y = await clampLower(s, y, lo);
  if (hi !== null) y = await clampUpper(s, y, hi);
  return expA(s, y);
}

/**
 * The fast structure: ExpA runs on the unclamped input while the comparisons run beside it, and
 * one round of selects at the end replaces out-of-range results by the constants e^lb and e^ub.
 * Garbage from ExpA on an out-of-range input cancels exactly in the ring. Rounds:
 * max(comparison, 2) + 1.
 */
async function expPrimeParallel(p: Party, x: AShare, lo: bigint | null, hi: bigint | null): Promise<AShare> {
  const f = p.fxp;
  const [pLow, pHigh, e] = await Promise.all([
    lo === null ? null : lessThanPublic(p.scoped('clamp low'), x, lo),
    hi === null ? null : greaterThanPublic(p.scoped('clamp high'), x, hi),
    expA(p, x),
  ]);
  const fix = (pred: BShare | null, bound: bigint | null) =>
    pred === null ? null : mulBit(p, publicMinus(p, fxpConstant(Math.exp(Number(bound!) / 2 ** f), f), e), pred);
  const terms = await Promise.all([fix(pLow, lo), fix(pHigh, hi)]);
  return terms.reduce<AShare>((acc, t) => (t ? addAA(p, acc, t) : acc), e);
}
