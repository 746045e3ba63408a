/**
 * The tweakable correlation-robust hash of OT extension (preprocessing.md §2.2): BLAKE3 of a
 * 16-byte block and its 64-bit index, truncated to 16 bytes. A 24-byte message is one call of
 * BLAKE3's compression function, which the WebAssembly SIMD kernel (asm/blake3.ts) runs on four
 * messages at once; the result is exactly `blake3(x ‖ u64le(i)).subarray(0, 16)`.
 */
import { MpcError } from '../errors';
import { pace } from '../pace';
import { BLAKE3_WASM } from '../ring/wasm/blake3.wasm';
import { instantiateSized } from '../ring/wasm/instantiate';

interface Blake3Kernel {
  hash(n: number, first: bigint): void;
  readonly IN: { readonly value: number };
  readonly OUT: { readonly value: number };
  readonly MAX_BLOCKS: { readonly value: number };
}

const { kernel, mem } = instantiateSized<Blake3Kernel>(BLAKE3_WASM, (k) => k.OUT.value + k.MAX_BLOCKS.value * 16);
const IN = kernel.IN.value;
const OUT = kernel.OUT.value;
const MAX_BLOCKS = kernel.MAX_BLOCKS.value;

/**
 * out[16j..16j+16) = first 16 bytes of BLAKE3(blocks[16j..16j+16) ‖ u64le(firstIndex + j)), for
 * j < blocks.length/16. The index is taken mod 2^64 (as DataView.setBigUint64 does). blocks.length
 * must be a multiple of 16 and out at least as long; out may be blocks itself, not a shifted
 * overlap of it. Runs in chunks of 4096 blocks with `pace()` between them.
 */
export function tccrHash(blocks: Uint8Array, firstIndex: bigint, out: Uint8Array): void {
  if (blocks.length % 16 !== 0 || out.length < blocks.length) {
    throw new MpcError('ERR_SHAPE', `tccrHash: ${blocks.length} input bytes (need a multiple of 16) into ${out.length}`);
  }
  const n = blocks.length / 16;
  for (let j = 0; j < n; j += MAX_BLOCKS) {
    const k = Math.min(MAX_BLOCKS, n - j);
    mem.set(blocks.subarray(16 * j, 16 * (j + k)), IN);
    kernel.hash(k, BigInt.asUintN(64, firstIndex + BigInt(j)));
    out.set(mem.subarray(OUT, OUT + 16 * k), 16 * j);
    pace();
  }
}
