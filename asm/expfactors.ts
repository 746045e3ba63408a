/**
 * exp_a's local factors (src/mpc/protocols/semi2k/expA.ts localFactors, which states the maths):
 * per element of z_i (an FM128 word, four 32-bit limbs), the exponent e_i mod 127 and the fraction
 * factor F_i as a GF(p) element. The same double operations in the same order as the JS
 * definition, so the results are the same bits; the integer parts are exact in both.
 *
 * The JS side writes 2^(i/4096) for i < 4096 at TABLE once, then per chunk copies up to CHUNK
 * elements of z to IN, calls `factors`, and copies FRAC (16 bytes per element) and EXPS (one i32
 * per element) back.
 */

/** Elements per chunk at most. */
export const CHUNK: i32 = 2048;
export const TABLE: usize = 0x0810;
export const IN: usize = TABLE + 4096 * 8 + 0x1000;
export const FRAC: usize = IN + (<usize>CHUNK << 4) + 0x1000;
export const EXPS: usize = FRAC + (<usize>CHUNK << 4) + 0x1000;
export const END: usize = EXPS + (<usize>CHUNK << 2);

/** Math.round for v ≥ 0: the nearer integer, halves up (v − ⌊v⌋ is exact). */
@inline function roundHalfUp(v: f64): f64 {
  const r = Math.floor(v);
  return v - r >= 0.5 ? r + 1 : r;
}

/**
 * The factors of n elements at IN. T: f + 24 in (32, 64]; invT = 2^(−T) mod 127; signFix and
 * shift: the arithmetic shift's and party 1's corrections mod 127; toTable = 2^(12 − T);
 * pow2f = 2^f; m23: round to float32 (else to multiples of ulp).
 */
export function factors(n: i32, T: i32, invT: i32, signFix: i32, shift: i32, toTable: f64, pow2f: f64, m23: i32, ulp: f64): void {
  const hiMask = <u32>((<u64>1 << <u64>(T - 32)) - 1);
  const ln2Step = Math.LN2 / 4096;
  for (let i: usize = 0; i < <usize>n; i++) {
    const p = IN + (i << 4);
    const l0 = load<u32>(p), l1 = load<u32>(p, 4), l2 = load<u32>(p, 8), l3 = load<u32>(p, 12);
    const rHi = l1 & hiMask;
    const zMod = <i32>(l0 % 127) + 16 * <i32>(l1 % 127) + 2 * <i32>(l2 % 127) + 32 * <i32>(l3 % 127);
    const rMod = <i32>(l0 % 127) + 16 * <i32>(rHi % 127);
    const q = (((zMod - rMod) % 127) + 127) * invT;
    const e = (q + <i32>(l3 >>> 31) * signFix - shift) % 127;
    store<i32>(EXPS + (i << 2), e < 0 ? e + 127 : e);
    const u = (<f64>l0 + <f64>rHi * 4294967296.0) * toTable;
    const top = Math.floor(u);
    const y = (u - top) * ln2Step;
    const v = load<f64>(TABLE + (<usize>(<i32>top) << 3)) * (1 + y * (1 + y * (0.5 + y * (1.0 / 6 + y / 24)))) * pow2f;
    const F = roundHalfUp(m23 ? <f64>(<f32>v) : roundHalfUp(v / ulp) * ulp);
    const o = FRAC + (i << 4);
    store<u64>(o, <u64>F);
    store<u64>(o, 0, 8);
  }
}
