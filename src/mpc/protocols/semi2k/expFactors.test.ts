/**
 * exp_a's local factors in wasm against their definition in plain JS (the loop the engine ran
 * before the kernel, kept here as the reference): the same bits for random shares, for shares
 * near 0, −1 and the ends of the ring, at every supported f, both parties and two roundings.
 */
import { describe, expect, it } from 'vitest';
import { MpcError } from '../../errors';
import { Prg } from '../../prg/prg';
import type { Words } from '../../ring';
import { localFactors } from './expFactors';

const EXP2_TABLE = Float64Array.from({ length: 4096 }, (_, i) => 2 ** (i / 4096));

/** The reference: steps 2–4 on 32-bit limbs with doubles, as expFactors.ts states them. */
function referenceFactors(z: Words, T: number, w: number, f: number, self: number, n: number, m: number): { frac: Words; exps: Int32Array } {
  const limbs = new Uint32Array(z.buffer, z.byteOffset, 4 * n);
  const hiMask = 2 ** (T - 32) - 1;
  const toTable = 2 ** (12 - T);
  const pow2mod127 = (e: number) => 2 ** (((e % 7) + 7) % 7);
  const invT = pow2mod127(-T);
  const signFix = (pow2mod127(w) - pow2mod127(128 - T) + 127) % 127;
  const shift = self === 1 ? pow2mod127(w) : 0;
  const ulp = 2 ** (f - m);
  const exps = new Int32Array(n);
  const frac = new BigUint64Array(2 * n);
  const out = new Uint32Array(frac.buffer);
  for (let i = 0; i < n; i++) {
    const l0 = limbs[4 * i]!, l1 = limbs[4 * i + 1]!, l2 = limbs[4 * i + 2]!, l3 = limbs[4 * i + 3]!;
    // >>> 0: at T = 64 the mask is 2^32 − 1, and JS's & would read l1 as signed (the engine's JS
    // loop before the kernel did, so f = 40 gave NaN factors for half the shares)
    const rHi = (l1 & hiMask) >>> 0;
    const zMod = (l0 % 127) + 16 * (l1 % 127) + 2 * (l2 % 127) + 32 * (l3 % 127);
    const rMod = (l0 % 127) + 16 * (rHi % 127);
    const q = (((zMod - rMod) % 127) + 127) * invT;
    const e = (q + (l3 >>> 31) * signFix - shift) % 127;
    exps[i] = e < 0 ? e + 127 : e;
    const u = (l0 + rHi * 2 ** 32) * toTable;
    const top = Math.floor(u);
    const y = (u - top) * (Math.LN2 / 4096);
    const v = EXP2_TABLE[top]! * (1 + y * (1 + y * (0.5 + y * (1 / 6 + y / 24)))) * 2 ** f;
    const F = Math.round(m === 23 ? Math.fround(v) : Math.round(v / ulp) * ulp);
    out[4 * i] = F >>> 0;
    out[4 * i + 1] = Math.floor(F / 2 ** 32);
  }
  return { frac, exps };
}

/** n shares: random words, then 0, ±1, ±2^T-ish neighbours and the ring's ends. */
function shares(n: number, T: number): Words {
  const z = new Prg(new Uint8Array(16).fill(9), 1).words(2 * n);
  const M = (1n << 128n) - 1n;
  const edges = [0n, 1n, M, M - 1n, (1n << BigInt(T)) - 1n, 1n << BigInt(T), M - (1n << BigInt(T)), 1n << 127n, (1n << 127n) - 1n, 13n << BigInt(T)];
  edges.forEach((v, i) => {
    z[2 * i] = v & ((1n << 64n) - 1n);
    z[2 * i + 1] = v >> 64n;
  });
  return z;
}

describe('exp_a local factors (wasm)', () => {
  const n = 5003; // more than two of the kernel's chunks
  for (const f of [9, 16, 18, 24, 40]) {
    const T = f + 24;
    it(`equal the JS reference bit for bit, f = ${f}`, () => {
      const z = shares(n, T);
      for (const self of [0, 1]) {
        for (const m of [23, 30]) {
          const frac = new BigUint64Array(2 * n).fill(0xdeadn);
          const exps = new Int32Array(n).fill(-1);
          localFactors(z, T, 128 - f, f, self, m, frac, exps);
          const want = referenceFactors(z, T, 128 - f, f, self, n, m);
          expect(exps, `exponents, party ${self}, m = ${m}`).toEqual(want.exps);
          expect(frac, `fractions, party ${self}, m = ${m}`).toEqual(want.frac);
        }
      }
    });
  }

  it('refuses f outside (8, 40] and mismatched lengths with coded errors', () => {
    const z = shares(4, 40);
    const frac = new BigUint64Array(8);
    expect(() => localFactors(z, 32, 120, 8, 0, 23, frac, new Int32Array(4))).toThrow(MpcError);
    expect(() => localFactors(z, 40, 112, 16, 0, 23, frac, new Int32Array(3))).toThrow(/3 exponents/);
  });
});
