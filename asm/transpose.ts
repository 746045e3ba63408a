/**
 * Bit-matrix transposes for OT extension (src/mpc/ring/bitTranspose.ts wraps this): 128 rows of
 * `cols` bits in, `cols` rows of 128 bits out. Bit c of a row is byte c>>3, bit c&7 (LSB first);
 * bit r of an output row (one column of the input) is likewise byte r>>3, bit r&7.
 *
 * The JS side writes the 128 input rows at IN, `stride` bytes apart, calls `transpose`, and copies
 * cols·16 bytes out of OUT. Per 128×128 block and band of 16 rows:
 *  1. load 16 rows of 128 bits and transpose them as a 16×16 matrix of bytes, so that vector k
 *     holds byte k of the 16 rows (four stages of byte interleaves, 64 shuffles);
 *  2. i8x16.bitmask of such a vector is bit 7 of those 16 bytes: column 8k+7 of the 16 rows,
 *     exactly the two bytes of output row 8k+7 for this band. Doubling the bytes (a shift left by
 *     one) brings bit 6 to the top, and so on down to bit 0.
 */

export const IN: usize = 0x0810;
/** Columns per call at most: 128 KiB in, 128 KiB out. */
export const MAX_COLS: i32 = 8192;
// A page between the buffers, and both half a page from the 4 KiB alignment of the caller's big
// ArrayBuffers (see src/mpc/ring/wasm/scratch.ts on "4K aliasing").
export const OUT: usize = IN + (<usize>MAX_COLS << 4) + 0x1000;

/** [p0, q0, p1, q1, ..., p7, q7]. */
@inline function zipLo(p: v128, q: v128): v128 {
  return i8x16.shuffle(p, q, 0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23);
}
/** [p8, q8, ..., p15, q15]. */
@inline function zipHi(p: v128, q: v128): v128 {
  return i8x16.shuffle(p, q, 8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31);
}

/**
 * Transpose 128 rows at IN (row r at IN + r·stride) of `cols` bits (a multiple of 128) into cols
 * rows of 16 bytes at OUT.
 *
 * The byte transpose: interleaving vectors 2j and 2j+1 into j (low halves) and j+8 (high halves)
 * moves the byte at (vector bits j3j2j1j0, byte bits k3k2k1k0) to (k3j3j2j1, k2k1k0j0); four such
 * stages take it to (bitrev k, bitrev j). So row bitrev(i) of the band is loaded into a_i, and
 * after the stages a_u holds byte bitrev(u) of the 16 rows, row i in byte i.
 */
