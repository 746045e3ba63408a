/**
 * ChaCha keystream (RFC 8439's block function with a chosen number of rounds), four blocks at a
 * time: lane k of every v128 holds the state of block counter + k, so one pass of the rounds makes
 * 256 bytes. The JS side (src/mpc/prg/chachaWasm.ts) writes the key (32 bytes) at KEY and the nonce
 * (12 bytes) at NONCE, calls `blocks4`, and copies the output out of this module's memory.
 */

export const KEY: usize = 0;
export const NONCE: usize = 32;
/** Output buffer: 1024 blocks (64 KiB) per call at most. */
export const OUT: usize = 64;
export const MAX_GROUPS: i32 = 256;

@inline function rotl(v: v128, c: i32): v128 {
  return v128.or(i32x4.shl(v, c), i32x4.shr_u(v, 32 - c));
}

/**
 * Write 4·groups blocks, counters counter .. counter + 4·groups − 1, at OUT, each after
 * 2·doubleRounds rounds (10 for ChaCha20, 6 for ChaCha12).
 */
export function blocks4(counter: u32, groups: i32, doubleRounds: i32): void {
  const k0 = i32x4.splat(load<i32>(KEY));
  const k1 = i32x4.splat(load<i32>(KEY + 4));
  const k2 = i32x4.splat(load<i32>(KEY + 8));
  const k3 = i32x4.splat(load<i32>(KEY + 12));
  const k4 = i32x4.splat(load<i32>(KEY + 16));
  const k5 = i32x4.splat(load<i32>(KEY + 20));
  const k6 = i32x4.splat(load<i32>(KEY + 24));
  const k7 = i32x4.splat(load<i32>(KEY + 28));
  const n0 = i32x4.splat(load<i32>(NONCE));
  const n1 = i32x4.splat(load<i32>(NONCE + 4));
  const n2 = i32x4.splat(load<i32>(NONCE + 8));
  const s0 = i32x4.splat(0x61707865);
  const s1 = i32x4.splat(0x3320646e);
  const s2 = i32x4.splat(0x79622d32);
  const s3 = i32x4.splat(0x6b206574);
  const lanes = i32x4(0, 1, 2, 3);
  let dst = OUT;
  for (let g = 0; g < groups; g++) {
    const ctr = i32x4.add(i32x4.splat(<i32>(counter + <u32>(4 * g))), lanes);
    let x0 = s0, x1 = s1, x2 = s2, x3 = s3;
    let x4 = k0, x5 = k1, x6 = k2, x7 = k3, x8 = k4, x9 = k5, x10 = k6, x11 = k7;
    let x12 = ctr, x13 = n0, x14 = n1, x15 = n2;
    for (let r = 0; r < doubleRounds; r++) {
      x0 = i32x4.add(x0, x4); x12 = rotl(v128.xor(x12, x0), 16); x8 = i32x4.add(x8, x12); x4 = rotl(v128.xor(x4, x8), 12);
      x0 = i32x4.add(x0, x4); x12 = rotl(v128.xor(x12, x0), 8); x8 = i32x4.add(x8, x12); x4 = rotl(v128.xor(x4, x8), 7);
      x1 = i32x4.add(x1, x5); x13 = rotl(v128.xor(x13, x1), 16); x9 = i32x4.add(x9, x13); x5 = rotl(v128.xor(x5, x9), 12);
      x1 = i32x4.add(x1, x5); x13 = rotl(v128.xor(x13, x1), 8); x9 = i32x4.add(x9, x13); x5 = rotl(v128.xor(x5, x9), 7);
      x2 = i32x4.add(x2, x6); x14 = rotl(v128.xor(x14, x2), 16); x10 = i32x4.add(x10, x14); x6 = rotl(v128.xor(x6, x10), 12);
      x2 = i32x4.add(x2, x6); x14 = rotl(v128.xor(x14, x2), 8); x10 = i32x4.add(x10, x14); x6 = rotl(v128.xor(x6, x10), 7);
      x3 = i32x4.add(x3, x7); x15 = rotl(v128.xor(x15, x3), 16); x11 = i32x4.add(x11, x15); x7 = rotl(v128.xor(x7, x11), 12);
      x3 = i32x4.add(x3, x7); x15 = rotl(v128.xor(x15, x3), 8); x11 = i32x4.add(x11, x15); x7 = rotl(v128.xor(x7, x11), 7);
      x0 = i32x4.add(x0, x5); x15 = rotl(v128.xor(x15, x0), 16); x10 = i32x4.add(x10, x15); x5 = rotl(v128.xor(x5, x10), 12);
      x0 = i32x4.add(x0, x5); x15 = rotl(v128.xor(x15, x0), 8); x10 = i32x4.add(x10, x15); x5 = rotl(v128.xor(x5, x10), 7);
      x1 = i32x4.add(x1, x6); x12 = rotl(v128.xor(x12, x1), 16); x11 = i32x4.add(x11, x12); x6 = rotl(v128.xor(x6, x11), 12);
      x1 = i32x4.add(x1, x6); x12 = rotl(v128.xor(x12, x1), 8); x11 = i32x4.add(x11, x12); x6 = rotl(v128.xor(x6, x11), 7);
      x2 = i32x4.add(x2, x7); x13 = rotl(v128.xor(x13, x2), 16); x8 = i32x4.add(x8, x13); x7 = rotl(v128.xor(x7, x8), 12);
      x2 = i32x4.add(x2, x7); x13 = rotl(v128.xor(x13, x2), 8); x8 = i32x4.add(x8, x13); x7 = rotl(v128.xor(x7, x8), 7);
      x3 = i32x4.add(x3, x4); x14 = rotl(v128.xor(x14, x3), 16); x9 = i32x4.add(x9, x14); x4 = rotl(v128.xor(x4, x9), 12);
      x3 = i32x4.add(x3, x4); x14 = rotl(v128.xor(x14, x3), 8); x9 = i32x4.add(x9, x14); x4 = rotl(v128.xor(x4, x9), 7);
    }
    storeWords(dst, i32x4.add(x0, s0), i32x4.add(x1, s1), i32x4.add(x2, s2), i32x4.add(x3, s3));
    storeWords(dst + 16, i32x4.add(x4, k0), i32x4.add(x5, k1), i32x4.add(x6, k2), i32x4.add(x7, k3));
    storeWords(dst + 32, i32x4.add(x8, k4), i32x4.add(x9, k5), i32x4.add(x10, k6), i32x4.add(x11, k7));
    storeWords(dst + 48, i32x4.add(x12, ctr), i32x4.add(x13, n0), i32x4.add(x14, n1), i32x4.add(x15, n2));
    dst += 256;
  }
}

/**
 * Words j..j+3 of the four blocks (a = word j of blocks 0..3, b = word j+1, ...), transposed so
 * that each block's four words are contiguous, stored at block k's offset (64 bytes apart).
 */
@inline function storeWords(at: usize, a: v128, b: v128, c: v128, d: v128): void {
  const t0 = v128.shuffle<i32>(a, b, 0, 4, 1, 5);
  const t1 = v128.shuffle<i32>(a, b, 2, 6, 3, 7);
  const t2 = v128.shuffle<i32>(c, d, 0, 4, 1, 5);
  const t3 = v128.shuffle<i32>(c, d, 2, 6, 3, 7);
  v128.store(at, v128.shuffle<i32>(t0, t2, 0, 1, 4, 5));
  v128.store(at + 64, v128.shuffle<i32>(t0, t2, 2, 3, 6, 7));
  v128.store(at + 128, v128.shuffle<i32>(t1, t3, 0, 1, 4, 5));
  v128.store(at + 192, v128.shuffle<i32>(t1, t3, 2, 3, 6, 7));
}
