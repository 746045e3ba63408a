/**
 * The two bulk kernels of OT extension, in plain TypeScript: the tweakable correlation-robust
 * hash and the 128-row bit-matrix transpose (preprocessing.md §2.2). The OT extension runs the
 * WebAssembly versions with the same signatures (prg/tccr.ts, ring/bitTranspose.ts, 3–30× faster:
 * BENCHMARKS.md); these stay the reference they are checked against.
 *
 * tccrHash is BLAKE3 of one 24-byte input, computed by the BLAKE3 compression function on one
 * block (the whole hash of a one-block input is one compression): `tccrHashNoble` computes the
 * same with @noble/hashes and is the oracle of the tests; it is ~30× slower, because the general
 * hasher allocates per call.
 */
import { blake3 } from '@noble/hashes/blake3.js';

/** BLAKE3 flags of the only block of a one-chunk input: CHUNK_START | CHUNK_END | ROOT. */
const FLAGS_ONE_BLOCK = 1 | 2 | 8;
const INPUT_BYTES = 24;

/**
 * BLAKE3 of one 24-byte input (m0..m5 little-endian words; the rest of the block is zero): the
 * first 4 output words into out at o. One compression with the flags of a lone root chunk,
 * unrolled (generated) with the message words that are zero left out.
 */
