/**
 * exp by SPU's constant-round "prime" method (mode 3, ExpA; spu-exp.md §4), after the idea of
 * Kelkar et al., "Secure Poisson Regression" (USENIX Security 2022). Two parties, FM128 only.
 *
 *  1. local rescale to base 2: z_0 = s·x_0 + o·2^T, z_1 = s·x_1 with s ≈ log2(e)·2^E, so that
 *     z_0 + z_1 = y·2^T, y = x·log2 e + o, and 2^y = e^x·2^o            (T = f + E)
 *  2. local split: n_i = z_i ≫ T (arithmetic), r_i = z_i mod 2^T; n_0 + n_1 = ⌊y⌋ − c
 *  3. local probabilistic conversion of the n_i to exponent shares mod p − 1 (fails with
 *     probability about (|y| + 1)/2^77 per element)
 *  4. local multiplicative shares in GF(p), p = 2^127 − 1: v_i = 2^(e_i)·F_i with
 *     F_i = round(float32(2^(r_i/2^T)·2^f)); v_0·v_1 ≈ e^x·2^(o+2f)
 *  5. one private multiplication in GF(p): additive shares h_i of v_0·v_1      16 bytes, 1 round
 *  6. the wrap bit ω = [h_0 + h_1 ≥ p] = 1 − [h_0 < p/2]·[h_1 < p/2], by one private
 *     multiplication in Z_2^k                                                 16 bytes, 1 round
 *  7. local conversion back: out_i = (h_i ≫ (o+f)) − (p ≫ (o+f))·ω_i = e^x·2^f (fixed point)
 *
 * NB: F_i must keep the float32 rounding. Each F_i is then a multiple of 2^(f−23), so F_0·F_1 has
 * 2(f − 23) trailing zeros and negative exponents down to −6 still divide exactly; with exact
 * doubles every x below (1 − o)/log2 e ≈ −8.3 would turn into garbage.
 *
 * Domain: [lb, 41.59] with the lower clamp lb = (48 − o − 2f)/log2 e ≈ −11.7835 on by default
 * (below it the output is the constant e^lb ≈ 7.63e−6); the upper clamp at (124 − 2f − o)/log2 e
 * ≈ 40.90 is off by default, and without it inputs above about 42 overflow. Relative error about
 * 1e−7 on [−5, 40], limited near lb by the absolute resolution 2^−f.
 * Cost (2PC, FM128, defaults): 137 (lower clamp) + 16 + 16 = 169 bytes, 10 + 1 + 1 = 12 rounds.
 */
import { MpcError } from '../../errors';
import { fxpConstant } from '../../ring/fixedPoint';
import { gfLessThanHalf, gfMulPow2, P127 } from '../../ring/gfp';
import type { Words } from '../../ring';
import type { Party } from '../../protocols/semi2k/party';
import { addAA, subAA } from '../../protocols/semi2k/arithmetic';
import { less, mulBit } from '../../protocols/semi2k/compare';
import { mulPriv, mulPrivBits, mulPrivGf } from '../../protocols/semi2k/priv';
import { aShare, type AShare, type BShare } from '../../protocols/semi2k/shares';
import { clampLower, clampUpper, publicShare } from './clamp';

/** SPU's experimental_exp_prime_offset default. */
export const PRIME_OFFSET = 13;
/** SPU's kExpFxp for FM128. */
const EXP_FXP = 24;

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
export function checkPrimeSupported(p: Party): void {
  if (p.parties !== 2 || p.field !== 'FM128') {
    throw new MpcError(
      'ERR_UNSUPPORTED',
      `exp method 'prime' runs with 2 parties on FM128 only (this session: ${p.parties} parties, ${p.field}); use 'taylor' or 'pade'`,
    );
  }
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
    lo === null ? null : less(p.scoped('clamp low'), x, publicShare(p, x.n, lo)),
    hi === null ? null : less(p.scoped('clamp high'), publicShare(p, x.n, hi), x),
    expA(p, x),
  ]);
  const fix = (pred: BShare | null, bound: bigint | null) =>
    pred === null ? null : mulBit(p, subAA(p, publicShare(p, x.n, fxpConstant(Math.exp(Number(bound!) / 2 ** f), f)), e), pred);
  const terms = await Promise.all([fix(pLow, lo), fix(pHigh, hi)]);
  return terms.reduce<AShare>((acc, t) => (t ? addAA(p, acc, t) : acc), e);
}

