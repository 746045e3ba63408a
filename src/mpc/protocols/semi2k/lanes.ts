/**
 * XOR-shared values of nbits bits kept in their wire layout: element i in backtype(nbits) bytes,
 * little-endian, at bytes i·bt … i·bt + bt − 1 of a Uint8Array ("lanes"). Boolean circuits (the
 * comparison's carry tree) run on lanes from the first AND to the last, so an opening sends the
 * array as it is and XORs what arrives straight into it: no packing, unpacking, concatenation or
 * slicing per round, and a 64-bit value takes 8 bytes instead of a 16-byte FM128 element.
 *
 * The kernels are WebAssembly (asm/lanes.ts, 16 bytes per instruction): each call streams its
 * operands through the module's memory a chunk at a time (copies are memcpy; a chunk stays in
 * L2), so any Uint8Array works, aligned or not, a frame's payload included. Nothing here boxes a
 * BigInt or runs a loop per element in JS.
 *
 * Large lane arrays come from a pool (allocLanes / releaseLanes): on this VM the first touch of
 * every fresh 4 KiB page costs ~12 µs, more than the kernels' work on it, and engines unmap large
 * ArrayBuffers when they are collected, so a fresh array per AND would pay that again and again.
 */
import { MpcError } from '../../errors';
import { pace } from '../../pace';
import { backtypeBytes } from '../../ring';
import { instantiateSized } from '../../ring/wasm/instantiate';
import { LANES_WASM } from '../../ring/wasm/lanes.wasm';

interface LanesKernel {
  readonly CHUNK: { readonly value: number };
  readonly BUFFERS: { readonly value: number };
  buffer(i: number): number;
  xor(bytes: number): void;
  andCombine(bytes: number, withEd: number): void;
  level(bytes: number, bt: number, needP: number): void;
  lowBitsShifted(n: number, l: number, pad: number, bt: number): void;
}

const { kernel, mem } = instantiateSized<LanesKernel>(LANES_WASM, (k) => k.buffer(k.BUFFERS.value));
const CHUNK = kernel.CHUNK.value;
const B = Array.from({ length: kernel.BUFFERS.value }, (_, i) => kernel.buffer(i));
const [B0, B1, B2, B3, B4] = B as [number, number, number, number, number];

/** Arrays below this many bytes are not pooled: the allocator reuses small blocks by itself. */
const POOL_MIN_BYTES = 1 << 16;
/**
 * The free buffers the pool keeps at most, in bytes; the least recently returned go first. Kept
 * small: a buffer held here is one the system allocator cannot hand to anything else (measured in
 * Node: 256 MiB held more pages than it saved; BENCHMARKS.md #16 boolean lanes in wasm).
 */
const POOL_MAX_BYTES = 64 << 20;
/** Free buffers, least recently returned first. */
const pool: ArrayBuffer[] = [];
/** Buffers allocLanes made (only these go back to the pool), and those in the pool now. */
const made = new WeakSet<ArrayBuffer>();
const free = new WeakSet<ArrayBuffer>();
let pooledBytes = 0;

/** The smallest free buffer of `size` to 2·size bytes (a view of its start serves), or null. */
function fromPool(size: number): ArrayBuffer | null {
  if (size < POOL_MIN_BYTES) return null;
  let best = -1;
  for (let i = 0; i < pool.length; i++) {
    const len = pool[i]!.byteLength;
    if (len >= size && len <= 2 * size && (best < 0 || len < pool[best]!.byteLength)) best = i;
  }
  if (best < 0) return null;
  const buf = pool.splice(best, 1)[0]!;
  free.delete(buf);
  pooledBytes -= buf.byteLength;
  return buf;
}

/** A new buffer of `size` bytes (zeroed, as every new ArrayBuffer), pooled when released if large. */
function freshBuffer(size: number): ArrayBuffer {
  const buf = new ArrayBuffer(size);
  if (size >= POOL_MIN_BYTES) made.add(buf);
  return buf;
}

/** A lane array of `bytes` bytes (buffer padded to a multiple of 4) whose contents are unspecified: for outputs written in full. */
export function uninitLanes(bytes: number): Uint8Array {
  const size = (bytes + 3) & ~3;
  return new Uint8Array(fromPool(size) ?? freshBuffer(size), 0, bytes);
}

