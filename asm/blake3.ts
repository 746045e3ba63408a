/**
 * The BLAKE3 compression function as a tweakable correlation-robust hash for OT extension
 * (src/mpc/prg/tccr.ts wraps this; docs: preprocessing.md §2.2): for each 16-byte block x_j at IN,
 * the first 16 bytes of BLAKE3(x_j ‖ u64le(first + j)) at OUT.
 *
 * A 24-byte message is one compression: chaining value IV, the message zero-padded to a 64-byte
 * block (words m0..m3 = x, m4, m5 = the index, m6..m15 = 0), counter 0, block length 24, flags
 * CHUNK_START | CHUNK_END | ROOT; the hash is the first words of the output, v[i] ^ v[i+8].
 *
 * Four messages at a time: lane k of every v128 holds the state of message 4g + k, so BLAKE3's
 * 32-bit G runs on i32x4. The 7 rounds loop (unrolled they would not fit in 4 KiB), and the
 * message words n0..n15 are permuted between rounds by BLAKE3's MSG_PERMUTATION, as locals. (A
 * variant that laid the words of all 7 rounds out in memory, to skip the ten zero words, ran at
 * the same speed.)
 */

/** Blocks per call at most: 64 KiB in, 64 KiB out. A multiple of 4, so the last group stays inside. */
export const MAX_BLOCKS: i32 = 4096;
// Half a page from the 4 KiB alignment of the caller's big ArrayBuffers, and a page apart (see
// src/mpc/ring/wasm/scratch.ts on "4K aliasing").
export const IN: usize = 0x1810;
export const OUT: usize = IN + (<usize>MAX_BLOCKS << 4) + 0x1000;

const IV0: i32 = 0x6a09e667, IV1: i32 = 0xbb67ae85, IV2: i32 = 0x3c6ef372, IV3: i32 = 0xa54ff53a;
const IV4: i32 = 0x510e527f, IV5: i32 = 0x9b05688c, IV6: i32 = 0x1f83d9ab, IV7: i32 = 0x5be0cd19;
const BLOCK_LEN: i32 = 24;
const FLAGS: i32 = 1 | 2 | 8; // CHUNK_START | CHUNK_END | ROOT

@inline function rotr16(x: v128): v128 {
  return i8x16.shuffle(x, x, 2, 3, 0, 1, 6, 7, 4, 5, 10, 11, 8, 9, 14, 15, 12, 13);
}
@inline function rotr8(x: v128): v128 {
  return i8x16.shuffle(x, x, 1, 2, 3, 0, 5, 6, 7, 4, 9, 10, 11, 8, 13, 14, 15, 12);
}
@inline function rotr12(x: v128): v128 {
  return v128.or(i32x4.shr_u(x, 12), i32x4.shl(x, 20));
}
@inline function rotr7(x: v128): v128 {
  return v128.or(i32x4.shr_u(x, 7), i32x4.shl(x, 25));
}