function compress24(m0: number, m1: number, m2: number, m3: number, m4: number, m5: number, out: Uint32Array, o: number): void {
  let v0 = 0x6a09e667 | 0, v1 = 0xbb67ae85 | 0, v2 = 0x3c6ef372 | 0, v3 = 0xa54ff53a | 0;
  let v4 = 0x510e527f | 0, v5 = 0x9b05688c | 0, v6 = 0x1f83d9ab | 0, v7 = 0x5be0cd19 | 0;
  let v8 = 0x6a09e667 | 0, v9 = 0xbb67ae85 | 0, v10 = 0x3c6ef372 | 0, v11 = 0xa54ff53a | 0;
  let v12 = 0, v13 = 0, v14 = INPUT_BYTES, v15 = FLAGS_ONE_BLOCK;
  // round 1
  v0 = (v0 + v4 + m0) | 0; v12 ^= v0; v12 = (v12 >>> 16) | (v12 << 16);
  v8 = (v8 + v12) | 0; v4 ^= v8; v4 = (v4 >>> 12) | (v4 << 20);
  v0 = (v0 + v4 + m1) | 0; v12 ^= v0; v12 = (v12 >>> 8) | (v12 << 24);
  v8 = (v8 + v12) | 0; v4 ^= v8; v4 = (v4 >>> 7) | (v4 << 25);
  v1 = (v1 + v5 + m2) | 0; v13 ^= v1; v13 = (v13 >>> 16) | (v13 << 16);
  v9 = (v9 + v13) | 0; v5 ^= v9; v5 = (v5 >>> 12) | (v5 << 20);
  v1 = (v1 + v5 + m3) | 0; v13 ^= v1; v13 = (v13 >>> 8) | (v13 << 24);
  v9 = (v9 + v13) | 0; v5 ^= v9; v5 = (v5 >>> 7) | (v5 << 25);
  v2 = (v2 + v6 + m4) | 0; v14 ^= v2; v14 = (v14 >>> 16) | (v14 << 16);
  v10 = (v10 + v14) | 0; v6 ^= v10; v6 = (v6 >>> 12) | (v6 << 20);
  v2 = (v2 + v6 + m5) | 0; v14 ^= v2; v14 = (v14 >>> 8) | (v14 << 24);
  v10 = (v10 + v14) | 0; v6 ^= v10; v6 = (v6 >>> 7) | (v6 << 25);
  v3 = (v3 + v7) | 0; v15 ^= v3; v15 = (v15 >>> 16) | (v15 << 16);
  v11 = (v11 + v15) | 0; v7 ^= v11; v7 = (v7 >>> 12) | (v7 << 20);
  v3 = (v3 + v7) | 0; v15 ^= v3; v15 = (v15 >>> 8) | (v15 << 24);
  v11 = (v11 + v15) | 0; v7 ^= v11; v7 = (v7 >>> 7) | (v7 << 25);
  v0 = (v0 + v5) | 0; v15 ^= v0; v15 = (v15 >>> 16) | (v15 << 16);
  v10 = (v10 + v15) | 0; v5 ^= v10; v5 = (v5 >>> 12) | (v5 << 20);
  v0 = (v0 + v5) | 0; v15 ^= v0; v15 = (v15 >>> 8) | (v15 << 24);
  v10 = (v10 + v15) | 0; v5 ^= v10; v5 = (v5 >>> 7) | (v5 << 25);
  v1 = (v1 + v6) | 0; v12 ^= v1; v12 = (v12 >>> 16) | (v12 << 16);
  v11 = (v11 + v12) | 0; v6 ^= v11; v6 = (v6 >>> 12) | (v6 << 20);
  v1 = (v1 + v6) | 0; v12 ^= v1; v12 = (v12 >>> 8) | (v12 << 24);
  v11 = (v11 + v12) | 0; v6 ^= v11; v6 = (v6 >>> 7) | (v6 << 25);
  v2 = (v2 + v7) | 0; v13 ^= v2; v13 = (v13 >>> 16) | (v13 << 16);
  v8 = (v8 + v13) | 0; v7 ^= v8; v7 = (v7 >>> 12) | (v7 << 20);
  v2 = (v2 + v7) | 0; v13 ^= v2; v13 = (v13 >>> 8) | (v13 << 24);
  v8 = (v8 + v13) | 0; v7 ^= v8; v7 = (v7 >>> 7) | (v7 << 25);
  v3 = (v3 + v4) | 0; v14 ^= v3; v14 = (v14 >>> 16) | (v14 << 16);
  v9 = (v9 + v14) | 0; v4 ^= v9; v4 = (v4 >>> 12) | (v4 << 20);
  v3 = (v3 + v4) | 0; v14 ^= v3; v14 = (v14 >>> 8) | (v14 << 24);
  v9 = (v9 + v14) | 0; v4 ^= v9; v4 = (v4 >>> 7) | (v4 << 25);
  // round 2
  v0 = (v0 + v4 + m2) | 0; v12 ^= v0; v12 = (v12 >>> 16) | (v12 << 16);
  v8 = (v8 + v12) | 0; v4 ^= v8; v4 = (v4 >>> 12) | (v4 << 20);
  v0 = (v0 + v4) | 0; v12 ^= v0; v12 = (v12 >>> 8) | (v12 << 24);
  v8 = (v8 + v12) | 0; v4 ^= v8; v4 = (v4 >>> 7) | (v4 << 25);
  v1 = (v1 + v5 + m3) | 0; v13 ^= v1; v13 = (v13 >>> 16) | (v13 << 16);
  v9 = (v9 + v13) | 0; v5 ^= v9; v5 = (v5 >>> 12) | (v5 << 20);
  v1 = (v1 + v5) | 0; v13 ^= v1; v13 = (v13 >>> 8) | (v13 << 24);
  v9 = (v9 + v13) | 0; v5 ^= v9; v5 = (v5 >>> 7) | (v5 << 25);
  v2 = (v2 + v6) | 0; v14 ^= v2; v14 = (v14 >>> 16) | (v14 << 16);
  v10 = (v10 + v14) | 0; v6 ^= v10; v6 = (v6 >>> 12) | (v6 << 20);
  v2 = (v2 + v6 + m0) | 0; v14 ^= v2; v14 = (v14 >>> 8) | (v14 << 24);
  v10 = (v10 + v14) | 0; v6 ^= v10; v6 = (v6 >>> 7) | (v6 << 25);
  v3 = (v3 + v7 + m4) | 0; v15 ^= v3; v15 = (v15 >>> 16) | (v15 << 16);
  v11 = (v11 + v15) | 0; v7 ^= v11; v7 = (v7 >>> 12) | (v7 << 20);
  v3 = (v3 + v7) | 0; v15 ^= v3; v15 = (v15 >>> 8) | (v15 << 24);
  v11 = (v11 + v15) | 0; v7 ^= v11; v7 = (v7 >>> 7) | (v7 << 25);
  v0 = (v0 + v5 + m1) | 0; v15 ^= v0; v15 = (v15 >>> 16) | (v15 << 16);
  v10 = (v10 + v15) | 0; v5 ^= v10; v5 = (v5 >>> 12) | (v5 << 20);
  v0 = (v0 + v5) | 0; v15 ^= v0; v15 = (v15 >>> 8) | (v15 << 24);
  v10 = (v10 + v15) | 0; v5 ^= v10; v5 = (v5 >>> 7) | (v5 << 25);
  v1 = (v1 + v6) | 0; v12 ^= v1; v12 = (v12 >>> 16) | (v12 << 16);
  v11 = (v11 + v12) | 0; v6 ^= v11; v6 = (v6 >>> 12) | (v6 << 20);
  v1 = (v1 + v6 + m5) | 0; v12 ^= v1; v12 = (v12 >>> 8) | (v12 << 24);
  v11 = (v11 + v12) | 0; v6 ^= v11; v6 = (v6 >>> 7) | (v6 << 25);
  v2 = (v2 + v7) | 0; v13 ^= v2; v13 = (v13 >>> 16) | (v13 << 16);
  v8 = (v8 + v13) | 0; v7 ^= v8; v7 = (v7 >>> 12) | (v7 << 20);
  v2 = (v2 + v7) | 0; v13 ^= v2; v13 = (v13 >>> 8) | (v13 << 24);
  v8 = (v8 + v13) | 0; v7 ^= v8; v7 = (v7 >>> 7) | (v7 << 25);
  v3 = (v3 + v4) | 0; v14 ^= v3; v14 = (v14 >>> 16) | (v14 << 16);
  v9 = (v9 + v14) | 0; v4 ^= v9; v4 = (v4 >>> 12) | (v4 << 20);
  v3 = (v3 + v4) | 0; v14 ^= v3; v14 = (v14 >>> 8) | (v14 << 24);
  v9 = (v9 + v14) | 0; v4 ^= v9; v4 = (v4 >>> 7) | (v4 << 25);
  // round 3
  v0 = (v0 + v4 + m3) | 0; v12 ^= v0; v12 = (v12 >>> 16) | (v12 << 16);
  v8 = (v8 + v12) | 0; v4 ^= v8; v4 = (v4 >>> 12) | (v4 << 20);
  v0 = (v0 + v4 + m4) | 0; v12 ^= v0; v12 = (v12 >>> 8) | (v12 << 24);
  v8 = (v8 + v12) | 0; v4 ^= v8; v4 = (v4 >>> 7) | (v4 << 25);
  v1 = (v1 + v5) | 0; v13 ^= v1; v13 = (v13 >>> 16) | (v13 << 16);
  v9 = (v9 + v13) | 0; v5 ^= v9; v5 = (v5 >>> 12) | (v5 << 20);
  v1 = (v1 + v5) | 0; v13 ^= v1; v13 = (v13 >>> 8) | (v13 << 24);
  v9 = (v9 + v13) | 0; v5 ^= v9; v5 = (v5 >>> 7) | (v5 << 25);
  v2 = (v2 + v6) | 0; v14 ^= v2; v14 = (v14 >>> 16) | (v14 << 16);
  v10 = (v10 + v14) | 0; v6 ^= v10; v6 = (v6 >>> 12) | (v6 << 20);
  v2 = (v2 + v6 + m2) | 0; v14 ^= v2; v14 = (v14 >>> 8) | (v14 << 24);
  v10 = (v10 + v14) | 0; v6 ^= v10; v6 = (v6 >>> 7) | (v6 << 25);
  v3 = (v3 + v7) | 0; v15 ^= v3; v15 = (v15 >>> 16) | (v15 << 16);
  v11 = (v11 + v15) | 0; v7 ^= v11; v7 = (v7 >>> 12) | (v7 << 20);
  v3 = (v3 + v7) | 0; v15 ^= v3; v15 = (v15 >>> 8) | (v15 << 24);
  v11 = (v11 + v15) | 0; v7 ^= v11; v7 = (v7 >>> 7) | (v7 << 25);
  v0 = (v0 + v5) | 0; v15 ^= v0; v15 = (v15 >>> 16) | (v15 << 16);
  v10 = (v10 + v15) | 0; v5 ^= v10; v5 = (v5 >>> 12) | (v5 << 20);
  v0 = (v0 + v5 + m5) | 0; v15 ^= v0; v15 = (v15 >>> 8) | (v15 << 24);
  v10 = (v10 + v15) | 0; v5 ^= v10; v5 = (v5 >>> 7) | (v5 << 25);
  v1 = (v1 + v6) | 0; v12 ^= v1; v12 = (v12 >>> 16) | (v12 << 16);
  v11 = (v11 + v12) | 0; v6 ^= v11; v6 = (v6 >>> 12) | (v6 << 20);
  v1 = (v1 + v6 + m0) | 0; v12 ^= v1; v12 = (v12 >>> 8) | (v12 << 24);
  v11 = (v11 + v12) | 0; v6 ^= v11; v6 = (v6 >>> 7) | (v6 << 25);
  v2 = (v2 + v7) | 0; v13 ^= v2; v13 = (v13 >>> 16) | (v13 << 16);
  v8 = (v8 + v13) | 0; v7 ^= v8; v7 = (v7 >>> 12) | (v7 << 20);
  v2 = (v2 + v7) | 0; v13 ^= v2; v13 = (v13 >>> 8) | (v13 << 24);
  v8 = (v8 + v13) | 0; v7 ^= v8; v7 = (v7 >>> 7) | (v7 << 25);
  v3 = (v3 + v4) | 0; v14 ^= v3; v14 = (v14 >>> 16) | (v14 << 16);
  v9 = (v9 + v14) | 0; v4 ^= v9; v4 = (v4 >>> 12) | (v4 << 20);
  v3 = (v3 + v4 + m1) | 0; v14 ^= v3; v14 = (v14 >>> 8) | (v14 << 24);
  v9 = (v9 + v14) | 0; v4 ^= v9; v4 = (v4 >>> 7) | (v4 << 25);
  // round 4
  v0 = (v0 + v4) | 0; v12 ^= v0; v12 = (v12 >>> 16) | (v12 << 16);
  v8 = (v8 + v12) | 0; v4 ^= v8; v4 = (v4 >>> 12) | (v4 << 20);
  v0 = (v0 + v4) | 0; v12 ^= v0; v12 = (v12 >>> 8) | (v12 << 24);
  v8 = (v8 + v12) | 0; v4 ^= v8; v4 = (v4 >>> 7) | (v4 << 25);
  v1 = (v1 + v5) | 0; v13 ^= v1; v13 = (v13 >>> 16) | (v13 << 16);
  v9 = (v9 + v13) | 0; v5 ^= v9; v5 = (v5 >>> 12) | (v5 << 20);
  v1 = (v1 + v5) | 0; v13 ^= v1; v13 = (v13 >>> 8) | (v13 << 24);
  v9 = (v9 + v13) | 0; v5 ^= v9; v5 = (v5 >>> 7) | (v5 << 25);
  v2 = (v2 + v6) | 0; v14 ^= v2; v14 = (v14 >>> 16) | (v14 << 16);
  v10 = (v10 + v14) | 0; v6 ^= v10; v6 = (v6 >>> 12) | (v6 << 20);
  v2 = (v2 + v6 + m3) | 0; v14 ^= v2; v14 = (v14 >>> 8) | (v14 << 24);
  v10 = (v10 + v14) | 0; v6 ^= v10; v6 = (v6 >>> 7) | (v6 << 25);
  v3 = (v3 + v7) | 0; v15 ^= v3; v15 = (v15 >>> 16) | (v15 << 16);
  v11 = (v11 + v15) | 0; v7 ^= v11; v7 = (v7 >>> 12) | (v7 << 20);
  v3 = (v3 + v7) | 0; v15 ^= v3; v15 = (v15 >>> 8) | (v15 << 24);
  v11 = (v11 + v15) | 0; v7 ^= v11; v7 = (v7 >>> 7) | (v7 << 25);
  v0 = (v0 + v5 + m4) | 0; v15 ^= v0; v15 = (v15 >>> 16) | (v15 << 16);
  v10 = (v10 + v15) | 0; v5 ^= v10; v5 = (v5 >>> 12) | (v5 << 20);
  v0 = (v0 + v5 + m0) | 0; v15 ^= v0; v15 = (v15 >>> 8) | (v15 << 24);
  v10 = (v10 + v15) | 0; v5 ^= v10; v5 = (v5 >>> 7) | (v5 << 25);
  v1 = (v1 + v6) | 0; v12 ^= v1; v12 = (v12 >>> 16) | (v12 << 16);
  v11 = (v11 + v12) | 0; v6 ^= v11; v6 = (v6 >>> 12) | (v6 << 20);
  v1 = (v1 + v6 + m2) | 0; v12 ^= v1; v12 = (v12 >>> 8) | (v12 << 24);
  v11 = (v11 + v12) | 0; v6 ^= v11; v6 = (v6 >>> 7) | (v6 << 25);
  v2 = (v2 + v7 + m5) | 0; v13 ^= v2; v13 = (v13 >>> 16) | (v13 << 16);
  v8 = (v8 + v13) | 0; v7 ^= v8; v7 = (v7 >>> 12) | (v7 << 20);
  v2 = (v2 + v7) | 0; v13 ^= v2; v13 = (v13 >>> 8) | (v13 << 24);
  v8 = (v8 + v13) | 0; v7 ^= v8; v7 = (v7 >>> 7) | (v7 << 25);
  v3 = (v3 + v4 + m1) | 0; v14 ^= v3; v14 = (v14 >>> 16) | (v14 << 16);
  v9 = (v9 + v14) | 0; v4 ^= v9; v4 = (v4 >>> 12) | (v4 << 20);
  v3 = (v3 + v4) | 0; v14 ^= v3; v14 = (v14 >>> 8) | (v14 << 24);
  v9 = (v9 + v14) | 0; v4 ^= v9; v4 = (v4 >>> 7) | (v4 << 25);
  // round 5
  v0 = (v0 + v4) | 0; v12 ^= v0; v12 = (v12 >>> 16) | (v12 << 16);
  v8 = (v8 + v12) | 0; v4 ^= v8; v4 = (v4 >>> 12) | (v4 << 20);
  v0 = (v0 + v4) | 0; v12 ^= v0; v12 = (v12 >>> 8) | (v12 << 24);
  v8 = (v8 + v12) | 0; v4 ^= v8; v4 = (v4 >>> 7) | (v4 << 25);
  v1 = (v1 + v5) | 0; v13 ^= v1; v13 = (v13 >>> 16) | (v13 << 16);
  v9 = (v9 + v13) | 0; v5 ^= v9; v5 = (v5 >>> 12) | (v5 << 20);
  v1 = (v1 + v5) | 0; v13 ^= v1; v13 = (v13 >>> 8) | (v13 << 24);
  v9 = (v9 + v13) | 0; v5 ^= v9; v5 = (v5 >>> 7) | (v5 << 25);
  v2 = (v2 + v6) | 0; v14 ^= v2; v14 = (v14 >>> 16) | (v14 << 16);
  v10 = (v10 + v14) | 0; v6 ^= v10; v6 = (v6 >>> 12) | (v6 << 20);
  v2 = (v2 + v6) | 0; v14 ^= v2; v14 = (v14 >>> 8) | (v14 << 24);
  v10 = (v10 + v14) | 0; v6 ^= v10; v6 = (v6 >>> 7) | (v6 << 25);
  v3 = (v3 + v7) | 0; v15 ^= v3; v15 = (v15 >>> 16) | (v15 << 16);
  v11 = (v11 + v15) | 0; v7 ^= v11; v7 = (v7 >>> 12) | (v7 << 20);
  v3 = (v3 + v7) | 0; v15 ^= v3; v15 = (v15 >>> 8) | (v15 << 24);
  v11 = (v11 + v15) | 0; v7 ^= v11; v7 = (v7 >>> 7) | (v7 << 25);
  v0 = (v0 + v5) | 0; v15 ^= v0; v15 = (v15 >>> 16) | (v15 << 16);
  v10 = (v10 + v15) | 0; v5 ^= v10; v5 = (v5 >>> 12) | (v5 << 20);
  v0 = (v0 + v5 + m2) | 0; v15 ^= v0; v15 = (v15 >>> 8) | (v15 << 24);
  v10 = (v10 + v15) | 0; v5 ^= v10; v5 = (v5 >>> 7) | (v5 << 25);
  v1 = (v1 + v6 + m5) | 0; v12 ^= v1; v12 = (v12 >>> 16) | (v12 << 16);
  v11 = (v11 + v12) | 0; v6 ^= v11; v6 = (v6 >>> 12) | (v6 << 20);
  v1 = (v1 + v6 + m3) | 0; v12 ^= v1; v12 = (v12 >>> 8) | (v12 << 24);
  v11 = (v11 + v12) | 0; v6 ^= v11; v6 = (v6 >>> 7) | (v6 << 25);
  v2 = (v2 + v7 + m0) | 0; v13 ^= v2; v13 = (v13 >>> 16) | (v13 << 16);
  v8 = (v8 + v13) | 0; v7 ^= v8; v7 = (v7 >>> 12) | (v7 << 20);
  v2 = (v2 + v7 + m1) | 0; v13 ^= v2; v13 = (v13 >>> 8) | (v13 << 24);
  v8 = (v8 + v13) | 0; v7 ^= v8; v7 = (v7 >>> 7) | (v7 << 25);
  v3 = (v3 + v4) | 0; v14 ^= v3; v14 = (v14 >>> 16) | (v14 << 16);
  v9 = (v9 + v14) | 0; v4 ^= v9; v4 = (v4 >>> 12) | (v4 << 20);
  v3 = (v3 + v4 + m4) | 0; v14 ^= v3; v14 = (v14 >>> 8) | (v14 << 24);
  v9 = (v9 + v14) | 0; v4 ^= v9; v4 = (v4 >>> 7) | (v4 << 25);
  // round 6
  v0 = (v0 + v4) | 0; v12 ^= v0; v12 = (v12 >>> 16) | (v12 << 16);
  v8 = (v8 + v12) | 0; v4 ^= v8; v4 = (v4 >>> 12) | (v4 << 20);
  v0 = (v0 + v4) | 0; v12 ^= v0; v12 = (v12 >>> 8) | (v12 << 24);
  v8 = (v8 + v12) | 0; v4 ^= v8; v4 = (v4 >>> 7) | (v4 << 25);
  v1 = (v1 + v5) | 0; v13 ^= v1; v13 = (v13 >>> 16) | (v13 << 16);
  v9 = (v9 + v13) | 0; v5 ^= v9; v5 = (v5 >>> 12) | (v5 << 20);
  v1 = (v1 + v5 + m5) | 0; v13 ^= v1; v13 = (v13 >>> 8) | (v13 << 24);
  v9 = (v9 + v13) | 0; v5 ^= v9; v5 = (v5 >>> 7) | (v5 << 25);
  v2 = (v2 + v6) | 0; v14 ^= v2; v14 = (v14 >>> 16) | (v14 << 16);
  v10 = (v10 + v14) | 0; v6 ^= v10; v6 = (v6 >>> 12) | (v6 << 20);
  v2 = (v2 + v6) | 0; v14 ^= v2; v14 = (v14 >>> 8) | (v14 << 24);
  v10 = (v10 + v14) | 0; v6 ^= v10; v6 = (v6 >>> 7) | (v6 << 25);
  v3 = (v3 + v7) | 0; v15 ^= v3; v15 = (v15 >>> 16) | (v15 << 16);
  v11 = (v11 + v15) | 0; v7 ^= v11; v7 = (v7 >>> 12) | (v7 << 20);
  v3 = (v3 + v7 + m1) | 0; v15 ^= v3; v15 = (v15 >>> 8) | (v15 << 24);
  v11 = (v11 + v15) | 0; v7 ^= v11; v7 = (v7 >>> 7) | (v7 << 25);
  v0 = (v0 + v5) | 0; v15 ^= v0; v15 = (v15 >>> 16) | (v15 << 16);
  v10 = (v10 + v15) | 0; v5 ^= v10; v5 = (v5 >>> 12) | (v5 << 20);
  v0 = (v0 + v5 + m3) | 0; v15 ^= v0; v15 = (v15 >>> 8) | (v15 << 24);
  v10 = (v10 + v15) | 0; v5 ^= v10; v5 = (v5 >>> 7) | (v5 << 25);
  v1 = (v1 + v6 + m0) | 0; v12 ^= v1; v12 = (v12 >>> 16) | (v12 << 16);
  v11 = (v11 + v12) | 0; v6 ^= v11; v6 = (v6 >>> 12) | (v6 << 20);
  v1 = (v1 + v6) | 0; v12 ^= v1; v12 = (v12 >>> 8) | (v12 << 24);
  v11 = (v11 + v12) | 0; v6 ^= v11; v6 = (v6 >>> 7) | (v6 << 25);
  v2 = (v2 + v7 + m2) | 0; v13 ^= v2; v13 = (v13 >>> 16) | (v13 << 16);
  v8 = (v8 + v13) | 0; v7 ^= v8; v7 = (v7 >>> 12) | (v7 << 20);
  v2 = (v2 + v7) | 0; v13 ^= v2; v13 = (v13 >>> 8) | (v13 << 24);
  v8 = (v8 + v13) | 0; v7 ^= v8; v7 = (v7 >>> 7) | (v7 << 25);
  v3 = (v3 + v4 + m4) | 0; v14 ^= v3; v14 = (v14 >>> 16) | (v14 << 16);
  v9 = (v9 + v14) | 0; v4 ^= v9; v4 = (v4 >>> 12) | (v4 << 20);
  v3 = (v3 + v4) | 0; v14 ^= v3; v14 = (v14 >>> 8) | (v14 << 24);
  v9 = (v9 + v14) | 0; v4 ^= v9; v4 = (v4 >>> 7) | (v4 << 25);
  // round 7
  v0 = (v0 + v4) | 0; v12 ^= v0; v12 = (v12 >>> 16) | (v12 << 16);
  v8 = (v8 + v12) | 0; v4 ^= v8; v4 = (v4 >>> 12) | (v4 << 20);
  v0 = (v0 + v4) | 0; v12 ^= v0; v12 = (v12 >>> 8) | (v12 << 24);
  v8 = (v8 + v12) | 0; v4 ^= v8; v4 = (v4 >>> 7) | (v4 << 25);
  v1 = (v1 + v5 + m5) | 0; v13 ^= v1; v13 = (v13 >>> 16) | (v13 << 16);
  v9 = (v9 + v13) | 0; v5 ^= v9; v5 = (v5 >>> 12) | (v5 << 20);
  v1 = (v1 + v5 + m0) | 0; v13 ^= v1; v13 = (v13 >>> 8) | (v13 << 24);
  v9 = (v9 + v13) | 0; v5 ^= v9; v5 = (v5 >>> 7) | (v5 << 25);
  v2 = (v2 + v6 + m1) | 0; v14 ^= v2; v14 = (v14 >>> 16) | (v14 << 16);
  v10 = (v10 + v14) | 0; v6 ^= v10; v6 = (v6 >>> 12) | (v6 << 20);
  v2 = (v2 + v6) | 0; v14 ^= v2; v14 = (v14 >>> 8) | (v14 << 24);
  v10 = (v10 + v14) | 0; v6 ^= v10; v6 = (v6 >>> 7) | (v6 << 25);
  v3 = (v3 + v7) | 0; v15 ^= v3; v15 = (v15 >>> 16) | (v15 << 16);
  v11 = (v11 + v15) | 0; v7 ^= v11; v7 = (v7 >>> 12) | (v7 << 20);
  v3 = (v3 + v7) | 0; v15 ^= v3; v15 = (v15 >>> 8) | (v15 << 24);
  v11 = (v11 + v15) | 0; v7 ^= v11; v7 = (v7 >>> 7) | (v7 << 25);
  v0 = (v0 + v5) | 0; v15 ^= v0; v15 = (v15 >>> 16) | (v15 << 16);
  v10 = (v10 + v15) | 0; v5 ^= v10; v5 = (v5 >>> 12) | (v5 << 20);
  v0 = (v0 + v5) | 0; v15 ^= v0; v15 = (v15 >>> 8) | (v15 << 24);
  v10 = (v10 + v15) | 0; v5 ^= v10; v5 = (v5 >>> 7) | (v5 << 25);
  v1 = (v1 + v6 + m2) | 0; v12 ^= v1; v12 = (v12 >>> 16) | (v12 << 16);
  v11 = (v11 + v12) | 0; v6 ^= v11; v6 = (v6 >>> 12) | (v6 << 20);
  v1 = (v1 + v6) | 0; v12 ^= v1; v12 = (v12 >>> 8) | (v12 << 24);
  v11 = (v11 + v12) | 0; v6 ^= v11; v6 = (v6 >>> 7) | (v6 << 25);
  v2 = (v2 + v7 + m3) | 0; v13 ^= v2; v13 = (v13 >>> 16) | (v13 << 16);
  v8 = (v8 + v13) | 0; v7 ^= v8; v7 = (v7 >>> 12) | (v7 << 20);
  v2 = (v2 + v7 + m4) | 0; v13 ^= v2; v13 = (v13 >>> 8) | (v13 << 24);
  v8 = (v8 + v13) | 0; v7 ^= v8; v7 = (v7 >>> 7) | (v7 << 25);
  v3 = (v3 + v4) | 0; v14 ^= v3; v14 = (v14 >>> 16) | (v14 << 16);
  v9 = (v9 + v14) | 0; v4 ^= v9; v4 = (v4 >>> 12) | (v4 << 20);
  v3 = (v3 + v4) | 0; v14 ^= v3; v14 = (v14 >>> 8) | (v14 << 24);
  v9 = (v9 + v14) | 0; v4 ^= v9; v4 = (v4 >>> 7) | (v4 << 25);
  out[o] = v0 ^ v8;
  out[o + 1] = v1 ^ v9;
  out[o + 2] = v2 ^ v10;
  out[o + 3] = v3 ^ v11;
}

