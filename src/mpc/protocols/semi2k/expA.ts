/**
 * ExpA: exp as a protocol kernel of its own (SPU semi2k ExpA, the core of the "prime" method, mode
 * 3; spu-exp.md §4), after the idea of Kelkar et al., "Secure Poisson Regression" (USENIX
 * Security 2022). Two parties, FM128 only. It works on each party's own share, so it belongs with
 * the protocol and not above it (design.md §3.5); approx/exp/prime.ts adds the clamps.
 *
 *  1. local rescale to base 2: z_0 = s·x_0 + o·2^T, z_1 = s·x_1 with s ≈ log2(e)·2^E, so that
 *     z_0 + z_1 = y·2^T, y = x·log2 e + o, and 2^y = e^x·2^o            (T = f + E)
 *  2. local split: n_i = z_i ≫ T (arithmetic), r_i = z_i mod 2^T; n_0 + n_1 = ⌊y⌋ − c
 *  3. local probabilistic conversion of the n_i to exponent shares mod p − 1 (fails with
 *     probability about (|y| + 1)/2^77 per element)
 *  4. local multiplicative shares in GF(p), p = 2^127 − 1: v_i = 2^(e_i)·F_i with
 *     F_i = round(float32(2^(r_i/2^T)·2^f)); v_0·v_1 ≈ e^x·2^(o+2f)
 *  5. one private multiplication in GF(p) (mul_priv_gf): additive shares h_i of v_0·v_1
 *  6. the wrap bit ω = [h_0 + h_1 ≥ p] = 1 − [h_0 < p/2]·[h_1 < p/2], by one private
 *     multiplication in Z_2^k (mul_priv, or mul_priv_bits with the fast profile)
 *  7. local conversion back: out_i = (h_i ≫ (o+f)) − (p ≫ (o+f))·ω_i = e^x·2^f (fixed point)
 * Two rounds; the cost is the registry's exp_a.
 *
 * NB: F_i must keep the float32 rounding. Each F_i is then a multiple of 2^(f−23), so F_0·F_1 has
 * 2(f − 23) trailing zeros and negative exponents down to −6 still divide exactly; with exact
 * doubles every x below (1 − o)/log2 e ≈ −8.3 would turn into garbage.
 */
import { gfLessThanHalf, gfMulPow2, P127 } from '../../ring/gfp';
import type { Words } from '../../ring';
import { kernelsFor } from './kernels';
import type { Party } from './party';
import { mulPriv, mulPrivBits, mulPrivGf } from './priv';
import { aShare, type AShare } from './shares';

/** SPU's experimental_exp_prime_offset default: o in the steps above. */
export const PRIME_OFFSET = 13;
/** SPU's kExpFxp for FM128: E in the steps above. */
const EXP_FXP = 24;

/**
 * e^x for a fixed-point share x, by steps 1–7 of the module comment. Two parties, FM128; x must
 * lie within the method's domain (exp prime clamps it around this kernel). The wrap bit's private
 * product is the one the registry's 'exp_a' choice names for the profile.
 */
export async function expA(p: Party, x: AShare): Promise<AShare> {
  const [, wrapKernel] = kernelsFor('exp_a', p);
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
  const bb = wrapKernel === 'mul_priv_bits' ? await mulPrivBits(p, beta, [h.node]) : await mulPriv(p, beta, [h.node]);
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
