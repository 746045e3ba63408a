import { describe, expect, it } from 'vitest';
import { blake3 } from '@noble/hashes/blake3.js';
import { seededEntropy } from '../prg/entropy';
import { tccrHash as tccrHashWasm } from '../prg/tccr';
import { transpose128 as transpose128Wasm } from '../ring/bitTranspose';
import { tccrHashJs as tccrHash, tccrHashNoble, transpose128Js as transpose128 } from './kernels';

function random(bytes: number, seed: number): Uint8Array {
  const b = new Uint8Array(bytes);
  seededEntropy(seed)(b);
  return b;
}

describe('tccrHash', () => {
  it('is BLAKE3 of block ‖ u64le(index), first 16 bytes (checked against @noble/hashes)', () => {
    const blocks = random(16 * 300, 1);
    for (const first of [0n, 5n, 0xfffffff0n, (1n << 63n) | 0x1234_0000_fffffff8n]) {
      const fast = new Uint8Array(blocks.length);
      const ref = new Uint8Array(blocks.length);
      tccrHash(blocks, first, fast);
      tccrHashNoble(blocks, first, ref);
      expect(fast).toEqual(ref);
    }
    // one value by hand
    const input = new Uint8Array(24);
    input.set(blocks.subarray(0, 16));
    input[16] = 7;
    const one = new Uint8Array(16);
    tccrHash(blocks.subarray(0, 16), 7n, one);
    expect(one).toEqual(blake3(input).subarray(0, 16));
  });

  it('works on unaligned views', () => {
    const buf = random(16 * 10 + 3, 2);
    const blocks = buf.subarray(3);
    const out = new Uint8Array(16 * 10 + 1).subarray(1);
    const ref = new Uint8Array(16 * 10);
    tccrHash(blocks, 9n, out);
    tccrHashNoble(blocks, 9n, ref);
    expect(out).toEqual(ref);
  });
});

describe('transpose128', () => {
  it.each([128, 384, 1024])('matches the bit-by-bit transpose for n = %i', (n) => {
    const rows = random(16 * n, n);
    const out = new Uint8Array(16 * n);
    transpose128(rows, n, out);
    const bit = (b: Uint8Array, i: number) => (b[i >> 3]! >> (i & 7)) & 1;
    for (let r = 0; r < 128; r++) {
      for (let c = 0; c < n; c++) {
        if (bit(rows, r * n + c) !== bit(out, 128 * c + r)) throw new Error(`row ${r} col ${c}`);
      }
    }
  });
});

describe('the WebAssembly kernels the OT extension runs', () => {
  it('equal the TypeScript references on random inputs', () => {
    const blocks = random(16 * 1000, 9);
    const js = new Uint8Array(blocks.length);
    const wasm = new Uint8Array(blocks.length);
    tccrHash(blocks, 123n << 32n, js);
    tccrHashWasm(blocks, 123n << 32n, wasm);
    expect(wasm).toEqual(js);
    const n = 384;
    const rows = random(16 * n, 10);
    const a = new Uint8Array(16 * n);
    const b = new Uint8Array(16 * n);
    transpose128(rows, n, a);
    transpose128Wasm(rows, n, b);
    expect(b).toEqual(a);
  });
});