/** A zeroed lane array of `bytes` bytes whose buffer is padded to a multiple of 4. */
export function allocLanes(bytes: number): Uint8Array {
  const size = (bytes + 3) & ~3;
  const pooled = fromPool(size);
  // a fresh buffer is zero already: writing zeros would only touch its pages early
  return pooled ? new Uint8Array(pooled, 0, bytes).fill(0) : new Uint8Array(freshBuffer(size), 0, bytes);
}

/**
 * Give lane arrays back to the pool once nothing reads them any more. Arrays that allocLanes did
 * not make (views, a frame's payload, packed ring words) are left alone, so a caller may pass
 * whatever it is done with.
 */
export function releaseLanes(...xs: Uint8Array[]): void {
  for (const x of xs) {
    const buf = x.buffer as ArrayBuffer;
    if (x.byteOffset !== 0 || !made.has(buf) || free.has(buf)) continue;
    pool.push(buf);
    free.add(buf);
    pooledBytes += buf.byteLength;
  }
  while (pooledBytes > POOL_MAX_BYTES) {
    const old = pool.shift()!;
    free.delete(old);
    pooledBytes -= old.byteLength;
  }
}

function checkLength(op: string, len: number, ...xs: Uint8Array[]): void {
  for (const x of xs) {
    if (x.length !== len) throw new MpcError('ERR_SHAPE', `${op}: lane arrays of ${len} and ${x.length} bytes`);
  }
}

/** out ← x ⊕ y (out may be x or y, or a view of a larger array). */
export function xorLanesTo(out: Uint8Array, x: Uint8Array, y: Uint8Array): void {
  checkLength('xor lanes', out.length, x, y);
  for (let o = 0; o < out.length; o += CHUNK) {
    const e = Math.min(out.length, o + CHUNK);
    mem.set(x.subarray(o, e), B0);
    mem.set(y.subarray(o, e), B1);
    kernel.xor(e - o);
    out.set(mem.subarray(B2, B2 + e - o), o);
    pace();
  }
}

/** dst ← dst ⊕ src. */
export function xorLanesInto(dst: Uint8Array, src: Uint8Array): void {
  xorLanesTo(dst, dst, src);
}

/** x ⊕ y, a new lane array. */
export function xorLanes(x: Uint8Array, y: Uint8Array): Uint8Array {
  const out = uninitLanes(x.length);
  xorLanesTo(out, x, y);
  return out;
}

/**
 * The local half of a Beaver AND, fused: z ← z ⊕ (e ∧ b) ⊕ (d ∧ a), and ⊕ (e ∧ d) where `withEd`
 * (party 0). One pass over five arrays instead of five allocating passes.
 */
export function andCombineInto(z: Uint8Array, e: Uint8Array, d: Uint8Array, a: Uint8Array, b: Uint8Array, withEd: boolean): void {
  checkLength('and combine', z.length, e, d, a, b);
  for (let o = 0; o < z.length; o += CHUNK) {
    const end = Math.min(z.length, o + CHUNK);
    mem.set(z.subarray(o, end), B0);
    mem.set(e.subarray(o, end), B1);
    mem.set(d.subarray(o, end), B2);
    mem.set(a.subarray(o, end), B3);
    mem.set(b.subarray(o, end), B4);
    kernel.andCombine(end - o, withEd ? 1 : 0);
    z.set(mem.subarray(B0, B0 + end - o), o);
    pace();
  }
}

/** The a and b of a boolean triple in lanes. */
interface LaneMasks {
  readonly a: Uint8Array;
  readonly b: Uint8Array;
}

/**
 * One level of the carry tree (width w to w/2) before its round, in one pass over P and G (n
 * elements of w bits): with the level's AND triples t1 (the P AND; null where it is not made) and
 * t2 (the G AND), their messages ed1 = [Po ⊕ a1 | Pe ⊕ b1] and ed2 = [Po ⊕ a2 | Ge ⊕ b2], written
 * in full; returns Go (from the pool), which the G AND's result takes after the round.
 */
