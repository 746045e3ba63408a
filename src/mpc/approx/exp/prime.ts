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
import { mulPriv, mulPrivGf } from '../../protocols/semi2k/priv';
import { aShare, type AShare } from '../../protocols/semi2k/shares';
import { clampLower, clampUpper } from './clamp';

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

/** The lower clamp bound as a real number, for f fraction bits. */
export function primeLowerBound(f: number): number {
  return (48 - PRIME_OFFSET - 2 * f) / Math.LOG2E;
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
  let y = x;
  if (opts.lowerClamp ?? true) y = await clampLower(s, y, fxpConstant(primeLowerBound(f), f));
  if (opts.upperClamp ?? false) y = await clampUpper(s, y, fxpConstant(primeUpperBound(f), f));
  return expA(s, y);
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
  const frac = fractionFactors(zi, T, f, x.n);
  const v = gfMulPow2(frac, exps);

  const h = await mulPrivGf(p, v, x.deps);
  // ω = 1 − β_0·β_1 with β_i = [h_i < ⌊p/2⌋]
  const beta = ring.alloc(x.n);
  const lt = gfLessThanHalf(h.share);
  for (let i = 0; i < x.n; i++) if (lt[i]) ring.set(beta, i, 1n);
  const bb = await mulPriv(p, beta, [h.node]);
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

/** F_i = round(float32(2^(r_i/2^T)·2^f)) with r_i = z_i mod 2^T, as GF(p) elements. */
function fractionFactors(z: Words, T: number, f: number, n: number): Words {
  const limbs = new Uint32Array(z.buffer, z.byteOffset, 4 * n);
  const hiMask = 2 ** (T - 32) - 1;
  const out = new BigUint64Array(2 * n);
  for (let i = 0; i < n; i++) {
    const r = limbs[4 * i]! + (limbs[4 * i + 1]! & hiMask) * 2 ** 32;
    out[2 * i] = BigInt(Math.round(Math.fround(2 ** (r / 2 ** T) * 2 ** f)));
  }
  return out;
}
