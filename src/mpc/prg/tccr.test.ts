import { blake3 } from '@noble/hashes/blake3.js';
import { describe, expect, it } from 'vitest';
import { Prg } from './prg';
import { tccrHash } from './tccr';

function randomBytes(n: number, stream: number): Uint8Array {
  const out = new Uint8Array(n);
  new Prg(new Uint8Array(16).fill(7), stream).fill(out);
  return out;
}

/** The definition: first 16 bytes of BLAKE3(x_j ‖ u64le(firstIndex + j)), by @noble/hashes. */
function reference(blocks: Uint8Array, firstIndex: bigint): Uint8Array {
  const n = blocks.length / 16;
  const out = new Uint8Array(16 * n);
  const msg = new Uint8Array(24);
  const view = new DataView(msg.buffer);
  for (let j = 0; j < n; j++) {
    msg.set(blocks.subarray(16 * j, 16 * j + 16));
    view.setBigUint64(16, BigInt.asUintN(64, firstIndex + BigInt(j)), true);
    out.set(blake3(msg).subarray(0, 16), 16 * j);
  }
  return out;
}

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

/** The first 16-byte block where a and b differ, as "j: a ≠ b" (short, unlike a diff of megabytes), or 'same'. */
function firstDifference(a: Uint8Array, b: Uint8Array): string {
  if (a.length !== b.length) return `lengths ${a.length} ≠ ${b.length}`;
  for (let j = 0; j < a.length; j += 16) {
    const x = hex(a.subarray(j, j + 16));
    const y = hex(b.subarray(j, j + 16));
    if (x !== y) return `block ${j / 16}: ${x} ≠ ${y}`;
  }
  return 'same';
}

describe('tccrHash (wasm BLAKE3 compression, 4 lanes)', () => {
  it('hashes 16 zero bytes with index 0 to the first half of BLAKE3 of 24 zero bytes', () => {
    const out = new Uint8Array(16);
    tccrHash(new Uint8Array(16), 0n, out);
    expect(hex(out)).toBe(hex(blake3(new Uint8Array(24)).subarray(0, 16)));
  });

  // 1 and 3 blocks leave lanes of the last group of four unused; 4096 is one full call of the
  // kernel, 4097 and 10001 take more than one call, the last one partial.
  const sizes = [1, 2, 3, 4, 5, 7, 64, 4095, 4096, 4097, 10001];
  const firsts = [0n, 1n, 2n ** 32n - 3n, 2n ** 32n - 5000n, 2n ** 63n - 2n, 2n ** 64n - 7000n, 123456789012345n];
  for (const n of sizes) {
    it(`matches @noble/hashes blake3 on ${n} random blocks, at indices near 0, 2^32, 2^63 and 2^64`, () => {
      const blocks = randomBytes(16 * n, n);
      for (const first of firsts) {
        const out = new Uint8Array(16 * n);
        tccrHash(blocks, first, out);
        expect(firstDifference(out, reference(blocks, first)), `first = ${first}`).toBe('same');
      }
    });
  }

  it('takes the index mod 2^64, wrapping within a call', () => {
    const blocks = randomBytes(16 * 9, 99);
    const out = new Uint8Array(16 * 9);
    tccrHash(blocks, 2n ** 64n - 4n, out);
    expect(firstDifference(out, reference(blocks, 2n ** 64n - 4n))).toBe('same');
    const wrapped = new Uint8Array(16 * 9);
    tccrHash(blocks, -4n, wrapped);
    expect(firstDifference(wrapped, out)).toBe('same');
  });

  it('reads views at any offset and may write over its input', () => {
    const buf = randomBytes(16 * 5000 + 3, 5);
    const blocks = buf.subarray(3);
    const expected = reference(blocks, 42n);
    tccrHash(blocks, 42n, blocks);
    expect(firstDifference(blocks, expected)).toBe('same');
  });

  it('rejects inputs that are not whole blocks, and outputs too short', () => {
    expect(() => tccrHash(new Uint8Array(20), 0n, new Uint8Array(32))).toThrow(/multiple of 16/);
    expect(() => tccrHash(new Uint8Array(32), 0n, new Uint8Array(16))).toThrow(/tccrHash/);
    tccrHash(new Uint8Array(0), 0n, new Uint8Array(0));
  });
});