export function carryLevelMessages(P: Uint8Array, G: Uint8Array, n: number, w: number, t1: LaneMasks | null, t2: LaneMasks, ed1: Uint8Array | null, ed2: Uint8Array): Uint8Array {
  const bt = backtypeBytes(w);
  const half = n * backtypeBytes(w / 2);
  checkLength('carry level', n * bt, P, G);
  checkLength('carry level', half, t2.a, t2.b, ...(t1 ? [t1.a, t1.b] : []));
  checkLength('carry level', 2 * half, ed2, ...(ed1 ? [ed1] : []));
  const go = uninitLanes(half);
  const shrink = bt === 1 ? 0 : 1;
  for (let o = 0; o < P.length; o += CHUNK) {
    const e = Math.min(P.length, o + CHUNK);
    const h = o >>> shrink;
    const hEnd = h + ((e - o) >>> shrink);
    mem.set(P.subarray(o, e), B[0]!);
    mem.set(G.subarray(o, e), B[1]!);
    if (t1) {
      mem.set(t1.a.subarray(h, hEnd), B[2]!);
      mem.set(t1.b.subarray(h, hEnd), B[3]!);
    }
    mem.set(t2.a.subarray(h, hEnd), B[4]!);
    mem.set(t2.b.subarray(h, hEnd), B[5]!);
    kernel.level(e - o, bt, t1 && ed1 ? 1 : 0);
    const out = (buffer: number) => mem.subarray(B[buffer]!, B[buffer]! + hEnd - h);
    if (t1 && ed1) {
      ed1.set(out(6), h);
      ed1.set(out(7), half + h);
    }
    ed2.set(out(8), h);
    ed2.set(out(9), half + h);
    go.set(out(10), h);
    pace();
  }
  return go;
}

/**
 * Zero every bit at or above nbits in each element (bt = backtype(nbits) bytes each), for values
 * drawn as whole bytes: only the element's top partial byte needs a mask.
 */
export function maskLanes(x: Uint8Array, n: number, nbits: number): void {
  if (nbits % 8 === 0) return;
  const bt = backtypeBytes(nbits);
  const top = nbits >>> 3;
  const m = (1 << (nbits % 8)) - 1;
  if (bt === 1) {
    let i = 0;
    if (x.byteOffset % 4 === 0) {
      const X = new Int32Array(x.buffer, x.byteOffset, x.length >>> 2);
      const m4 = m * 0x01010101;
      for (let w = 0; w < X.length; w++) X[w]! &= m4;
      i = 4 * X.length;
    }
    for (; i < x.length; i++) x[i]! &= m;
    return;
  }
  for (let i = 0; i < n; i++) x[i * bt + top]! &= m;
}

/**
 * n elements of `byteWidth` bytes each (back to back, as a PRG fills them) spread to bt bytes
 * each, the bytes above zero; the same array when byteWidth = bt, else a new one, and x goes back
 * to the lane pool.
 */
export function spreadLanes(x: Uint8Array, n: number, byteWidth: number, bt: number): Uint8Array {
  if (byteWidth === bt) return x;
  const out = allocLanes(n * bt);
  for (let i = 0; i < n; i++) out.set(x.subarray(i * byteWidth, (i + 1) * byteWidth), i * bt);
  releaseLanes(x);
  return out;
}

/**
 * From n elements of 8-byte lanes (64-bit values): the low l bits of each shifted left by pad,
 * as lanes of width W = l + pad ≤ 64 (backtype(W) bytes each), with bit l of each element as one
 * byte (0 or 1) beside them; both from the pool.
 */
export function lowBitsShifted(x: Uint8Array, n: number, l: number, pad: number): { lanes: Uint8Array; bitL: Uint8Array } {
  const W = l + pad;
  if (!(l >= 1 && l < 64 && pad >= 0 && W <= 64)) throw new MpcError('ERR_RANGE', `low bits: l = ${l}, pad = ${pad} do not fit 64 bits`);
  checkLength('low bits', 8 * n, x);
  const bt = backtypeBytes(W);
  const lanes = uninitLanes(n * bt);
  const bitL = uninitLanes(n);
  const per = CHUNK / 8;
  for (let i = 0; i < n; i += per) {
    const e = Math.min(n, i + per);
    mem.set(x.subarray(8 * i, 8 * e), B0);
    kernel.lowBitsShifted(e - i, l, pad, bt);
    bitL.set(mem.subarray(B1, B1 + e - i), i);
    lanes.set(mem.subarray(B2, B2 + (e - i) * bt), i * bt);
    pace();
  }
  return { lanes, bitL };
}
