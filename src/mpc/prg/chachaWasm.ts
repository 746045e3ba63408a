/**
 * ChaCha blocks from the WebAssembly SIMD kernel (asm/chacha.ts): four blocks per pass of the
 * rounds, several times the scalar JS speed. The JS version (chacha.ts) stays the reference and
 * makes the few blocks that do not fill a group of four.
 */
import { pace } from '../pace';
import { CHACHA_WASM } from '../ring/wasm/chacha.wasm';
import { instantiate } from '../ring/wasm/instantiate';
import { chachaBlocks } from './chacha';

interface ChaChaKernel {
  blocks4(counter: number, groups: number, doubleRounds: number): void;
}

// Offsets in the module's memory, as asm/chacha.ts defines them (KEY, NONCE, OUT, MAX_GROUPS).
const KEY = 0;
const NONCE = 32;
const OUT = 64;
const MAX_GROUPS = 256;
const PAGE = 65536;

const kernel = instantiate<ChaChaKernel>(CHACHA_WASM);
const needed = OUT + MAX_GROUPS * 256;
if (kernel.memory.buffer.byteLength < needed) kernel.memory.grow(Math.ceil((needed - kernel.memory.buffer.byteLength) / PAGE));
const mem = new Uint8Array(kernel.memory.buffer);
const memWords = new Uint32Array(kernel.memory.buffer);

/**
 * Fill out (bytes, any offset) with the keystream from block `counter` on, each block after
 * 2·doubleRounds rounds.
 */
export function chachaFill(key: Uint32Array, nonce: Uint32Array, counter: number, out: Uint8Array, doubleRounds: number): void {
  memWords.set(key, KEY / 4);
  memWords.set(nonce, NONCE / 4);
  const blocks = Math.ceil(out.length / 64);
  const fullGroups = Math.floor(blocks / 4);
  let o = 0;
  for (let g = 0; g < fullGroups; g += MAX_GROUPS) {
    const groups = Math.min(MAX_GROUPS, fullGroups - g);
    kernel.blocks4((counter + 4 * g) >>> 0, groups, doubleRounds);
    const bytes = Math.min(groups * 256, out.length - o);
    out.set(mem.subarray(OUT, OUT + bytes), o);
    o += bytes;
    pace();
  }
  const rest = blocks - 4 * fullGroups;
  if (rest > 0) {
    const tail = new Uint32Array(16 * rest);
    chachaBlocks(key, nonce, counter + 4 * fullGroups, tail, 0, rest, doubleRounds);
    out.set(new Uint8Array(tail.buffer, 0, out.length - o), o);
  }
}
