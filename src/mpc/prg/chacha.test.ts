import { describe, expect, it } from 'vitest';
import { CHACHA12_DOUBLE_ROUNDS, chachaBlocks } from './chacha';
import { Prg, SEED_BYTES } from './prg';
import { chachaFill } from './chachaWasm';

/** RFC 8439's ChaCha20, in double rounds: its published vectors check the kernels' rounds. */
const CHACHA20_DOUBLE_ROUNDS = 10;

function hex(words: Uint32Array): string {
  return Array.from(new Uint8Array(words.buffer), (b) => b.toString(16).padStart(2, '0')).join('');
}

describe('chacha', () => {
  it('matches the RFC 8439 §2.3.2 block test vector', () => {
    const key = new Uint32Array(new Uint8Array(Array.from({ length: 32 }, (_, i) => i)).buffer);
    const nonce = new Uint32Array(new Uint8Array([0, 0, 0, 9, 0, 0, 0, 0x4a, 0, 0, 0, 0]).buffer);
    const out = new Uint32Array(16);
    chachaBlocks(key, nonce, 1, out, 0, 1, CHACHA20_DOUBLE_ROUNDS);
    expect(hex(out)).toBe(
      '10f1e7e4d13b5915500fdd1fa32071c4c7d1f4c733c068030422aa9ac3d46c4e' +
        'd2826446079faa0914c2d705d98b02a2b5129cd1de164eb9cbd083e8a2503c4e',
    );
  });

  // draft-strombergson-chacha-test-vectors-00, TC1 (256-bit all-zero key, all-zero IV): with a
  // zero nonce and counter RFC 8439's layout is the original one, so the vectors apply.
  it('matches the published all-zero-key vectors for 12 and 20 rounds', () => {
    const out = new Uint32Array(16);
    chachaBlocks(new Uint32Array(8), new Uint32Array(3), 0, out, 0, 1, CHACHA12_DOUBLE_ROUNDS);
    expect(hex(out)).toBe(
      '9bf49a6a0755f953811fce125f2683d50429c3bb49e074147e0089a52eae155f' +
        '0564f879d27ae3c02ce82834acfa8c793a629f2ca0de6919610be82f411326be',
    );
    chachaBlocks(new Uint32Array(8), new Uint32Array(3), 0, out, 0, 1, CHACHA20_DOUBLE_ROUNDS);
    expect(hex(out)).toBe(
      '76b8e0ada0f13d90405d6ae55386bd28bdd219b8a08ded1aa836efcc8b770dc7' +
        'da41597c5157488d7724e03fb8d84a376a43b8f41518a11cc387b669b2ee6586',
    );
  });

  it('the SIMD kernel gives the same keystream as the scalar reference, at any length, counter and round count', () => {
    const key = new Uint32Array([1, 2, 3, 4, 0xdeadbeef, 6, 7, 0xffffffff]);
    const nonce = new Uint32Array([9, 10, 11]);
    for (const rounds of [CHACHA12_DOUBLE_ROUNDS, CHACHA20_DOUBLE_ROUNDS]) {
      for (const [counter, bytes] of [[0, 64], [1, 100], [7, 4 * 64], [5, 1024 * 64 + 13], [0xfffffff0, 20 * 64]] as const) {
        const blocks = Math.ceil(bytes / 64);
        const ref = new Uint32Array(16 * blocks);
        chachaBlocks(key, nonce, counter, ref, 0, blocks, rounds);
        const out = new Uint8Array(bytes);
        chachaFill(key, nonce, counter, out, rounds);
        expect(out).toEqual(new Uint8Array(ref.buffer, 0, bytes));
      }
    }
  });

  it('the PRG is ChaCha12 keyed by the seed and its domain label, the stream id in the nonce', () => {
    const seed = Uint8Array.from({ length: SEED_BYTES }, (_, i) => 17 * i + 1);
    const key = new Uint32Array(8);
    key.set(new Uint32Array(seed.slice().buffer), 0);
    key.set([0x6d706254, 0x72702d63, 0x65732d67, 0x31763a64], 4);
    const ref = new Uint32Array(16 * 3);
    chachaBlocks(key, new Uint32Array([5, 0, 0]), 0, ref, 0, 3, CHACHA12_DOUBLE_ROUNDS);
    const out = new Uint8Array(3 * 64);
    new Prg(seed, 5).fill(out);
    expect(out).toEqual(new Uint8Array(ref.buffer));
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