export function transpose(stride: i32, cols: i32): void {
  for (let cb = 0; cb < cols >> 7; cb++) {
    for (let band = 0; band < 8; band++) {
      const p = IN + <usize>(band * 16 * stride + cb * 16);
      let a0 = v128.load(p + 0 * stride);
      let a1 = v128.load(p + 8 * stride);
      let a2 = v128.load(p + 4 * stride);
      let a3 = v128.load(p + 12 * stride);
      let a4 = v128.load(p + 2 * stride);
      let a5 = v128.load(p + 10 * stride);
      let a6 = v128.load(p + 6 * stride);
      let a7 = v128.load(p + 14 * stride);
      let a8 = v128.load(p + 1 * stride);
      let a9 = v128.load(p + 9 * stride);
      let a10 = v128.load(p + 5 * stride);
      let a11 = v128.load(p + 13 * stride);
      let a12 = v128.load(p + 3 * stride);
      let a13 = v128.load(p + 11 * stride);
      let a14 = v128.load(p + 7 * stride);
      let a15 = v128.load(p + 15 * stride);
      // Stage 1.
      let b0 = zipLo(a0, a1); let b8 = zipHi(a0, a1);
      let b1 = zipLo(a2, a3); let b9 = zipHi(a2, a3);
      let b2 = zipLo(a4, a5); let b10 = zipHi(a4, a5);
      let b3 = zipLo(a6, a7); let b11 = zipHi(a6, a7);
      let b4 = zipLo(a8, a9); let b12 = zipHi(a8, a9);
      let b5 = zipLo(a10, a11); let b13 = zipHi(a10, a11);
      let b6 = zipLo(a12, a13); let b14 = zipHi(a12, a13);
      let b7 = zipLo(a14, a15); let b15 = zipHi(a14, a15);
      // Stage 2.
      a0 = zipLo(b0, b1); a8 = zipHi(b0, b1);
      a1 = zipLo(b2, b3); a9 = zipHi(b2, b3);
      a2 = zipLo(b4, b5); a10 = zipHi(b4, b5);
      a3 = zipLo(b6, b7); a11 = zipHi(b6, b7);
      a4 = zipLo(b8, b9); a12 = zipHi(b8, b9);
      a5 = zipLo(b10, b11); a13 = zipHi(b10, b11);
      a6 = zipLo(b12, b13); a14 = zipHi(b12, b13);
      a7 = zipLo(b14, b15); a15 = zipHi(b14, b15);
      // Stage 3.
      b0 = zipLo(a0, a1); b8 = zipHi(a0, a1);
      b1 = zipLo(a2, a3); b9 = zipHi(a2, a3);
      b2 = zipLo(a4, a5); b10 = zipHi(a4, a5);
      b3 = zipLo(a6, a7); b11 = zipHi(a6, a7);
      b4 = zipLo(a8, a9); b12 = zipHi(a8, a9);
      b5 = zipLo(a10, a11); b13 = zipHi(a10, a11);
      b6 = zipLo(a12, a13); b14 = zipHi(a12, a13);
      b7 = zipLo(a14, a15); b15 = zipHi(a14, a15);
      // Stage 4.
      a0 = zipLo(b0, b1); a8 = zipHi(b0, b1);
      a1 = zipLo(b2, b3); a9 = zipHi(b2, b3);
      a2 = zipLo(b4, b5); a10 = zipHi(b4, b5);
      a3 = zipLo(b6, b7); a11 = zipHi(b6, b7);
      a4 = zipLo(b8, b9); a12 = zipHi(b8, b9);
      a5 = zipLo(b10, b11); a13 = zipHi(b10, b11);
      a6 = zipLo(b12, b13); a14 = zipHi(b12, b13);
      a7 = zipLo(b14, b15); a15 = zipHi(b14, b15);
      // a_u is byte k = bitrev(u) of the band's rows: its top bits are column 128·cb + 8k + 7,
      // whose output row is at OUT + 16·(128·cb + 8k + 7), this band's two bytes at + 2·band.
      let q = OUT + <usize>(cb * 2048 + 7 * 16 + band * 2);
      for (let bit = 7; bit >= 0; bit--) {
        store<u16>(q, i8x16.bitmask(a0), 0); a0 = i8x16.add(a0, a0);
        store<u16>(q, i8x16.bitmask(a1), 1024); a1 = i8x16.add(a1, a1);
        store<u16>(q, i8x16.bitmask(a2), 512); a2 = i8x16.add(a2, a2);
        store<u16>(q, i8x16.bitmask(a3), 1536); a3 = i8x16.add(a3, a3);
        store<u16>(q, i8x16.bitmask(a4), 256); a4 = i8x16.add(a4, a4);
        store<u16>(q, i8x16.bitmask(a5), 1280); a5 = i8x16.add(a5, a5);
        store<u16>(q, i8x16.bitmask(a6), 768); a6 = i8x16.add(a6, a6);
        store<u16>(q, i8x16.bitmask(a7), 1792); a7 = i8x16.add(a7, a7);
        store<u16>(q, i8x16.bitmask(a8), 128); a8 = i8x16.add(a8, a8);
        store<u16>(q, i8x16.bitmask(a9), 1152); a9 = i8x16.add(a9, a9);
        store<u16>(q, i8x16.bitmask(a10), 640); a10 = i8x16.add(a10, a10);
        store<u16>(q, i8x16.bitmask(a11), 1664); a11 = i8x16.add(a11, a11);
        store<u16>(q, i8x16.bitmask(a12), 384); a12 = i8x16.add(a12, a12);
        store<u16>(q, i8x16.bitmask(a13), 1408); a13 = i8x16.add(a13, a13);
        store<u16>(q, i8x16.bitmask(a14), 896); a14 = i8x16.add(a14, a14);
        store<u16>(q, i8x16.bitmask(a15), 1920); a15 = i8x16.add(a15, a15);
        q -= 16;
      }
    }
  }
}