/** Steps 1–7 of the module comment on a clamped input. */
async function expA(p: Party, x: AShare): Promise<AShare> {
  const { ring } = p;
  const f = p.fxp;
  const T = f + EXP_FXP;
  const scale = BigInt(Math.round(Math.fround(Math.LOG2E * 2 ** EXP_FXP)));
  const z = ring.mulScalar(x.data, scale);
  const zi = p.self === 0 ? ring.addScalar(z, BigInt(PRIME_OFFSET) << BigInt(T)) : z;
  const n = ring.ashr(zi, T);
  const w = ring.k - f; // any width ≥ 78 works; SPU uses k − f
  const exps = exponentShares(ring.andScalar(n, (1n << BigInt(w)) - 1n), w, p.self, x.n);
  const frac = fractionFactors(zi, T, f, x.n, p.profile.primeMantissaBits);
  const v = gfMulPow2(frac, exps);

  const h = await mulPrivGf(p, v, x.deps);
  // ω = 1 − β_0·β_1 with β_i = [h_i < ⌊p/2⌋]
  const beta = ring.alloc(x.n);
  const lt = gfLessThanHalf(h.share);
  for (let i = 0; i < x.n; i++) if (lt[i]) ring.set(beta, i, 1n);
  const bb = p.profile.primeWrapBit === 'bits' ? await mulPrivBits(p, beta, [h.node]) : await mulPriv(p, beta, [h.node]);
  const omega = p.self === 0 ? ring.addScalar(ring.neg(bb.data), 1n) : ring.neg(bb.data);
  const t = PRIME_OFFSET + f;
  const out = ring.lshr(h.share, t); // GF(p) elements share the FM128 word layout
  ring.sub_(out, ring.mulScalar(omega, P127 >> BigInt(t)));
  return aShare(x.n, out, bb.deps);
}

/**
 * e_i mod 127 from u_i = n_i mod 2^w: e_0 = u_0, e_1 = u_1 − 2^w (mod p − 1). Only e mod 127
 * matters, since 2^127 ≡ 1 (mod p) and 127 divides p − 1. With 2^32 ≡ 2^4 (mod 127) the residue
 * of a 128-bit value is a weighted sum of its 32-bit limbs.
 */
function exponentShares(u: Words, w: number, self: number, n: number): Int32Array {
  const limbs = new Uint32Array(u.buffer, u.byteOffset, 4 * n);
  const shift = self === 1 ? 2 ** (w % 7) % 127 : 0; // 2^w mod 127
  const e = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const r = limbs[4 * i]! % 127 + 16 * (limbs[4 * i + 1]! % 127) + 2 * (limbs[4 * i + 2]! % 127) + 32 * (limbs[4 * i + 3]! % 127);
    e[i] = (((r - shift) % 127) + 127) % 127;
  }
  return e;
}

/**
 * F_i = round(2^(r_i/2^T)·2^f) with r_i = z_i mod 2^T, rounded to m mantissa bits first (m = 23
 * is SPU's float32 cast, Math.fround), as GF(p) elements.
 */
function fractionFactors(z: Words, T: number, f: number, n: number, m: number): Words {
  const limbs = new Uint32Array(z.buffer, z.byteOffset, 4 * n);
  const hiMask = 2 ** (T - 32) - 1;
  const toMantissa = m === 23 ? Math.fround : (v: number) => roundToMantissa(v, m);
  const out = new BigUint64Array(2 * n);
  for (let i = 0; i < n; i++) {
    const r = limbs[4 * i]! + (limbs[4 * i + 1]! & hiMask) * 2 ** 32;
    out[2 * i] = BigInt(Math.round(toMantissa(2 ** (r / 2 ** T) * 2 ** f)));
  }
  return out;
}

/** v > 0 rounded to m bits after the leading one (a float with an m-bit mantissa). */
function roundToMantissa(v: number, m: number): number {
  const ulp = 2 ** (Math.floor(Math.log2(v)) - m);
  return Math.round(v / ulp) * ulp;
}
