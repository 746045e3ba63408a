/**
 * Streams caller-owned arrays of 128-bit elements through a wasm module's memory, a chunk at a
 * time: copy the chunk of each input in, run the kernel, copy the chunk of each output back.
 *
 * Why copy: a wasm module can only touch its own memory, while `Words` are ordinary
 * BigUint64Arrays that callers allocate anywhere (subarrays included). Copies are memcpy inside
 * `TypedArray.prototype.set`, and chunks of 4096 elements keep the 64 KiB buffers (three for most
 * kernels, five for the Beaver combine) in L2, so each input is read from DRAM once and each
 * output written once, as in a native loop.
 * (Measured at 10^6 elements: copying whole arrays into memory grown to fit was 1.3-1.7x slower
 * than chunks; chunks of 1024, 4096 or 16384 elements were within noise. BENCHMARKS.md has the
 * figures.)
 *
 * The module's memory never grows after construction, so the views below stay valid. Kernels
 * run to completion and call nothing, so one set of buffers per module instance is enough.
 */
import { pace } from '../../pace';
import type { Words } from '../ring';
import type { WasmMemory } from './instantiate';

/** Elements per chunk. */
const CHUNK = 4096;
/** Bytes from one buffer to the next: a chunk, then room for the extra element that mul touches, to a page. */
const STRIDE = CHUNK * 16 + 4096;
/**
 * Where the buffers start within a 4 KiB page. NB: a copy whose destination is a few bytes above
 * its source modulo 4 KiB stalls, because the CPU takes each load for one that depends on a store
 * just issued at the same page offset ("4K aliasing"). Large ArrayBuffers in Node (glibc) start
 * 16 bytes into a page, so page-aligned buffers made every copy out 2x slower (measured: xor 13
 * vs 6 ns/element); half a page away they stay clear.
 */
const PAGE_OFFSET = 0x810;
const WASM_PAGE = 65536;

/** Buffers: x, y, z for the element-wise kernels, and two more for the Beaver combine's five operands. */
const BUFFERS = 5;

export class Scratch {
  /** Byte offsets of the first three buffers, for the kernel calls. */
  readonly x = PAGE_OFFSET;
  readonly y = PAGE_OFFSET + STRIDE;
  readonly z = PAGE_OFFSET + 2 * STRIDE;
  /** Byte offsets of every buffer (x, y, z first). */
  readonly buffers: readonly number[] = Array.from({ length: BUFFERS }, (_, i) => PAGE_OFFSET + i * STRIDE);
  private readonly words: BigUint64Array;
  private readonly bytes: Uint8Array;
  private readonly int32s: Int32Array;

  constructor(memory: WasmMemory) {
    const need = PAGE_OFFSET + BUFFERS * STRIDE;
    const have = memory.buffer.byteLength;
    if (have < need) memory.grow(Math.ceil((need - have) / WASM_PAGE));
    this.words = new BigUint64Array(memory.buffer);
    this.bytes = new Uint8Array(memory.buffer);
    this.int32s = new Int32Array(memory.buffer);
  }

  /**
   * The general form of zip: chunk by chunk, input i goes into buffer i (as words, or as the bytes
   * of words: a peer's share straight from its frame, with no unpacked copy), `kernel(n)` runs, and
   * buffer `outBuffer` goes back to out. Every input holds out.length words.
   */
  stream(inputs: readonly (Words | Uint8Array)[], out: Words, outBuffer: number, kernel: (n: number) => void): void {
    const w = this.words;
    const b = this.bytes;
    const bufs = this.buffers;
    const ow = bufs[outBuffer]! / 8;
    for (let o = 0; o < out.length; o += 2 * CHUNK) {
      const e = Math.min(out.length, o + 2 * CHUNK);
      for (let i = 0; i < inputs.length; i++) {
        const input = inputs[i]!;
        if (input instanceof Uint8Array) b.set(input.subarray(8 * o, 8 * e), bufs[i]!);
        else w.set(input.subarray(o, e), bufs[i]! / 8);
      }
      kernel((e - o) / 2);
      pace();
      out.set(w.subarray(ow, ow + e - o), o);
    }
  }

  /** out ← kernel(a, b) chunk by chunk; `kernel(n)` reads n elements at x and y, writes them at z. */
  zip(a: Words, b: Words, out: Words, kernel: (n: number) => void): void {
    const w = this.words;
    const xw = this.x / 8;
    const yw = this.y / 8;
    const zw = this.z / 8;
    for (let o = 0; o < a.length; o += 2 * CHUNK) {
      const e = Math.min(a.length, o + 2 * CHUNK);
      w.set(a.subarray(o, e), xw);
      w.set(b.subarray(o, e), yw);
      kernel((e - o) / 2);
      pace();
      out.set(w.subarray(zw, zw + e - o), o);
    }
  }

  /** Like zip, with one int32 per element as the second input. */
  zipInt32(a: Words, b: Int32Array, out: Words, kernel: (n: number) => void): void {
    const w = this.words;
    const xw = this.x / 8;
    const yi = this.y / 4;
    const zw = this.z / 8;
    for (let o = 0; o < a.length; o += 2 * CHUNK) {
      const e = Math.min(a.length, o + 2 * CHUNK);
      w.set(a.subarray(o, e), xw);
      this.int32s.set(b.subarray(o / 2, e / 2), yi);
      kernel((e - o) / 2);
      pace();
      out.set(w.subarray(zw, zw + e - o), o);
    }
  }

  /** out ← kernel(a) chunk by chunk; `kernel(n)` reads n elements at x, writes them at z. */
  map(a: Words, out: Words, kernel: (n: number) => void): void {
    const w = this.words;
    const xw = this.x / 8;
    const zw = this.z / 8;
    for (let o = 0; o < a.length; o += 2 * CHUNK) {
      const e = Math.min(a.length, o + 2 * CHUNK);
      w.set(a.subarray(o, e), xw);
      kernel((e - o) / 2);
      pace();
      out.set(w.subarray(zw, zw + e - o), o);
    }
  }

  /** Two outputs from one input: `kernel(n)` reads at x, writes outY at y and outZ at z. */
  split(a: Words, outY: Words, outZ: Words, kernel: (n: number) => void): void {
    const w = this.words;
    const xw = this.x / 8;
    const yw = this.y / 8;
    const zw = this.z / 8;
    for (let o = 0; o < a.length; o += 2 * CHUNK) {
      const e = Math.min(a.length, o + 2 * CHUNK);
      w.set(a.subarray(o, e), xw);
      kernel((e - o) / 2);
      pace();
      outY.set(w.subarray(yw, yw + e - o), o);
      outZ.set(w.subarray(zw, zw + e - o), o);
    }
  }
}
