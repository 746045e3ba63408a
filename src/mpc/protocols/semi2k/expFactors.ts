/**
 * Steps 2–4 of exp_a (expA.ts) on this party's z_i, in WebAssembly (asm/expfactors.ts): the
 * exponent e_i mod 127 and the fraction factor F_i of each element, in one pass over its 32-bit
 * limbs (T in (32, 64], that is 8 < f ≤ 40).
 *
 * e_i: only e mod 127 matters, since 2^127 ≡ 1 (mod p) and 127 divides p − 1. With u_i = n_i mod
 * 2^w and n_i = z_i ≫ T (arithmetic): e_0 = u_0, e_1 = u_1 − 2^w (mod p − 1). Mod 127, 2^7 ≡ 1, so
 * 2^32 ≡ 2^4, 2^64 ≡ 2 and 2^96 ≡ 2^5; z ≫ T (logical) ≡ (z − r)·2^(−T) with r = z mod 2^T; and
 * the arithmetic shift of a negative z adds 2^w − 2^(128−T) (w ≥ 128 − T).
 *
 * F_i = round(2^(r_i/2^T)·2^f), rounded to m mantissa bits first (m = 23 is SPU's float32 cast),
 * as a GF(p) element. 2^(r/2^T)·2^f lies in [2^f, 2^(f+1)], so its last mantissa bit is worth
 * 2^(f−m). 2^(r/2^T) = 2^(top 12 bits of r / 2^12) · 2^(rest / 2^T): a table and four terms of
 * the series for the rest (below 2^−12, so the fifth term is under 2^−70), within an ulp or two
 * of Math.pow: far below the 2^−(m+1) of the mantissa rounding that follows.
 */
import { enforce } from '../../errors';
import { pace } from '../../pace';
import type { Words } from '../../ring';
import { EXPFACTORS_WASM } from '../../ring/wasm/expfactors.wasm';
import { instantiateSized } from '../../ring/wasm/instantiate';

interface ExpFactorsKernel {
  readonly CHUNK: { readonly value: number };
  readonly TABLE: { readonly value: number };
  readonly IN: { readonly value: number };
  readonly FRAC: { readonly value: number };
  readonly EXPS: { readonly value: number };
  readonly END: { readonly value: number };
  factors(n: number, T: number, invT: number, signFix: number, shift: number, toTable: number, pow2f: number, m23: number, ulp: number): void;
}

const { kernel, mem } = instantiateSized<ExpFactorsKernel>(EXPFACTORS_WASM, (k) => k.END.value);
const CHUNK = kernel.CHUNK.value;
const IN = kernel.IN.value;
const FRAC = kernel.FRAC.value;
const EXPS = kernel.EXPS.value;
// 2^(i/4096) for i < 4096, written once (the kernel reads it)
new Float64Array(mem.buffer, kernel.TABLE.value, 4096).set(Float64Array.from({ length: 4096 }, (_, i) => 2 ** (i / 4096)));

/**
 * The factors of the n = exps.length elements of z (FM128 words) into frac (2n words: F_i, a
 * GF(p) element) and exps (e_i in [0, 127)). w: the width of the exponent shares (≥ 128 − T);
 * self: the party (0 or 1); m: mantissa bits of the rounding.
 */
export function localFactors(z: Words, T: number, w: number, f: number, self: number, m: number, frac: Words, exps: Int32Array): void {
  enforce(T > 32 && T <= 64, 'ERR_RANGE', `exp_a needs 8 < f ≤ 40 fraction bits (f + ${T - f} within 64 bits); got f = ${f}`);
  const n = exps.length;
  enforce(z.length === 2 * n && frac.length === 2 * n, 'ERR_SHAPE', `exp_a factors: ${z.length / 2} elements, ${frac.length / 2} outputs, ${n} exponents`);
  const pow2mod127 = (e: number) => 2 ** (((e % 7) + 7) % 7);
  const invT = pow2mod127(-T); // 2^(−T) mod 127
  const signFix = (pow2mod127(w) - pow2mod127(128 - T) + 127) % 127;
  const shift = self === 1 ? pow2mod127(w) : 0;
  const zBytes = new Uint8Array(z.buffer, z.byteOffset, 16 * n);
  const fracBytes = new Uint8Array(frac.buffer, frac.byteOffset, 16 * n);
  const expBytes = new Uint8Array(exps.buffer, exps.byteOffset, 4 * n);
  for (let i = 0; i < n; i += CHUNK) {
    const e = Math.min(n, i + CHUNK);
    mem.set(zBytes.subarray(16 * i, 16 * e), IN);
    kernel.factors(e - i, T, invT, signFix, shift, 2 ** (12 - T), 2 ** f, m === 23 ? 1 : 0, 2 ** (f - m));
    fracBytes.set(mem.subarray(FRAC, FRAC + 16 * (e - i)), 16 * i);
    expBytes.set(mem.subarray(EXPS, EXPS + 4 * (e - i)), 4 * i);
    pace();
  }
}
