import { describe, expect, it } from 'vitest';
import { chacha20Blocks } from './chacha20';
import { Prg } from './prg';
import { chacha20Fill } from './chachaWasm';

function hex(words: Uint32Array): string {
  return Array.from(new Uint8Array(words.buffer), (b) => b.toString(16).padStart(2, '0')).join('');
}

describe('chacha20', () => {
  it('matches the RFC 8439 §2.3.2 block test vector', () => {
    const key = new Uint32Array(new Uint8Array(Array.from({ length: 32 }, (_, i) => i)).buffer);
    const nonce = new Uint32Array(new Uint8Array([0, 0, 0, 9, 0, 0, 0, 0x4a, 0, 0, 0, 0]).buffer);
    const out = new Uint32Array(16);
    chacha20Blocks(key, nonce, 1, out, 0, 1);
    expect(hex(out)).toBe(
      '10f1e7e4d13b5915500fdd1fa32071c4c7d1f4c733c068030422aa9ac3d46c4e' +
        'd2826446079faa0914c2d705d98b02a2b5129cd1de164eb9cbd083e8a2503c4e',
    );
  });

  it('the SIMD kernel gives the same keystream as the scalar reference, at any length and counter', () => {
    const key = new Uint32Array([1, 2, 3, 4, 0xdeadbeef, 6, 7, 0xffffffff]);
    const nonce = new Uint32Array([9, 10, 11]);
    for (const [counter, bytes] of [[0, 64], [1, 100], [7, 4 * 64], [5, 1024 * 64 + 13], [0xfffffff0, 20 * 64]] as const) {
      const blocks = Math.ceil(bytes / 64);
      const ref = new Uint32Array(16 * blocks);
      chacha20Blocks(key, nonce, counter, ref, 0, blocks);
      const out = new Uint8Array(bytes);
      chacha20Fill(key, nonce, counter, out);
      expect(out).toEqual(new Uint8Array(ref.buffer, 0, bytes));
    }
  });

  it('gives identical streams for identical seeds and different ones otherwise', () => {
    const seed = new Uint8Array(16).fill(7);
    const a = new Prg(seed, 1).words(100);
    const b = new Prg(seed, 1).words(100);
    const c = new Prg(seed, 2).words(100);
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(a)).not.toEqual(Array.from(c));
  });

  it('starts every draw on a fresh block, so unaligned draws stay in lockstep', () => {
    const seed = new Uint8Array(16).fill(3);
    const p = new Prg(seed, 0);
    const q = new Prg(seed, 0);
    const x = new Uint8Array(5);
    p.fill(x);
    q.fill(new Uint8Array(64));
    expect(Array.from(p.words(8))).toEqual(Array.from(q.words(8)));
  });
});
