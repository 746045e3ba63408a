/**
 * Kernels of the boolean circuits on lanes (src/mpc/protocols/semi2k/lanes.ts wraps this): XOR,
 * the Beaver AND's fused local combine, a whole level of the comparison's carry tree before its
 * round (the even/odd split of P and G and both ANDs' messages), and the carry tree's addends (low bits of 64-bit values, shifted).
 *
 * The JS side copies a chunk of each operand (at most CHUNK bytes) into the buffers below, calls
 * a kernel on it, and copies the output back; a chunk stays in L2 between the copies. Kernels work
 * 16 bytes at a time and may read and write up to 31 bytes past the chunk (the buffers have room):
 * only the bytes of the chunk are copied back.
 */

/** Bytes of input per chunk at most. */
export const CHUNK: i32 = 32768;
/** Buffers, each CHUNK bytes and a slack page. */
export const BUFFERS: i32 = 11;
// Half a page from the 4 KiB alignment of the caller's big ArrayBuffers (see
// src/mpc/ring/wasm/scratch.ts on "4K aliasing").
const BASE: usize = 0x0810;
const STRIDE: usize = <usize>CHUNK + 0x1000;

/** Byte offset of buffer i (i ≤ BUFFERS: buffer BUFFERS is the end of the last one). */
export function buffer(i: i32): usize {
  return BASE + <usize>i * STRIDE;
}

/** buffer 2 ← buffer 0 ⊕ buffer 1, `bytes` bytes. */
export function xor(bytes: i32): void {
  const x = buffer(0), y = buffer(1), z = buffer(2);
  for (let o: usize = 0; o < <usize>bytes; o += 16) {
    v128.store(z + o, v128.xor(v128.load(x + o), v128.load(y + o)));
  }
}

/**
 * The local half of a Beaver AND: z ← z ⊕ (e ∧ b) ⊕ (d ∧ a), and ⊕ (e ∧ d) where withEd, for z, e,
 * d, a, b in buffers 0 … 4.
 */
export function andCombine(bytes: i32, withEd: i32): void {
  const z = buffer(0), e = buffer(1), d = buffer(2), a = buffer(3), b = buffer(4);
  const ed = i32x4.splat(withEd ? -1 : 0);
  for (let o: usize = 0; o < <usize>bytes; o += 16) {
    const ev = v128.load(e + o);
    const dv = v128.load(d + o);
    const t = v128.xor(v128.and(ev, v128.load(b + o)), v128.and(dv, v128.load(a + o)));
    v128.store(z + o, v128.xor(v128.load(z + o), v128.xor(t, v128.and(v128.and(ev, dv), ed))));
  }
}

/** The even bits of each 32-bit lane compacted into its low 16 bits. */
@inline function even32(v: v128): v128 {
  let x = v128.and(v, i32x4.splat(0x55555555));
  x = v128.and(v128.or(x, i32x4.shr_u(x, 1)), i32x4.splat(0x33333333));
  x = v128.and(v128.or(x, i32x4.shr_u(x, 2)), i32x4.splat(0x0f0f0f0f));
  x = v128.and(v128.or(x, i32x4.shr_u(x, 4)), i32x4.splat(0x00ff00ff));
  return v128.and(v128.or(x, i32x4.shr_u(x, 8)), i32x4.splat(0x0000ffff));
}

/** The even bits of each 16-bit lane compacted into its low 8 bits. */
@inline function even16(v: v128): v128 {
  let x = v128.and(v, i16x8.splat(0x5555));
  x = v128.and(v128.or(x, i16x8.shr_u(x, 1)), i16x8.splat(0x3333));
  x = v128.and(v128.or(x, i16x8.shr_u(x, 2)), i16x8.splat(0x0f0f));
  return v128.and(v128.or(x, i16x8.shr_u(x, 4)), i16x8.splat(0x00ff));
}

