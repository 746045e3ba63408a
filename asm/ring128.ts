/**
 * WebAssembly kernels for the ring Z_2^128, compiled by AssemblyScript (`npm run build:wasm`).
 *
 * An element is 16 bytes, (lo, hi) as two little-endian u64, the layout of `Words` in
 * src/mpc/ring/ring.ts. Every kernel reads n elements at byte offset x (and y) of this module's
 * memory and writes n elements at z; the JS side (src/mpc/ring/wasm/scratch.ts) streams the
 * caller's arrays through those buffers in cache-sized chunks. Outputs never overlap inputs.
 *
 * NB: mul and mulScalar work on pairs of elements, so they read and write element n as well when n
 * is odd; the scratch buffers leave room for it and the JS side never copies it out.
 */

// ---------------------------------------------------------------------------------------------
// Addition and subtraction: one element per v128, both words at once with i64x2, then the carry
// (or borrow) of the low word moved up into the high word. Wasm SIMD has no unsigned 64-bit
// compare, so lo < a is tested as a signed compare with the sign bits flipped; it yields -1 where
// true, which is subtracted (carry) or added (borrow) to the high word.

const ZERO: v128 = i64x2.splat(0);
const MSB: v128 = i64x2.splat(0x8000000000000000);

/** -1 in the high lane where the low lane of a is below that of b (unsigned), else 0. */
@inline function lowBelow(a: v128, b: v128): v128 {
  return v128.shuffle<u64>(ZERO, i64x2.lt_s(v128.xor(a, MSB), v128.xor(b, MSB)), 0, 2);
}

export function add(x: usize, y: usize, z: usize, n: i32): void {
  const end = x + (<usize>n << 4);
  while (x < end) {
    const a = v128.load(x);
    const s = i64x2.add(a, v128.load(y));
    v128.store(z, i64x2.sub(s, lowBelow(s, a)));
    x += 16;
    y += 16;
    z += 16;
  }
}

export function sub(x: usize, y: usize, z: usize, n: i32): void {
  const end = x + (<usize>n << 4);
  while (x < end) {
    const a = v128.load(x);
    const b = v128.load(y);
    v128.store(z, i64x2.add(i64x2.sub(a, b), lowBelow(a, b)));
    x += 16;
    y += 16;
    z += 16;
  }
}

export function neg(x: usize, z: usize, n: i32): void {
  const end = x + (<usize>n << 4);
  while (x < end) {
    const a = v128.load(x);
    v128.store(z, i64x2.add(i64x2.sub(ZERO, a), lowBelow(ZERO, a)));
    x += 16;
    z += 16;
  }
}

export function addScalar(x: usize, z: usize, n: i32, cLo: u64, cHi: u64): void {
  const c = i64x2(cLo, cHi);
  const end = x + (<usize>n << 4);
  while (x < end) {
    const s = i64x2.add(v128.load(x), c);
    v128.store(z, i64x2.sub(s, lowBelow(s, c)));
    x += 16;
    z += 16;
  }
}

// ---------------------------------------------------------------------------------------------
// Multiplication. Wasm has no 64x64 -> 128 multiply, so a product is assembled from 32-bit limbs:
// with a = A_lo + A_hi 2^64 and A_lo = ll + lh 2^32, A_hi = hl + hh 2^32 (b likewise),
//   z_lo = A_lo B_lo mod 2^64
//   z_hi = mulhi(A_lo, B_lo) + A_lo B_hi + A_hi B_lo  (mod 2^64).
// Two elements share each v128: `al` holds [ll0, ll1, lh0, lh1] as u32 lanes and `ah` holds
// [hl0, hl1, hh0, hh1], so i64x2.extmul_{low,high}_i32x4_u yields two 32x32 -> 64 products at a
// time, and the cross terms that only matter mod 2^32 use one i32x4.mul for four products.

const LO32: v128 = i64x2.splat(0xffffffff);

/** The limbs of the low words of two elements v0, v1: [ll0, ll1, lh0, lh1]. */
@inline function limbsLo(v0: v128, v1: v128): v128 {
  return v128.shuffle<u32>(v0, v1, 0, 4, 1, 5);
}
/** The limbs of the high words of two elements v0, v1: [hl0, hl1, hh0, hh1]. */
@inline function limbsHi(v0: v128, v1: v128): v128 {
  return v128.shuffle<u32>(v0, v1, 2, 6, 3, 7);
}
/** [x0, x1, y0, y1] -> [y0, y1, x0, x1]: lines each low limb up with the high limb of the same word. */
@inline function swapHalves(v: v128): v128 {
  return v128.shuffle<u32>(v, v, 2, 3, 0, 1);
}

/**
 * Store a*b for two elements, given as limbs al, ah and bl, bh; blw, bhw are bl, bh with swapHalves.
 * With accumulate (a constant at every call, so the branch folds away), store z + a*b instead.
 */
