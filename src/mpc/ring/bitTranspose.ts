/**
 * 128 × n bit-matrix transposes for OT extension (IKNP, SoftSpokenOT), by the WebAssembly SIMD
 * kernel asm/transpose.ts: 16×16 byte transposes by shuffles, then i8x16.bitmask picks out one
 * column of 16 rows at a time.
 */
import { MpcError } from '../errors';
import { pace } from '../pace';
import { instantiateSized } from './wasm/instantiate';
import { TRANSPOSE_WASM } from './wasm/transpose.wasm';

interface TransposeKernel {
  transpose(stride: number, cols: number): void;
  readonly IN: { readonly value: number };
  readonly OUT: { readonly value: number };
  readonly MAX_COLS: { readonly value: number };
}

const { kernel, mem } = instantiateSized<TransposeKernel>(TRANSPOSE_WASM, (k) => k.OUT.value + k.MAX_COLS.value * 16);
const IN = kernel.IN.value;
const OUT = kernel.OUT.value;
const MAX_COLS = kernel.MAX_COLS.value;

/**
 * Transpose a bit matrix of 128 rows × n columns (row r = rows[r·n/8 .. (r+1)·n/8), bit c of a row
 * = byte c>>3, bit c&7 (LSB first)) into n rows of 128 bits (out[16c .. 16c+16), bit r = byte
 * r>>3, bit r&7). n is a multiple of 128; rows.length ≥ 16n and out.length ≥ 16n; out must not
 * overlap rows.
 *
 * Up to 8192 columns go through the kernel's memory in one piece; beyond that, in chunks of 8192
 * columns (each row's slice copied in by itself) with `pace()` between them.
 */
export function transpose128(rows: Uint8Array, n: number, out: Uint8Array): void {
  if (!Number.isInteger(n) || n < 0 || n % 128 !== 0 || rows.length < 16 * n || out.length < 16 * n) {
    throw new MpcError('ERR_SHAPE', `transpose128: n = ${n} (need a multiple of 128), ${rows.length} bytes of rows, ${out.length} of out (need 16n each)`);
  }
  const rowBytes = n / 8;
  if (n <= MAX_COLS) {
    mem.set(rows.subarray(0, 16 * n), IN);
    kernel.transpose(rowBytes, n);
    out.set(mem.subarray(OUT, OUT + 16 * n));
    return;
  }
  for (let c = 0; c < n; c += MAX_COLS) {
    const cols = Math.min(MAX_COLS, n - c);
    const chunkBytes = cols / 8;
    for (let r = 0, src = c / 8, dst = IN; r < 128; r++, src += rowBytes, dst += chunkBytes) {
      mem.set(rows.subarray(src, src + chunkBytes), dst);
    }
    kernel.transpose(chunkBytes, cols);
    out.set(mem.subarray(OUT, OUT + 16 * cols), 16 * c);
    pace();
  }
}
