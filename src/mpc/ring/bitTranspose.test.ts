import { describe, expect, it } from 'vitest';
import { Prg } from '../prg/prg';
import { transpose128 } from './bitTranspose';

function randomBytes(n: number, stream: number): Uint8Array {
  const out = new Uint8Array(n);
  new Prg(new Uint8Array(16).fill(3), stream).fill(out);
  return out;
}

/** The definition, one bit at a time. */
function naiveTranspose(rows: Uint8Array, n: number): Uint8Array {
  const out = new Uint8Array(16 * n);
  const rowBytes = n / 8;
  for (let r = 0; r < 128; r++) {
    for (let c = 0; c < n; c++) {
      const bit = (rows[r * rowBytes + (c >> 3)]! >> (c & 7)) & 1;
      out[16 * c + (r >> 3)]! |= bit << (r & 7);
    }
  }
  return out;
}

/** The first byte where a and b differ, as "output row c, byte k: x ≠ y", or 'same'. */
function firstDifference(a: Uint8Array, b: Uint8Array): string {
  if (a.length !== b.length) return `lengths ${a.length} ≠ ${b.length}`;
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i]) return `output row ${i >> 4}, byte ${i & 15}: ${a[i]} ≠ ${b[i]}`;
  }
  return 'same';
}

describe('transpose128 (wasm, 16×16 byte transposes and i8x16.bitmask)', () => {
  it('maps the identity to itself and a single bit (r, c) to (c, r)', () => {
    const id = new Uint8Array(16 * 128);
    for (let r = 0; r < 128; r++) id[16 * r + (r >> 3)] = 1 << (r & 7);
    const out = new Uint8Array(16 * 128);
    transpose128(id, 128, out);
    expect(firstDifference(out, id)).toBe('same');

    const n = 384;
    for (const [r, c] of [[0, 0], [5, 300], [127, 383], [64, 129]] as const) {
      const rows = new Uint8Array(16 * n);
      rows[r * (n / 8) + (c >> 3)] = 1 << (c & 7);
      const t = new Uint8Array(16 * n);
      transpose128(rows, n, t);
      const expected = new Uint8Array(16 * n);
      expected[16 * c + (r >> 3)] = 1 << (r & 7);
      expect(firstDifference(t, expected)).toBe('same');
    }
  });

  // 8192 columns go through the kernel in one piece; 16768 takes three chunks, the last partial.
  for (const n of [128, 256, 1024, 8192, 16768]) {
    it(`matches the bit-by-bit reference on random ${n}-column matrices`, () => {
      const rows = randomBytes(16 * n, n);
      const out = new Uint8Array(16 * n);
      transpose128(rows, n, out);
      expect(firstDifference(out, naiveTranspose(rows, n))).toBe('same');
    });
  }

  it('transposing each 128×128 block of the output back gives the rows again', () => {
    const n = 1024;
    const rows = randomBytes(16 * n, 1);
    const out = new Uint8Array(16 * n);
    transpose128(rows, n, out);
    const back = new Uint8Array(16 * 128);
    for (let b = 0; b < n / 128; b++) {
      transpose128(out.subarray(2048 * b, 2048 * (b + 1)), 128, back);
      const slice = new Uint8Array(2048);
      for (let r = 0; r < 128; r++) slice.set(rows.subarray(r * (n / 8) + 16 * b, r * (n / 8) + 16 * b + 16), 16 * r);
      expect(firstDifference(back, slice), `block ${b}`).toBe('same');
    }
    // n = 128: the transpose is an involution.
    const square = randomBytes(2048, 2);
    const once = new Uint8Array(2048);
    const twice = new Uint8Array(2048);
    transpose128(square, 128, once);
    transpose128(once, 128, twice);
    expect(firstDifference(twice, square)).toBe('same');
  });

  it('reads views at any offset', () => {
    const n = 9 * 1024 + 128;
    const buf = randomBytes(16 * n + 5, 3);
    const rows = buf.subarray(5);
    const out = new Uint8Array(16 * n + 11).subarray(11);
    transpose128(rows, n, out);
    expect(firstDifference(out, naiveTranspose(rows, n))).toBe('same');
  });

  it('rejects a width that is not a multiple of 128, and arrays too short', () => {
    expect(() => transpose128(new Uint8Array(16 * 100), 100, new Uint8Array(1600))).toThrow(/multiple of 128/);
    expect(() => transpose128(new Uint8Array(16 * 128), 256, new Uint8Array(16 * 256))).toThrow(/transpose128/);
    transpose128(new Uint8Array(0), 0, new Uint8Array(0));
  });
});
