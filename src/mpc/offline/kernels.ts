/**
 * The two bulk kernels of OT extension, in plain TypeScript: the tweakable correlation-robust
 * hash and the 128-row bit-matrix transpose (preprocessing.md §2.2). A WebAssembly version with
 * exactly these signatures replaces them; these stay the reference it is checked against.
 *
 * tccrHash is BLAKE3 of one 24-byte input, computed by the BLAKE3 compression function on one
 * block (the whole hash of a one-block input is one compression): `tccrHashNoble` computes the
 * same with @noble/hashes and is the oracle of the tests; it is ~30× slower, because the general
 * hasher allocates per call.
 */
import { blake3 } from '@noble/hashes/blake3.js';

const IV = new Uint32Array([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);
const MSG_PERMUTATION = [2, 6, 3, 10, 7, 0, 4, 13, 1, 11, 12, 5, 9, 14, 15, 8];
/** SCHEDULE[16r + i]: the original message word that round r reads as its i-th word. */
const SCHEDULE = (() => {
  const s = new Uint8Array(7 * 16);
  let order = Array.from({ length: 16 }, (_, i) => i);
  for (let r = 0; r < 7; r++) {
    s.set(order, 16 * r);
    order = MSG_PERMUTATION.map((p) => order[p]!);
  }
  return s;
})();
/** BLAKE3 flags of the only block of a one-chunk input: CHUNK_START | CHUNK_END | ROOT. */
const FLAGS_ONE_BLOCK = 1 | 2 | 8;
const INPUT_BYTES = 24;

const v = new Uint32Array(16);
const m = new Uint32Array(16);

function g(a: number, b: number, c: number, d: number, x: number, y: number): void {
  let va = v[a]!, vb = v[b]!, vc = v[c]!, vd = v[d]!;
  va = (va + vb + x) | 0;
  vd ^= va;
  vd = (vd >>> 16) | (vd << 16);
  vc = (vc + vd) | 0;
  vb ^= vc;
  vb = (vb >>> 12) | (vb << 20);
  va = (va + vb + y) | 0;
  vd ^= va;
  vd = (vd >>> 8) | (vd << 24);
  vc = (vc + vd) | 0;
  vb ^= vc;
  vb = (vb >>> 7) | (vb << 25);
  v[a] = va;
  v[b] = vb;
  v[c] = vc;
  v[d] = vd;
}

/** The first 4 words of BLAKE3 of the 24 bytes in m[0..6) (m[6..16) = 0), into out at o. */
function compressOne(out: Uint32Array, o: number): void {
  v.set(IV, 0);
  v[8] = IV[0]!;
  v[9] = IV[1]!;
  v[10] = IV[2]!;
  v[11] = IV[3]!;
  v[12] = 0;
  v[13] = 0;
  v[14] = INPUT_BYTES;
  v[15] = FLAGS_ONE_BLOCK;
  for (let r = 0; r < 7; r++) {
    const s = 16 * r;
    g(0, 4, 8, 12, m[SCHEDULE[s]!]!, m[SCHEDULE[s + 1]!]!);
    g(1, 5, 9, 13, m[SCHEDULE[s + 2]!]!, m[SCHEDULE[s + 3]!]!);
    g(2, 6, 10, 14, m[SCHEDULE[s + 4]!]!, m[SCHEDULE[s + 5]!]!);
    g(3, 7, 11, 15, m[SCHEDULE[s + 6]!]!, m[SCHEDULE[s + 7]!]!);
    g(0, 5, 10, 15, m[SCHEDULE[s + 8]!]!, m[SCHEDULE[s + 9]!]!);
    g(1, 6, 11, 12, m[SCHEDULE[s + 10]!]!, m[SCHEDULE[s + 11]!]!);
    g(2, 7, 8, 13, m[SCHEDULE[s + 12]!]!, m[SCHEDULE[s + 13]!]!);
    g(3, 4, 9, 14, m[SCHEDULE[s + 14]!]!, m[SCHEDULE[s + 15]!]!);
  }
  out[o] = v[0]! ^ v[8]!;
  out[o + 1] = v[1]! ^ v[9]!;
  out[o + 2] = v[2]! ^ v[10]!;
  out[o + 3] = v[3]! ^ v[11]!;
}

function words(b: Uint8Array): Uint32Array {
  if (b.byteOffset % 4 === 0) return new Uint32Array(b.buffer, b.byteOffset, b.length >> 2);
  return new Uint32Array(b.slice().buffer);
}

/** out[16j..16j+16) = first 16 bytes of BLAKE3(blocks[16j..16j+16) ‖ u64le(firstIndex + j)), for j < blocks.length/16. */
export function tccrHash(blocks: Uint8Array, firstIndex: bigint, out: Uint8Array): void {
  const n = blocks.length >> 4;
  const inW = words(blocks);
  const aligned = out.byteOffset % 4 === 0;
  const outW = aligned ? new Uint32Array(out.buffer, out.byteOffset, 4 * n) : new Uint32Array(4 * n);
  m.fill(0);
  // the index's two 32-bit halves; the low half counts up, carrying into the high half
  let lo = Number(firstIndex & 0xffffffffn);
  let hi = Number((firstIndex >> 32n) & 0xffffffffn);
  for (let j = 0; j < n; j++) {
    m[0] = inW[4 * j]!;
    m[1] = inW[4 * j + 1]!;
    m[2] = inW[4 * j + 2]!;
    m[3] = inW[4 * j + 3]!;
    m[4] = lo;
    m[5] = hi;
    compressOne(outW, 4 * j);
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
export function transpose128(rows: Uint8Array, n: number, out: Uint8Array): void {
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
