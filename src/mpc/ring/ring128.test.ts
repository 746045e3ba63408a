/**
 * The wasm ring128 against the bigint reference ring128Reference, method by method: random
 * words at sizes around the 4096-element chunk, subarrays with a byteOffset, and every pair of
 * edge values; all shift amounts and deinterleave widths.
 */
import { describe, expect, it } from 'vitest';
import { MpcError } from '../errors';
import { Prg } from '../prg/prg';
import type { Words } from './ring';
import { ring128Reference as ref } from './ring128Reference';
import { ring128 } from './ring128';

const prg = new Prg(new Uint8Array(16).fill(7), 1);
const random = (n: number): Words => prg.words(2 * n);

const EDGES = [0n, 1n, (1n << 64n) - 1n, 1n << 64n, (1n << 127n) - 1n, 1n << 127n, (1n << 128n) - 1n, 3n << 63n];
/** Every ordered pair of edge values, as two arrays of EDGES.length^2 elements. */
const edgeX = ref.fromBigInts(EDGES.flatMap((a) => EDGES.map(() => a)));
const edgeY = ref.fromBigInts(EDGES.flatMap(() => EDGES));

/** Chunks hold 4096 elements: sizes on, around and across that boundary, odd and even. */
const SIZES = [0, 1, 2, 3, 17, 4096, 8193];

/** Inputs: edge pairs, random arrays of each size, and views into a larger buffer (byteOffset 8 and 24). */
function cases(): [string, Words, Words][] {
  const out: [string, Words, Words][] = [['edges', edgeX, edgeY]];
  for (const n of SIZES) out.push([`n=${n}`, random(n), random(n)]);
  const big = random(5003);
  out.push(['subarrays', big.subarray(1, 1 + 2 * 2500), big.subarray(5003, 5003 + 2 * 2500)]);
  return out;
}

const SCALARS = [0n, 1n, -1n, (1n << 64n) - 1n, 1n << 127n, (1n << 128n) + 5n, 0x9e3779b97f4a7c15f39cc0605cedc834n];

describe('ring128 (wasm) equals ring128Reference', () => {
  const binary = ['add', 'sub', 'mul', 'xor', 'and'] as const;
  for (const [name, x, y] of cases()) {
    it(`binary ops, ${name}`, () => {
      for (const op of binary) expect(ring128[op](x, y), op).toEqual(ref[op](x, y));
    });
    it(`unary and scalar ops, ${name}`, () => {
      expect(ring128.neg(x)).toEqual(ref.neg(x));
      for (const c of SCALARS) {
        for (const op of ['addScalar', 'mulScalar', 'andScalar', 'xorScalar'] as const) {
          expect(ring128[op](x, c), `${op} ${c}`).toEqual(ref[op](x, c));
        }
      }
    });
    it(`in-place ops, ${name}`, () => {
      for (const [op, inPlace] of [['add', 'add_'], ['sub', 'sub_'], ['xor', 'xor_']] as const) {
        const z = x.slice();
        ring128[inPlace](z, y);
        expect(z, inPlace).toEqual(ref[op](x, y));
      }
    });
    it(`inputs are left unchanged, ${name}`, () => {
      const [x0, y0] = [x.slice(), y.slice()];
      for (const op of binary) ring128[op](x, y);
      ring128.shl(x, 3);
      ring128.deinterleave(x, 128);
      expect(x).toEqual(x0);
      expect(y).toEqual(y0);
    });
  }

  it('every shift amount and bit index 0..127', () => {
    const x = ref.concat([edgeX, random(33)]);
    for (let m = 0; m < 128; m++) {
      for (const op of ['shl', 'lshr', 'ashr', 'bit'] as const) {
        expect(ring128[op](x, m), `${op} ${m}`).toEqual(ref[op](x, m));
      }
    }
  });

  it('deinterleave for every even width 2..128', () => {
    const x = ref.concat([edgeX, random(33)]);
    for (let w = 2; w <= 128; w += 2) {
      expect(ring128.deinterleave(x, w), `width ${w}`).toEqual(ref.deinterleave(x, w));
    }
  });

  it('in-place ops on aliased operands: the same array, and overlapping views of one buffer', () => {
    const x = random(9000);
    const self = x.slice();
    ring128.add_(self, self);
    expect(self).toEqual(ref.add(x, x));
    // y starts 3 elements before x inside one buffer: chunk k of x is written before chunk k+1 of y is read.
    const buf = x.slice();
    const xs = buf.subarray(6, 6 + 2 * 8000);
    const ys = buf.subarray(0, 2 * 8000);
    const expected = ref.sub(xs, ys);
    ring128.sub_(xs, ys);
    expect(xs).toEqual(expected);
  });

  it('element access, construction and packing', () => {
    const x = random(5);
    const v = [0n, -1n, 1n << 127n, 12345678901234567890123456789n];
    expect(ring128.fromBigInts(v)).toEqual(ref.fromBigInts(v));
    expect(ring128.constant(3, -2n)).toEqual(ref.constant(3, -2n));
    expect([ring128.get(x, 4), ring128.getSigned(x, 4)]).toEqual([ref.get(x, 4), ref.getSigned(x, 4)]);
    expect(ring128.slice(x, 1, 3)).toEqual(ref.slice(x, 1, 3));
    expect(ring128.concat([x, x])).toEqual(ref.concat([x, x]));
    expect(ring128.unpack(ring128.pack(x, 5), 5, 5)).toEqual(ref.unpack(ref.pack(x, 5), 5, 5));
    expect([ring128.size(x), ring128.alloc(2)]).toEqual([5, new BigUint64Array(4)]);
  });

  it('rejects bad shapes like the reference', () => {
    const x = random(4);
    const shapeError = expect.objectContaining({ code: 'ERR_SHAPE' });
    for (const bad of [-1, 128, 1.5]) {
      for (const op of ['shl', 'lshr', 'ashr', 'bit'] as const) {
        expect(() => ring128[op](x, bad)).toThrow(MpcError);
        expect(() => ring128[op](x, bad)).toThrow(shapeError);
      }
    }
    for (const w of [0, 3, 130]) expect(() => ring128.deinterleave(x, w)).toThrow(shapeError);
    for (const op of ['add', 'sub', 'mul', 'xor', 'and', 'add_', 'sub_', 'xor_'] as const) {
      expect(() => ring128[op](x, random(3))).toThrow(shapeError);
    }
  });
});
