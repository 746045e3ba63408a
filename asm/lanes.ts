/**
 * Kernels of the boolean circuits on lanes (src/mpc/protocols/semi2k/lanes.ts wraps this): XOR,
 * the Beaver AND's fused local combine, the even/odd split of each level of the comparison's
 * carry tree, and the carry tree's addends (low bits of 64-bit values, shifted).
 *
 * The JS side copies a chunk of each operand (at most CHUNK bytes) into the buffers below, calls
 * a kernel on it, and copies the output back; a chunk stays in L2 between the copies. Kernels work
 * 16 bytes at a time and may read and write up to 31 bytes past the chunk (the buffers have room):
 * only the bytes of the chunk are copied back.
 */

/** Bytes of input per chunk at most. */
export const CHUNK: i32 = 32768;
/** Buffers, each CHUNK bytes and a slack page. */
export const BUFFERS: i32 = 5;
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
 * Split `bytes` bytes of elements of bt bytes each (width 8·bt bits at most) at buffer 0 into the
 * bits at even and at odd positions, compacted: buffer 1 gets the even halves, buffer 2 the odd.
 * bt ≥ 4: 32-bit word j of an element gives half-word j of each output (bytes/2 bytes out);
 * bt = 2: one byte each (bytes/2 out); bt = 1: the low nibble of a byte each (bytes out).
 */
export function deinterleave(bytes: i32, bt: i32): void {
  const x = buffer(0), ev = buffer(1), od = buffer(2);
  if (bt === 1) {
    for (let o: usize = 0; o < <usize>bytes; o += 16) {
      const v = v128.load(x + o);
      v128.store(ev + o, even8(v));
      v128.store(od + o, even8(i32x4.shr_u(v, 1)));
    }
    return;
  }
  for (let o: usize = 0; o < <usize>bytes; o += 32) {
    const v = v128.load(x + o);
    const w = v128.load(x + o + 16);
    if (bt === 2) {
      v128.store(ev + (o >> 1), i8x16.narrow_i16x8_u(even16(v), even16(w)));
      v128.store(od + (o >> 1), i8x16.narrow_i16x8_u(even16(i16x8.shr_u(v, 1)), even16(i16x8.shr_u(w, 1))));
    } else {
      v128.store(ev + (o >> 1), i16x8.narrow_i32x4_u(even32(v), even32(w)));
      v128.store(od + (o >> 1), i16x8.narrow_i32x4_u(even32(i32x4.shr_u(v, 1)), even32(i32x4.shr_u(w, 1))));
    }
  }
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
