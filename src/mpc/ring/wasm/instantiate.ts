/**
 * Synchronous instantiation of an embedded WebAssembly module, the same in Node, a worker and a
 * page. The bytes come from a generated base64 module (./*.wasm.ts), so importing a kernel needs
 * no fetch and no async init.
 *
 * NB: synchronous compilation on a page's main thread is size-capped in Chromium: 4 KiB in older
 * releases, 8 MiB in Chromium 156 (checked here). asm/compile.ts keeps every module under 4 KiB.
 * The modules use WebAssembly SIMD (Chrome 91, Firefox 89, Safari 16.4, Node 16.4 and later).
 */

// src/mpc compiles without DOM typings, so declare the part of the WebAssembly API used here.
// A module-scoped declaration also sits fine beside the DOM one in the test build.
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
declare const WebAssembly: {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { readonly exports: object };
};

/** A module's exported functions plus its linear memory. */
export type WasmExports<K> = K & { readonly memory: WasmMemory };

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Decode standard base64 (with or without padding); `atob` is not in ES2022. */
export function decodeBase64(text: string): Uint8Array {
  const s = text.replace(/=+$/, '');
  const out = new Uint8Array((s.length * 3) >> 2);
  let acc = 0;
  let bits = 0;
  let o = 0;
  for (let i = 0; i < s.length; i++) {
    const v = BASE64.indexOf(s[i]!);
    if (v < 0) throw new Error(`decodeBase64: bad character at ${i}`);
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  return out;
}

/**
 * Compile and instantiate a module that imports nothing. The caller names the export types `K`:
 * the module is ours and built from asm/, so this cast is the one unchecked step.
 */
export function instantiate<K>(base64: string): WasmExports<K> {
  const module = new WebAssembly.Module(decodeBase64(base64));
  return new WebAssembly.Instance(module, {}).exports as WasmExports<K>;
}

const WASM_PAGE_BYTES = 65536;

/**
 * Instantiate a kernel and grow its memory, once, to hold `bytes(kernel)` bytes, for kernels that
 * take fixed input and output buffers in their memory. Nothing grows it again, so the returned
 * view stays valid.
 */
export function instantiateSized<K>(base64: string, bytes: (kernel: WasmExports<K>) => number): { kernel: WasmExports<K>; mem: Uint8Array } {
  const kernel = instantiate<K>(base64);
  const needed = bytes(kernel);
  const have = kernel.memory.buffer.byteLength;
  if (have < needed) kernel.memory.grow(Math.ceil((needed - have) / WASM_PAGE_BYTES));
  return { kernel, mem: new Uint8Array(kernel.memory.buffer) };
}