/** Hash n blocks at IN (indices first, first + 1, ... mod 2^64) to OUT; n ≤ MAX_BLOCKS. */
export function hash(n: i32, first: u64): void {
  let idx01 = i64x2(first, first + 1);
  let idx23 = i64x2(first + 2, first + 3);
  const four = i64x2.splat(4);
  for (let at: usize = 0; at < <usize>n << 4; at += 64) {
    // Four blocks, transposed: m_w holds word w of the four messages.
    const b0 = v128.load(IN + at), b1 = v128.load(IN + at, 16);
    const b2 = v128.load(IN + at, 32), b3 = v128.load(IN + at, 48);
    let t0 = v128.shuffle<i32>(b0, b1, 0, 4, 1, 5), t1 = v128.shuffle<i32>(b0, b1, 2, 6, 3, 7);
    let t2 = v128.shuffle<i32>(b2, b3, 0, 4, 1, 5), t3 = v128.shuffle<i32>(b2, b3, 2, 6, 3, 7);
    const m0 = v128.shuffle<i32>(t0, t2, 0, 1, 4, 5), m1 = v128.shuffle<i32>(t0, t2, 2, 3, 6, 7);
    const m2 = v128.shuffle<i32>(t1, t3, 0, 1, 4, 5), m3 = v128.shuffle<i32>(t1, t3, 2, 3, 6, 7);
    const m4 = v128.shuffle<i32>(idx01, idx23, 0, 2, 4, 6), m5 = v128.shuffle<i32>(idx01, idx23, 1, 3, 5, 7);
    idx01 = i64x2.add(idx01, four);
    idx23 = i64x2.add(idx23, four);
    // The padded message: words 6..15 are zero.
    let n0 = m0, n1 = m1, n2 = m2, n3 = m3, n4 = m4, n5 = m5;
    let n6 = i32x4.splat(0), n7 = n6, n8 = n6, n9 = n6, n10 = n6, n11 = n6, n12 = n6, n13 = n6, n14 = n6, n15 = n6;

    let v0 = i32x4.splat(IV0), v1 = i32x4.splat(IV1), v2 = i32x4.splat(IV2), v3 = i32x4.splat(IV3);
    let v4 = i32x4.splat(IV4), v5 = i32x4.splat(IV5), v6 = i32x4.splat(IV6), v7 = i32x4.splat(IV7);
    let v8 = i32x4.splat(IV0), v9 = i32x4.splat(IV1), v10 = i32x4.splat(IV2), v11 = i32x4.splat(IV3);
    let v12 = i32x4.splat(0), v13 = i32x4.splat(0), v14 = i32x4.splat(BLOCK_LEN), v15 = i32x4.splat(FLAGS);
    // G's first step, a ← a + b + m, is written (a + m) + b: a and m are ready early, so only one
    // add waits for b, which the previous step just computed (7 % faster than (a + b) + m).
    for (let r = 0; r < 7; r++) {
      // Columns.
      v0 = i32x4.add(i32x4.add(v0, n0), v4); v12 = rotr16(v128.xor(v12, v0)); v8 = i32x4.add(v8, v12); v4 = rotr12(v128.xor(v4, v8));
      v0 = i32x4.add(i32x4.add(v0, n1), v4); v12 = rotr8(v128.xor(v12, v0)); v8 = i32x4.add(v8, v12); v4 = rotr7(v128.xor(v4, v8));
      v1 = i32x4.add(i32x4.add(v1, n2), v5); v13 = rotr16(v128.xor(v13, v1)); v9 = i32x4.add(v9, v13); v5 = rotr12(v128.xor(v5, v9));
      v1 = i32x4.add(i32x4.add(v1, n3), v5); v13 = rotr8(v128.xor(v13, v1)); v9 = i32x4.add(v9, v13); v5 = rotr7(v128.xor(v5, v9));
      v2 = i32x4.add(i32x4.add(v2, n4), v6); v14 = rotr16(v128.xor(v14, v2)); v10 = i32x4.add(v10, v14); v6 = rotr12(v128.xor(v6, v10));
      v2 = i32x4.add(i32x4.add(v2, n5), v6); v14 = rotr8(v128.xor(v14, v2)); v10 = i32x4.add(v10, v14); v6 = rotr7(v128.xor(v6, v10));
      v3 = i32x4.add(i32x4.add(v3, n6), v7); v15 = rotr16(v128.xor(v15, v3)); v11 = i32x4.add(v11, v15); v7 = rotr12(v128.xor(v7, v11));
      v3 = i32x4.add(i32x4.add(v3, n7), v7); v15 = rotr8(v128.xor(v15, v3)); v11 = i32x4.add(v11, v15); v7 = rotr7(v128.xor(v7, v11));
      // Diagonals.
      v0 = i32x4.add(i32x4.add(v0, n8), v5); v15 = rotr16(v128.xor(v15, v0)); v10 = i32x4.add(v10, v15); v5 = rotr12(v128.xor(v5, v10));
      v0 = i32x4.add(i32x4.add(v0, n9), v5); v15 = rotr8(v128.xor(v15, v0)); v10 = i32x4.add(v10, v15); v5 = rotr7(v128.xor(v5, v10));
      v1 = i32x4.add(i32x4.add(v1, n10), v6); v12 = rotr16(v128.xor(v12, v1)); v11 = i32x4.add(v11, v12); v6 = rotr12(v128.xor(v6, v11));
      v1 = i32x4.add(i32x4.add(v1, n11), v6); v12 = rotr8(v128.xor(v12, v1)); v11 = i32x4.add(v11, v12); v6 = rotr7(v128.xor(v6, v11));
      v2 = i32x4.add(i32x4.add(v2, n12), v7); v13 = rotr16(v128.xor(v13, v2)); v8 = i32x4.add(v8, v13); v7 = rotr12(v128.xor(v7, v8));
      v2 = i32x4.add(i32x4.add(v2, n13), v7); v13 = rotr8(v128.xor(v13, v2)); v8 = i32x4.add(v8, v13); v7 = rotr7(v128.xor(v7, v8));
      v3 = i32x4.add(i32x4.add(v3, n14), v4); v14 = rotr16(v128.xor(v14, v3)); v9 = i32x4.add(v9, v14); v4 = rotr12(v128.xor(v4, v9));
      v3 = i32x4.add(i32x4.add(v3, n15), v4); v14 = rotr8(v128.xor(v14, v3)); v9 = i32x4.add(v9, v14); v4 = rotr7(v128.xor(v4, v9));
      // The next round's words: n_i ← n_{MSG_PERMUTATION[i]}.
      const p0 = n2, p1 = n6, p2 = n3, p3 = n10, p4 = n7, p5 = n0, p6 = n4, p7 = n13, p8 = n1, p9 = n11, p10 = n12, p11 = n5, p12 = n9, p13 = n14, p14 = n15, p15 = n8;
      n0 = p0; n1 = p1; n2 = p2; n3 = p3; n4 = p4; n5 = p5; n6 = p6; n7 = p7;
      n8 = p8; n9 = p9; n10 = p10; n11 = p11; n12 = p12; n13 = p13; n14 = p14; n15 = p15;
    }

    // Words 0..3 of the output, transposed back: block k's 16 bytes from lane k.
    t0 = v128.shuffle<i32>(v128.xor(v0, v8), v128.xor(v1, v9), 0, 4, 1, 5);
    t1 = v128.shuffle<i32>(v128.xor(v0, v8), v128.xor(v1, v9), 2, 6, 3, 7);
    t2 = v128.shuffle<i32>(v128.xor(v2, v10), v128.xor(v3, v11), 0, 4, 1, 5);
    t3 = v128.shuffle<i32>(v128.xor(v2, v10), v128.xor(v3, v11), 2, 6, 3, 7);
    v128.store(OUT + at, v128.shuffle<i32>(t0, t2, 0, 1, 4, 5));
    v128.store(OUT + at, v128.shuffle<i32>(t0, t2, 2, 3, 6, 7), 16);
    v128.store(OUT + at, v128.shuffle<i32>(t1, t3, 0, 1, 4, 5), 32);
    v128.store(OUT + at, v128.shuffle<i32>(t1, t3, 2, 3, 6, 7), 48);
  }
}
