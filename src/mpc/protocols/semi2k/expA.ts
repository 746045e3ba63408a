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
import { WordsPool } from '../../ring/pool';
import { localFactors } from './expFactors';
import { kernelsFor } from './kernels';
import type { Party } from './party';
import { mulPriv, mulPrivBits, mulPrivGf } from './priv';
import { aShare, type AShare } from './shares';

/** SPU's experimental_exp_prime_offset default: o in the steps above. */
export const PRIME_OFFSET = 13;
/** SPU's kExpFxp for FM128: E in the steps above. */
const EXP_FXP = 24;

/** The factor arrays of step 4, reused by the next exp_a of the thread (ring/pool.ts says why). */
const factorPool = new WordsPool();

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
  const frac = factorPool.take(2 * x.n);
  const expWords = factorPool.take(Math.ceil(x.n / 2));
  const exps = new Int32Array(expWords.buffer, expWords.byteOffset, x.n);
  localFactors(zi, T, w, f, p.self, p.profile.primeMantissaBits, frac, exps);
  const v = gfMulPow2(frac, exps);
  factorPool.give(frac);
  factorPool.give(expWords);
  return v;
}