@inline function mulPair(z: usize, al: v128, ah: v128, bl: v128, blw: v128, bh: v128, bhw: v128, accumulate: bool = false): void {
  const p00 = i64x2.extmul_low_i32x4_u(al, bl); // ll*bll
  const p11 = i64x2.extmul_high_i32x4_u(al, bl); // lh*blh
  const p01 = i64x2.extmul_low_i32x4_u(al, blw); // ll*blh
  const p10 = i64x2.extmul_high_i32x4_u(al, blw); // lh*bll
  const mid = i64x2.add(i64x2.add(i64x2.shr_u(p00, 32), v128.and(p01, LO32)), v128.and(p10, LO32));
  const zl = v128.or(v128.and(p00, LO32), i64x2.shl(mid, 32));
  const mulhi = i64x2.add(
    i64x2.add(p11, i64x2.shr_u(p01, 32)),
    i64x2.add(i64x2.shr_u(p10, 32), i64x2.shr_u(mid, 32)),
  );
  // A_lo B_hi + A_hi B_lo mod 2^64 = ll*bhl + hl*bll + ((ll*bhh + lh*bhl + hl*blh + hh*bll) mod 2^32) 2^32
  const full = i64x2.add(i64x2.extmul_low_i32x4_u(al, bh), i64x2.extmul_low_i32x4_u(ah, bl));
  // t = [ll*bhh + hl*blh, lh*bhl + hh*bll] mod 2^32 for both elements; adding its halves sums all four.
  const t = i32x4.add(i32x4.mul(al, bhw), i32x4.mul(ah, blw));
  const t2 = i32x4.add(t, swapHalves(t));
  const shifted = v128.shuffle<u32>(ZERO, t2, 0, 4, 1, 5);
  const zh = i64x2.add(mulhi, i64x2.add(full, shifted));
  const p0 = v128.shuffle<u64>(zl, zh, 0, 2);
  const p1 = v128.shuffle<u64>(zl, zh, 1, 3);
  if (accumulate) {
    v128.store(z, add128(v128.load(z), p0));
    v128.store(z, add128(v128.load(z, 16), p1), 16);
  } else {
    v128.store(z, p0);
    v128.store(z, p1, 16);
  }
}

/** a + b for one element per v128 (the carry of the low word moved up, as in `add`). */
@inline function add128(a: v128, b: v128): v128 {
  const s = i64x2.add(a, b);
  return i64x2.sub(s, lowBelow(s, a));
}

/** z ← x·y, or z ← z + x·y when `accumulate` (inlined, so each export's loop has it as a constant). */
@inline function mulLoop(x: usize, y: usize, z: usize, n: i32, accumulate: bool): void {
  const end = x + (<usize>n << 4);
  while (x < end) {
    const a0 = v128.load(x);
    const a1 = v128.load(x, 16);
    const b0 = v128.load(y);
    const b1 = v128.load(y, 16);
    const bl = limbsLo(b0, b1);
    const bh = limbsHi(b0, b1);
    mulPair(z, limbsLo(a0, a1), limbsHi(a0, a1), bl, swapHalves(bl), bh, swapHalves(bh), accumulate);
    x += 32;
    y += 32;
    z += 32;
  }
}

export function mul(x: usize, y: usize, z: usize, n: i32): void {
  mulLoop(x, y, z, n, false);
}

/**
 * z ← z + x·y: the step of a Beaver combine (z = c + e·b + d·a + e·d is three of them over the same
 * tile), so the products never leave the module and no product array is made.
 */
export function mulAdd(x: usize, y: usize, z: usize, n: i32): void {
  mulLoop(x, y, z, n, true);
}

export function mulScalar(x: usize, z: usize, n: i32, cLo: u64, cHi: u64): void {
  const c = i64x2(cLo, cHi);
  const bl = limbsLo(c, c);
  const bh = limbsHi(c, c);
  const blw = swapHalves(bl);
  const bhw = swapHalves(bh);
  const end = x + (<usize>n << 4);
  while (x < end) {
    const a0 = v128.load(x);
    const a1 = v128.load(x, 16);
    mulPair(z, limbsLo(a0, a1), limbsHi(a0, a1), bl, blw, bh, bhw);
    x += 32;
    z += 32;
  }
}

// ---------------------------------------------------------------------------------------------
// Bitwise operations: one v128 per element.

export function xor(x: usize, y: usize, z: usize, n: i32): void {
  const end = x + (<usize>n << 4);
  while (x < end) {
    v128.store(z, v128.xor(v128.load(x), v128.load(y)));
    x += 16;
    y += 16;
    z += 16;
  }
}

export function and(x: usize, y: usize, z: usize, n: i32): void {
  const end = x + (<usize>n << 4);
  while (x < end) {
    v128.store(z, v128.and(v128.load(x), v128.load(y)));
    x += 16;
    y += 16;
    z += 16;
  }
}

export function xorScalar(x: usize, z: usize, n: i32, cLo: u64, cHi: u64): void {
  const c = i64x2(cLo, cHi);
  const end = x + (<usize>n << 4);
  while (x < end) {
    v128.store(z, v128.xor(v128.load(x), c));
    x += 16;
    z += 16;
  }
}