function words(b: Uint8Array): Uint32Array {
  if (b.byteOffset % 4 === 0) return new Uint32Array(b.buffer, b.byteOffset, b.length >> 2);
  return new Uint32Array(b.slice().buffer);
}

/** out[16j..16j+16) = first 16 bytes of BLAKE3(blocks[16j..16j+16) ‖ u64le(firstIndex + j)), for j < blocks.length/16. */
export function tccrHashJs(blocks: Uint8Array, firstIndex: bigint, out: Uint8Array): void {
  const n = blocks.length >> 4;
  const inW = words(blocks);
  const aligned = out.byteOffset % 4 === 0;
  const outW = aligned ? new Uint32Array(out.buffer, out.byteOffset, 4 * n) : new Uint32Array(4 * n);
  // the index's two 32-bit halves; the low half counts up, carrying into the high half
  let lo = Number(firstIndex & 0xffffffffn);
  let hi = Number((firstIndex >> 32n) & 0xffffffffn);
  for (let j = 0; j < n; j++) {
    compress24(inW[4 * j]!, inW[4 * j + 1]!, inW[4 * j + 2]!, inW[4 * j + 3]!, lo, hi, outW, 4 * j);
    if (++lo === 0x100000000) {
      lo = 0;
      hi = (hi + 1) >>> 0;
    }
  }
  if (!aligned) out.set(new Uint8Array(outW.buffer));
}

