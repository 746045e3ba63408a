/**
 * Fixed-point encoding: a real x is the ring element X = round(x · 2^f), two's complement.
 * Doubles scale exactly by powers of two, so the only rounding is Math.round's.
 */
import { MpcError } from '../errors';
import type { Ring, Words } from './ring';

/** Encode reals as ring elements with f fraction bits; throws ERR_RANGE if one does not fit. */
export function encodeFxp(ring: Ring, values: ArrayLike<number>, f: number): Words {
  const out = ring.alloc(values.length);
  const scale = 2 ** f;
  const limit = 2 ** (ring.k - 1);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    const s = Math.round(v * scale);
    if (!Number.isFinite(s) || Math.abs(s) >= limit) {
      throw new MpcError('ERR_RANGE', `input ${v} at index ${i} does not fit ${ring.field} with ${f} fraction bits`);
    }
    ring.set(out, i, BigInt(s));
  }
  return out;
}

/** Decode ring elements with f fraction bits to the nearest doubles. */
export function decodeFxp(ring: Ring, x: Words, f: number): Float64Array {
  const n = ring.size(x);
  const out = new Float64Array(n);
  const scale = 2 ** -f;
  for (let i = 0; i < n; i++) out[i] = Number(ring.getSigned(x, i)) * scale;
  return out;
}

/** One public constant as a fixed-point ring value (a bigint), e.g. log2(e) or a coefficient. */
export function fxpConstant(x: number, f: number): bigint {
  return BigInt(Math.round(x * 2 ** f));
}
