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
import { enforce } from '../../errors';
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
 * 2^(i/4096) for i < 4096. With it and four terms of the series for the rest (below 2^−12, so the
 * fifth term is under 2^−70), 2^u for u in [0, 1) costs a quarter of Math.pow (measured: 25 vs
 * 88 ns), within an ulp or two of it: far below the 2^−(m+1) of the mantissa rounding that follows.
 */
const EXP2_TABLE = Float64Array.from({ length: 4096 }, (_, i) => 2 ** (i / 4096));

/**
 * e^x for a fixed-point share x, by steps 1–7 of the module comment. Two parties, FM128; x must
 * lie within the method's domain (exp prime clamps it around this kernel). The wrap bit's private
 * product is the one the registry's 'exp_a' choice names for the profile.
 */
export async function expA(p: Party, x: AShare): Promise<AShare> {
  const [, wrapKernel] = kernelsFor('exp_a', p);
  const { ring } = p;
  const f = p.fxp;
  const h = await mulPrivGf(p, multiplicativeShare(p, x), x.deps);
  // ω = 1 − β_0·β_1 with β_i = [h_i < ⌊p/2⌋]
  const beta = ring.alloc(x.n);
  const lt = gfLessThanHalf(h.share);
  const beta32 = new Uint32Array(beta.buffer); // element i's low limb is word 4i
  for (let i = 0; i < x.n; i++) beta32[4 * i] = lt[i]!;
  const bb = wrapKernel === 'mul_priv_bits' ? await mulPrivBits(p, beta, [h.node]) : await mulPriv(p, beta, [h.node]);
  // out_i = (h_i ≫ t) − c·ω_i with c = p ≫ t and ω_i = [party 0] − bb_i: (h_i ≫ t) + c·bb_i − [party 0]·c
  const t = PRIME_OFFSET + f;
  const c = P127 >> BigInt(t);
  const out = ring.lshr(h.share, t); // GF(p) elements share the FM128 word layout
  ring.add_(out, ring.mulScalar(bb.data, c));
  return aShare(x.n, p.self === 0 ? ring.addScalar(out, BigInt.asUintN(ring.k, -c)) : out, bb.deps);
}

/** Steps 1–4: this party's factor v_i in GF(p) (its temporaries die before the round). */
function multiplicativeShare(p: Party, x: AShare): Words {
  const { ring } = p;
  const f = p.fxp;
  const T = f + EXP_FXP;
  const scale = BigInt(Math.round(Math.fround(Math.LOG2E * 2 ** EXP_FXP)));
  const z = ring.mulScalar(x.data, scale);
  const zi = p.self === 0 ? ring.addScalar(z, BigInt(PRIME_OFFSET) << BigInt(T)) : z;
  const w = ring.k - f; // any width ≥ 78 works; SPU uses k − f
  const { frac, exps } = localFactors(zi, T, w, f, p.self, x.n, p.profile.primeMantissaBits);
  return gfMulPow2(frac, exps);
}

/**
 * Steps 2–4 on this party's z_i, in one pass over its 32-bit limbs (T in (32, 64], that is
 * 8 < f ≤ 40): the exponent e_i mod 127 and the fraction factor F_i of each element.
 *
 * e_i: only e mod 127 matters, since 2^127 ≡ 1 (mod p) and 127 divides p − 1. With u_i = n_i mod
 * 2^w and n_i = z_i ≫ T (arithmetic): e_0 = u_0, e_1 = u_1 − 2^w (mod p − 1). Mod 127, 2^7 ≡ 1, so
 * 2^32 ≡ 2^4, 2^64 ≡ 2 and 2^96 ≡ 2^5; z ≫ T (logical) ≡ (z − r)·2^(−T) with r = z mod 2^T; and
 * the arithmetic shift of a negative z adds 2^w − 2^(128−T) (w ≥ 128 − T).
 *
 * F_i = round(2^(r_i/2^T)·2^f), rounded to m mantissa bits first (m = 23 is SPU's float32 cast,
 * Math.fround), as a GF(p) element. 2^(r/2^T)·2^f lies in [2^f, 2^(f+1)], so its last mantissa
 * bit is worth 2^(f−m).
 */
function localFactors(z: Words, T: number, w: number, f: number, self: number, n: number, m: number): { frac: Words; exps: Int32Array } {
  enforce(T > 32 && T <= 64, 'ERR_RANGE', `exp_a needs 8 < f ≤ 40 fraction bits (f + ${EXP_FXP} within 64 bits); got f = ${f}`);
  const limbs = new Uint32Array(z.buffer, z.byteOffset, 4 * n);
  const hiMask = 2 ** (T - 32) - 1;
  const toTable = 2 ** (12 - T);
  const pow2mod127 = (e: number) => 2 ** (((e % 7) + 7) % 7);
  const invT = pow2mod127(-T); // 2^(−T) mod 127
  const signFix = (pow2mod127(w) - pow2mod127(128 - T) + 127) % 127;
  const shift = self === 1 ? pow2mod127(w) : 0;
  const ulp = 2 ** (f - m);
  const exps = new Int32Array(n);
  const frac = new BigUint64Array(2 * n);
  const out = new Uint32Array(frac.buffer);
  for (let i = 0; i < n; i++) {
    const l0 = limbs[4 * i]!, l1 = limbs[4 * i + 1]!, l2 = limbs[4 * i + 2]!, l3 = limbs[4 * i + 3]!;
    const rHi = l1 & hiMask;
    // z mod 127 and r mod 127 (r = l0 + 2^32·rHi)
    const zMod = (l0 % 127) + 16 * (l1 % 127) + 2 * (l2 % 127) + 32 * (l3 % 127);
    const rMod = (l0 % 127) + 16 * (rHi % 127);
    const q = ((zMod - rMod) % 127 + 127) * invT;
    const e = (q + (l3 >>> 31) * signFix - shift) % 127;
    exps[i] = e < 0 ? e + 127 : e;
    // 2^(r/2^T) = 2^(top 12 bits of r / 2^12) · 2^(rest / 2^T): a table and a short series
    const u = (l0 + rHi * 2 ** 32) * toTable; // r / 2^(T−12), in [0, 4096)
    const top = Math.floor(u);
    const y = (u - top) * (Math.LN2 / 4096); // below 2^−12·ln 2
    const v = EXP2_TABLE[top]! * (1 + y * (1 + y * (0.5 + y * (1 / 6 + y / 24)))) * 2 ** f;
    const F = Math.round(m === 23 ? Math.fround(v) : Math.round(v / ulp) * ulp);
    out[4 * i] = F >>> 0;
    out[4 * i + 1] = Math.floor(F / 2 ** 32);
  }
  return { frac, exps };
}
