/**
 * ring64 against plain bigint arithmetic mod 2^64, method by method: random words, every pair of
 * edge values, subarrays with a byteOffset, all shift amounts and deinterleave widths.
 */
import { describe, expect, it } from 'vitest';
import { Prg } from '../prg/prg';
import { ring64 } from './ring64';

const prg = new Prg(new Uint8Array(16).fill(3), 2);
const M = (1n << 64n) - 1n;
const u = (v: bigint): bigint => BigInt.asUintN(64, v);
const s = (v: bigint): bigint => BigInt.asIntN(64, v);

const EDGES = [0n, 1n, (1n << 32n) - 1n, 1n << 32n, (1n << 63n) - 1n, 1n << 63n, M];
const edgeX = BigUint64Array.from(EDGES.flatMap((a) => EDGES.map(() => a)));
const edgeY = BigUint64Array.from(EDGES.flatMap(() => EDGES));
const big = prg.words(1001);
const CASES: [string, BigUint64Array, BigUint64Array][] = [
  ['edges', edgeX, edgeY],
  ['n=0', new BigUint64Array(0), new BigUint64Array(0)],
  ['n=1', prg.words(1), prg.words(1)],
  ['n=999', prg.words(999), prg.words(999)],
  ['subarrays', big.subarray(1, 501), big.subarray(500, 1000)],
];

/** Elementwise bigint reference. */
const map1 = (x: BigUint64Array, f: (a: bigint) => bigint) => BigUint64Array.from(x, (a) => u(f(a)));
const map2 = (x: BigUint64Array, y: BigUint64Array, f: (a: bigint, b: bigint) => bigint) =>
  BigUint64Array.from(x, (a, i) => u(f(a, y[i]!)));

/** Bits 2i (even) or 2i+1 (odd) of the low `width` bits, one bit at a time. */
function unzipBits(v: bigint, width: number, odd: 0 | 1): bigint {
  let r = 0n;
  for (let i = 0; i < width / 2; i++) r |= ((v >> BigInt(2 * i + odd)) & 1n) << BigInt(i);
  return r;
}

describe('ring64 equals bigint arithmetic mod 2^64', () => {
  for (const [name, x, y] of CASES) {
    it(`binary, unary and in-place ops, ${name}`, () => {
      expect(ring64.add(x, y)).toEqual(map2(x, y, (a, b) => a + b));
      expect(ring64.sub(x, y)).toEqual(map2(x, y, (a, b) => a - b));
      expect(ring64.mul(x, y)).toEqual(map2(x, y, (a, b) => a * b));
      expect(ring64.xor(x, y)).toEqual(map2(x, y, (a, b) => a ^ b));
      expect(ring64.and(x, y)).toEqual(map2(x, y, (a, b) => a & b));
      expect(ring64.neg(x)).toEqual(map1(x, (a) => -a));
      for (const [inPlace, f] of [
        ['add_', (a: bigint, b: bigint) => a + b],
        ['sub_', (a: bigint, b: bigint) => a - b],
        ['xor_', (a: bigint, b: bigint) => a ^ b],
      ] as const) {
        const z = x.slice();
        ring64[inPlace](z, y);
        expect(z, inPlace).toEqual(map2(x, y, f));
      }
    });

    it(`scalar ops, ${name}`, () => {
      for (const c of [0n, 1n, -1n, 1n << 63n, (1n << 64n) + 9n, 0x9e3779b97f4a7c15n]) {
        expect(ring64.addScalar(x, c)).toEqual(map1(x, (a) => a + c));
        expect(ring64.mulScalar(x, c)).toEqual(map1(x, (a) => a * c));
        expect(ring64.andScalar(x, c)).toEqual(map1(x, (a) => a & u(c)));
        expect(ring64.xorScalar(x, c)).toEqual(map1(x, (a) => a ^ u(c)));
      }
    });
  }

  it('every shift amount and bit index 0..63', () => {
    const x = BigUint64Array.from([...edgeX, ...prg.words(20)]);
    for (let m = 0; m < 64; m++) {
      const k = BigInt(m);
      expect(ring64.shl(x, m), `shl ${m}`).toEqual(map1(x, (a) => a << k));
      expect(ring64.lshr(x, m), `lshr ${m}`).toEqual(map1(x, (a) => a >> k));
      expect(ring64.ashr(x, m), `ashr ${m}`).toEqual(map1(x, (a) => s(a) >> k));
      expect(ring64.bit(x, m), `bit ${m}`).toEqual(map1(x, (a) => (a >> k) & 1n));
    }
  });

  it('deinterleave for every even width 2..64', () => {
    const x = BigUint64Array.from([...edgeX, ...prg.words(50), 0x5555555555555555n, 0xaaaaaaaaaaaaaaaan]);
    for (let w = 2; w <= 64; w += 2) {
      const { even, odd } = ring64.deinterleave(x, w);
      expect(even, `even ${w}`).toEqual(map1(x, (a) => unzipBits(a, w, 0)));
      expect(odd, `odd ${w}`).toEqual(map1(x, (a) => unzipBits(a, w, 1)));
    }
    const view = big.subarray(3, 40);
    expect(ring64.deinterleave(view, 64).odd).toEqual(map1(view, (a) => unzipBits(a, 64, 1)));
  });

  it('element access, construction and packing', () => {
    const v = [0n, -1n, 1n << 63n, (1n << 64n) + 7n, -(1n << 70n) - 1n];
    const x = ring64.fromBigInts(v);
    expect(Array.from(x)).toEqual(v.map(u));
    expect(v.map((_, i) => ring64.getSigned(x, i))).toEqual(v.map(s));
    ring64.set(x, 1, -5n);
    expect(ring64.get(x, 1)).toBe(u(-5n));
    expect(ring64.constant(2, -2n)).toEqual(BigUint64Array.from([u(-2n), u(-2n)]));
    expect(ring64.concat([ring64.slice(x, 3, 5), ring64.slice(x, 0, 1)])).toEqual(BigUint64Array.from([x[3]!, x[4]!, x[0]!]));
    expect(ring64.unpack(ring64.pack(x, 3), 3, 5)).toEqual(map1(x, (a) => a & 0xffffffn));
  });
});