/** tccrHash through @noble/hashes' BLAKE3: the test oracle. */
export function tccrHashNoble(blocks: Uint8Array, firstIndex: bigint, out: Uint8Array): void {
  const input = new Uint8Array(INPUT_BYTES);
  const dv = new DataView(input.buffer);
  for (let j = 0; 16 * j < blocks.length; j++) {
    input.set(blocks.subarray(16 * j, 16 * j + 16), 0);
    dv.setBigUint64(16, BigInt.asUintN(64, firstIndex + BigInt(j)), true);
    out.set(blake3(input, { dkLen: 16 }), 16 * j);
  }
}

/**
 * Transpose a bit matrix of 128 rows × n columns (row r = rows[r·n/8 .. (r+1)·n/8), bit c of a row
 * = byte c>>3, bit c&7) into n rows of 128 bits (out[16c .. 16c+16), bit r = byte r>>3, bit r&7).
 * n is a multiple of 128.
 *
 * By 8×8 blocks: gather one byte from each of 8 rows, transpose the 64-bit block by three delta
 * swaps (Hacker's Delight §7-3) on its two 32-bit halves, scatter one byte to each of 8 outputs.
 */
export function transpose128Js(rows: Uint8Array, n: number, out: Uint8Array): void {
  const nb = n >> 3;
  for (let g = 0; g < 16; g++) {
    const r0 = 8 * g * nb;
    for (let b = 0; b < nb; b++) {
      const i0 = r0 + b;
      let lo = rows[i0]! | (rows[i0 + nb]! << 8) | (rows[i0 + 2 * nb]! << 16) | (rows[i0 + 3 * nb]! << 24);
      let hi = rows[i0 + 4 * nb]! | (rows[i0 + 5 * nb]! << 8) | (rows[i0 + 6 * nb]! << 16) | (rows[i0 + 7 * nb]! << 24);
      let t = (lo ^ (lo >>> 7)) & 0x00aa00aa;
      lo ^= t ^ (t << 7);
      t = (hi ^ (hi >>> 7)) & 0x00aa00aa;
      hi ^= t ^ (t << 7);
      t = (lo ^ (lo >>> 14)) & 0x0000cccc;
      lo ^= t ^ (t << 14);
      t = (hi ^ (hi >>> 14)) & 0x0000cccc;
      hi ^= t ^ (t << 14);
      t = (lo ^ (hi << 4)) & 0xf0f0f0f0;
      lo ^= t;
      hi ^= t >>> 4;
      const o = 16 * 8 * b + g;
      out[o] = lo;
      out[o + 16] = lo >>> 8;
      out[o + 32] = lo >>> 16;
      out[o + 48] = lo >>> 24;
      out[o + 64] = hi;
      out[o + 80] = hi >>> 8;
      out[o + 96] = hi >>> 16;
      out[o + 112] = hi >>> 24;
    }
  }
}
