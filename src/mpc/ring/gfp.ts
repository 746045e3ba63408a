/** GF(2^127 − 1) on FM128-layout words (bigint reference; fast kernels replace it). */
import type { Words } from './ring';

export const P127 = (1n << 127n) - 1n;

function ld(x: Words, i: number): bigint {
  return x[2 * i]! | (x[2 * i + 1]! << 64n);
}
function st(x: Words, i: number, v: bigint): void {
  x[2 * i] = v;
  x[2 * i + 1] = v >> 64n;
}
function mod(v: bigint): bigint {
  const r = v % P127;
  return r < 0n ? r + P127 : r;
}
function map(n: number, f: (i: number) => bigint): Words {
  const z = new BigUint64Array(2 * n);
  for (let i = 0; i < n; i++) st(z, i, f(i));
  return z;
}

export const gfFromBigInts = (v: readonly bigint[]): Words => map(v.length, (i) => mod(v[i]!));
export const gfToBigInts = (x: Words): bigint[] => Array.from({ length: x.length / 2 }, (_, i) => ld(x, i));
export const gfAdd = (x: Words, y: Words): Words => map(x.length / 2, (i) => mod(ld(x, i) + ld(y, i)));
export const gfSub = (x: Words, y: Words): Words => map(x.length / 2, (i) => mod(ld(x, i) - ld(y, i)));
export const gfNeg = (x: Words): Words => map(x.length / 2, (i) => mod(-ld(x, i)));
export const gfMul = (x: Words, y: Words): Words => map(x.length / 2, (i) => mod(ld(x, i) * ld(y, i)));
export const gfMulPow2 = (x: Words, e: Int32Array): Words => map(x.length / 2, (i) => mod(ld(x, i) << BigInt(e[i]!)));
export const gfReduceFromRing = (x: Words): Words => map(x.length / 2, (i) => mod(ld(x, i)));
export function gfLessThanHalf(x: Words): Uint8Array {
  const out = new Uint8Array(x.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = ld(x, i) < P127 / 2n ? 1 : 0;
  return out;
}