/** The even bits of each byte compacted into its low 4 bits (a shift across bytes is masked off). */
@inline function even8(v: v128): v128 {
  let x = v128.and(v, i32x4.splat(0x55555555));
  x = v128.and(v128.or(x, i32x4.shr_u(x, 1)), i32x4.splat(0x33333333));
  return v128.and(v128.or(x, i32x4.shr_u(x, 2)), i32x4.splat(0x0f0f0f0f));
}

/**
 * From n 64-bit values at buffer 0: bit l of each as one byte (0 or 1) at buffer 1, and its low l
 * bits shifted left by pad as elements of bt bytes at buffer 2 (l < 64, l + pad ≤ 8·bt ≤ 64).
 */
export function lowBitsShifted(n: i32, l: i32, pad: i32, bt: i32): void {
  const x = buffer(0), bits = buffer(1), out = buffer(2);
  const mask: u64 = (<u64>1 << <u64>l) - 1;
  for (let i: usize = 0; i < <usize>n; i++) {
    const v = load<u64>(x + (i << 3));
    store<u8>(bits + i, <u8>((v >> <u64>l) & 1));
    const s = (v & mask) << <u64>pad;
    if (bt === 8) store<u64>(out + (i << 3), s);
    else if (bt === 4) store<u32>(out + (i << 2), <u32>s);
    else if (bt === 2) store<u16>(out + (i << 1), <u16>s);
    else store<u8>(out + i, <u8>s);
  }
}

/**
 * The even (shift 0) or odd (shift 1) bits of 16 bytes of input elements of bt bytes at p, bt = 1,
 * or of 32 bytes for bt ≥ 2, compacted to 16 bytes: for bt ≥ 4, 32-bit word j of an element gives
 * half-word j; for bt = 2, one byte per element; for bt = 1, the low nibble of each byte.
 */
function halfOf(p: usize, bt: i32, shift: i32): v128 {
  if (bt === 1) return even8(i32x4.shr_u(v128.load(p), shift));
  if (bt === 2) return i8x16.narrow_i16x8_u(even16(i16x8.shr_u(v128.load(p), shift)), even16(i16x8.shr_u(v128.load(p + 16), shift)));
  return i16x8.narrow_i32x4_u(even32(i32x4.shr_u(v128.load(p), shift)), even32(i32x4.shr_u(v128.load(p + 16), shift)));
}

/**
 * One level of the carry tree before its round, for `bytes` bytes of P (buffer 0) and G (buffer
 * 1) in elements of bt bytes, with the two AND triples' halves at width/2 (a1, b1, a2, b2: buffers
 * 2 … 5): the P AND's message Po ⊕ a1, Pe ⊕ b1 (buffers 6, 7; only where needP), the G AND's
 * Po ⊕ a2, Ge ⊕ b2 (buffers 8, 9), and Go, for after the round (buffer 10).
 */
export function level(bytes: i32, bt: i32, needP: i32): void {
  const P = buffer(0), G = buffer(1), a1 = buffer(2), b1 = buffer(3), a2 = buffer(4), b2 = buffer(5);
  const e1 = buffer(6), d1 = buffer(7), e2 = buffer(8), d2 = buffer(9), go = buffer(10);
  const step: usize = bt === 1 ? 16 : 32;
  let h: usize = 0;
  for (let o: usize = 0; o < <usize>bytes; o += step) {
    const po = halfOf(P + o, bt, 1);
    if (needP) {
      v128.store(e1 + h, v128.xor(po, v128.load(a1 + h)));
      v128.store(d1 + h, v128.xor(halfOf(P + o, bt, 0), v128.load(b1 + h)));
    }
    v128.store(e2 + h, v128.xor(po, v128.load(a2 + h)));
    v128.store(d2 + h, v128.xor(halfOf(G + o, bt, 0), v128.load(b2 + h)));
    v128.store(go + h, halfOf(G + o, bt, 1));
    h += 16;
  }
}
