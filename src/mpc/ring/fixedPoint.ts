/**
 * Fixed-point encoding: a real x is the ring element X = round(x · 2^f), two's complement.
 * Doubles scale exactly by powers of two, so the only rounding is Math.round's.
 */
import { MpcError } from '../errors';
import type { Ring, Words } from './ring';

/** Encode reals as ring elements with f fraction bits; throws ERR_RANGE if one does not fit. */
export function encodeFxp(ring: Ring, values: ArrayLike<number>, f: number): Words {
  const n = values.length;
  const out = ring.alloc(n);
  const limbs = new Uint32Array(out.buffer, out.byteOffset, 2 * ring.wpe * n);
  const perElement = 2 * ring.wpe;
  const scale = 2 ** f;
  const limit = 2 ** (ring.k - 1);
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    const s = Math.round(v * scale);
    if (!Number.isFinite(s) || Math.abs(s) >= limit) {
      throw new MpcError('ERR_RANGE', `input ${v} at index ${i} does not fit ${ring.field} with ${f} fraction bits`);
    }
    if (Math.abs(s) < 2 ** 53) {
      // exact in doubles: two's complement limbs without a BigInt per element
      const neg = s < 0;
      const m = neg ? -s : s;
      let lo = m % 2 ** 32;
      let hi = (m - lo) / 2 ** 32;
      let fill = 0;
      if (neg) {
        // −m = ~m + 1 on the limbs
        lo = (~lo >>> 0) + 1;
        hi = ~hi >>> 0;
        if (lo === 2 ** 32) {
          lo = 0;
          hi = (hi + 1) >>> 0;
        }
        fill = hi === 0 && lo === 0 ? 0 : 0xffffffff;
      }
      const o = i * perElement;
      limbs[o] = lo;
      limbs[o + 1] = hi;
      for (let t = 2; t < perElement; t++) limbs[o + t] = fill;
    } else {
      ring.set(out, i, BigInt(s));
    }
  }
  return out;
}

/** Decode ring elements with f fraction bits to the nearest doubles. */
export function decodeFxp(ring: Ring, x: Words, f: number): Float64Array {
  const n = ring.size(x);
  const out = new Float64Array(n);
  const limbs = new Uint32Array(x.buffer, x.byteOffset, 2 * ring.wpe * n);
  const perElement = 2 * ring.wpe;
  const scale = 2 ** -f;
  for (let i = 0; i < n; i++) {
    const o = i * perElement;
    // small magnitudes (upper limbs all 0 or all 1, 53 bits fit) decode in doubles, exactly
    let small = true;
    const top = limbs[o + perElement - 1]!;
    const fill = top >= 0x80000000 ? 0xffffffff : 0;
    for (let t = 2; t < perElement; t++) if (limbs[o + t] !== fill) small = false;
    const hi = limbs[o + 1]!;
    if (small && (fill === 0 ? hi < 2 ** 21 : hi >= 2 ** 32 - 2 ** 21)) {
      const lo = limbs[o]!;
      out[i] = (fill === 0 ? lo + hi * 2 ** 32 : -((2 ** 32 - lo) + (2 ** 32 - 1 - hi) * 2 ** 32)) * scale;
    } else {
      out[i] = Number(ring.getSigned(x, i)) * scale;
    }
  }
  return out;
}

/** One public constant as a fixed-point ring value (a bigint), e.g. log2(e) or a coefficient. */
export function fxpConstant(x: number, f: number): bigint {
  return BigInt(Math.round(x * 2 ** f));
}