export function andScalar(x: usize, z: usize, n: i32, cLo: u64, cHi: u64): void {
  const c = i64x2(cLo, cHi);
  const end = x + (<usize>n << 4);
  while (x < end) {
    v128.store(z, v128.and(v128.load(x), c));
    x += 16;
    z += 16;
  }
}

// ---------------------------------------------------------------------------------------------
// Shifts by 0 <= m < 128, both words at once; for m < 64 the bits crossing the word boundary are
// shifted separately and moved to the other lane. Wasm takes shift counts mod 64, so they are
// shifted by 1 and then by 63 - m, which is 0 bits for m = 0.

export function shl(x: usize, z: usize, n: i32, m: i32): void {
  const end = x + (<usize>n << 4);
  if (m < 64) {
    while (x < end) {
      const v = v128.load(x);
      const up = i64x2.shr_u(i64x2.shr_u(v, 1), 63 - m); // lo's bits that cross into hi
      v128.store(z, v128.or(i64x2.shl(v, m), v128.shuffle<u64>(ZERO, up, 0, 2)));
      x += 16;
      z += 16;
    }
  } else {
    while (x < end) {
      v128.store(z, v128.shuffle<u64>(ZERO, i64x2.shl(v128.load(x), m), 0, 2));
      x += 16;
      z += 16;
    }
  }
}

export function lshr(x: usize, z: usize, n: i32, m: i32): void {
  const end = x + (<usize>n << 4);
  if (m < 64) {
    while (x < end) {
      const v = v128.load(x);
      const down = i64x2.shl(i64x2.shl(v, 1), 63 - m); // hi's bits that cross into lo
      v128.store(z, v128.or(i64x2.shr_u(v, m), v128.shuffle<u64>(down, ZERO, 1, 2)));
      x += 16;
      z += 16;
    }
  } else {
    while (x < end) {
      v128.store(z, v128.shuffle<u64>(i64x2.shr_u(v128.load(x), m), ZERO, 1, 2));
      x += 16;
      z += 16;
    }
  }
}

export function ashr(x: usize, z: usize, n: i32, m: i32): void {
  const end = x + (<usize>n << 4);
  if (m < 64) {
    while (x < end) {
      const v = v128.load(x);
      const down = i64x2.shl(i64x2.shl(v, 1), 63 - m);
      // lo shifts in zeros (then takes hi's bits), hi shifts in copies of the sign bit
      const shifted = v128.shuffle<u64>(i64x2.shr_u(v, m), i64x2.shr_s(v, m), 0, 3);
      v128.store(z, v128.or(shifted, v128.shuffle<u64>(down, ZERO, 1, 2)));
      x += 16;
      z += 16;
    }
  } else {
    while (x < end) {
      const v = v128.load(x);
      v128.store(z, v128.shuffle<u64>(i64x2.shr_s(v, m), i64x2.shr_s(v, 63), 1, 3));
      x += 16;
      z += 16;
    }
  }
}

/** Bit j of each element (0 <= j < 128), as the element 0 or 1. */
export function bit(x: usize, z: usize, n: i32, j: i32): void {
  const s = <u64>(j & 63);
  const word: usize = j < 64 ? 0 : 8;
  const end = x + (<usize>n << 4);
  while (x < end) {
    store<u64>(z, (load<u64>(x + word) >> s) & 1);
    store<u64>(z, 0, 8);
    x += 16;
    z += 16;
  }
}

// ---------------------------------------------------------------------------------------------
// Deinterleave: the classic bit-unzip by masks (Hacker's Delight 7-2), on both words at once.

@inline function compactEvenBits(v: v128): v128 {
  v = v128.and(v, i64x2.splat(0x5555555555555555));
  v = v128.and(v128.or(v, i64x2.shr_u(v, 1)), i64x2.splat(0x3333333333333333));
  v = v128.and(v128.or(v, i64x2.shr_u(v, 2)), i64x2.splat(0x0f0f0f0f0f0f0f0f));
  v = v128.and(v128.or(v, i64x2.shr_u(v, 4)), i64x2.splat(0x00ff00ff00ff00ff));
  v = v128.and(v128.or(v, i64x2.shr_u(v, 8)), i64x2.splat(0x0000ffff0000ffff));
  v = v128.or(v, i64x2.shr_u(v, 16));
  // Each u64 lane now holds its 32 compacted bits low; join lo's and hi's into one u64.
  return v128.shuffle<u32>(v, ZERO, 0, 2, 4, 4);
}

/**
 * The bits at even positions of each element into `even`, those at odd positions into `odd`,
 * compacted and masked with `mask` (the low width/2 bits, so width/2 <= 64 and hi is 0).
 */
export function deinterleave(x: usize, even: usize, odd: usize, n: i32, mask: u64): void {
  const m = i64x2(mask, 0);
  const end = x + (<usize>n << 4);
  while (x < end) {
    const v = v128.load(x);
    v128.store(even, v128.and(compactEvenBits(v), m));
    v128.store(odd, v128.and(compactEvenBits(i64x2.shr_u(v, 1)), m));
    x += 16;
    even += 16;
    odd += 16;
  }
}
