/**
 * WebAssembly kernels for the prime field GF(p), p = 2^127 - 1, compiled by AssemblyScript
 * (`npm run build:wasm`).
 *
 * Elements use the FM128 layout (16 bytes, (lo, hi) little-endian u64) and are canonical, in
 * [0, p). As in asm/ring128.ts, kernels read n elements at byte offsets x (and y) of this module's
 * memory and write n elements at z. Reduction is Mersenne: 2^127 = 1 (mod p), so the bits from
 * 127 up fold back onto the bottom with one addition.
 */

const MASK63: u64 = 0x7fffffffffffffff;

/** The high 64 bits of the 128-bit product a*b, from four 32x32 products (wasm has no mulhi). */
@inline function mulhi(a: u64, b: u64): u64 {
  const a0 = a & 0xffffffff;
  const a1 = a >> 32;
  const b0 = b & 0xffffffff;
  const b1 = b >> 32;
  const p01 = a0 * b1;
  const p10 = a1 * b0;
  const mid = ((a0 * b0) >> 32) + (p01 & 0xffffffff) + (p10 & 0xffffffff);
  return a1 * b1 + (p01 >> 32) + (p10 >> 32) + (mid >> 32);
}

/** Store (lo, hi) < 2^128 reduced mod p: fold bit 127 onto bit 0, then subtract p once if needed. */
@inline function storeReduced(z: usize, lo: u64, hi: u64): void {
  const top = hi >> 63;
  lo += top;
  hi = (hi & MASK63) + u64(lo < top);
  // Now (lo, hi) <= p + 1 = 2^127, and it is >= p exactly when adding 1 reaches 2^127.
  const lo1 = lo + 1;
  const hi1 = hi + u64(lo1 == 0);
  const over = (hi1 >> 63) != 0;
  store<u64>(z, select(lo1, lo, over));
  store<u64>(z, select(hi1 & MASK63, hi, over), 8);
}

export function add(x: usize, y: usize, z: usize, n: i32): void {
  const end = x + (<usize>n << 4);
  while (x < end) {
    const a = load<u64>(x);
    const lo = a + load<u64>(y);
    storeReduced(z, lo, load<u64>(x, 8) + load<u64>(y, 8) + u64(lo < a));
    x += 16;
    y += 16;
    z += 16;
  }
}

/** z = x - y, plus p when that borrows: x - y + 2^128 + p wraps to x - y + p. */
export function sub(x: usize, y: usize, z: usize, n: i32): void {
  const end = x + (<usize>n << 4);
  while (x < end) {
    const a = load<u64>(x);
    const b = load<u64>(y);
    const ah = load<u64>(x, 8);
    const bh = load<u64>(y, 8);
    let lo = a - b;
    let hi = ah - bh - u64(a < b);
    if (ah < bh || (ah == bh && a < b)) {
      lo -= 1; // + p = + 2^127 - 1
      hi = hi + (u64(1) << 63) - u64(lo == 0xffffffffffffffff);
    }
    store<u64>(z, lo);
    store<u64>(z, hi, 8);
    x += 16;
    y += 16;
    z += 16;
  }
}

/** z = p - x, and 0 for x = 0. The low word of p is all ones, so p - x never borrows. */
export function neg(x: usize, z: usize, n: i32): void {
  const end = x + (<usize>n << 4);
  while (x < end) {
    const lo = load<u64>(x);
    const hi = load<u64>(x, 8);
    const zero = (lo | hi) == 0;
    store<u64>(z, select<u64>(0, ~lo, zero));
    store<u64>(z, select<u64>(0, MASK63 - hi, zero), 8);
    x += 16;
    z += 16;
  }
}

/**
 * z = x*y mod p. With x = x0 + x1 2^64 (x1 < 2^63) the product has four 64-bit words r0..r3;
 * 2^127 = 1 (mod p) turns (r0..r3) = L + H 2^127 into L + H, which is < 2^128.
 */
export function mul(x: usize, y: usize, z: usize, n: i32): void {
  const end = x + (<usize>n << 4);
  while (x < end) {
    const a0 = load<u64>(x);
    const a1 = load<u64>(x, 8);
    const b0 = load<u64>(y);
    const b1 = load<u64>(y, 8);
    const l01 = a0 * b1;
    const l10 = a1 * b0;
    const r0 = a0 * b0;
    let r1 = mulhi(a0, b0);
    let r2 = mulhi(a0, b1);
    let r3 = mulhi(a1, b1);
    r1 += l01;
    let c = u64(r1 < l01);
    r1 += l10;
    c += u64(r1 < l10);
    r2 += c;
    r3 += u64(r2 < c);
    const h10 = mulhi(a1, b0);
    r2 += h10;
    r3 += u64(r2 < h10);
    const l11 = a1 * b1;
    r2 += l11;
    r3 += u64(r2 < l11);
    // L = (r0, r1 mod 2^63), H = (r1..r3) >> 127
    const lo = r0 + ((r1 >> 63) | (r2 << 1));
    storeReduced(z, lo, (r1 & MASK63) + ((r2 >> 63) | (r3 << 1)) + u64(lo < r0));
    x += 16;
    y += 16;
    z += 16;
  }
}

/** z = x 2^e mod p for 0 <= e < 127 (one i32 per element at y): a rotation within 127 bits. */
export function mulPow2(x: usize, y: usize, z: usize, n: i32): void {
  const end = x + (<usize>n << 4);
  while (x < end) {
    const lo = load<u64>(x);
    const hi = load<u64>(x, 8);
    const e = <u64>load<i32>(y);
    // Rotate left by e within 127 bits: (x << e) | (x >> (127 - e)), cut to 127 bits. Every
    // shift count below stays in [0, 63], where wasm shifts are exact (x < 2^127 makes hi >> 63 = 0).
    let rlo: u64, rhi: u64;
    if (e < 64) {
      rlo = (lo << e) | (hi >> (63 - e));
      rhi = (hi << e) | ((lo >> 1) >> (63 - e));
    } else {
      const f = e - 64;
      rlo = (lo >> (63 - f)) | ((hi << 1) << f);
      rhi = (lo << f) | (hi >> (63 - f));
    }
    store<u64>(z, rlo);
    store<u64>(z, rhi & MASK63, 8);
    x += 16;
    y += 4;
    z += 16;
  }
}

/** z = x mod p for any x < 2^128 (ring elements into the field). */
export function reduce(x: usize, z: usize, n: i32): void {
  const end = x + (<usize>n << 4);
  while (x < end) {
    storeReduced(z, load<u64>(x), load<u64>(x, 8));
    x += 16;
    z += 16;
  }
}
