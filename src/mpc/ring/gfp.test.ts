/**
 * GF(2^127 - 1) kernels (gfMulSub, the dealer's fused completion, too) against bigint arithmetic mod p: random elements at sizes around the
 * 4096-element chunk, every pair of edge values, every exponent of gfMulPow2.
 */
import { describe, expect, it } from 'vitest';
import { Prg } from '../prg/prg';
import {
  gfAdd,
  gfFromBigInts,
  gfLessThanHalf,
  gfMul,
  gfMulPow2,
  gfMulSub,
  gfNeg,
  gfReduceFromRing,
  gfSub,
  gfToBigInts,
  P127 as p,
} from './gfp';
import { ring128Reference } from './ring128Reference';

const prg = new Prg(new Uint8Array(16).fill(11), 3);
const mod = (v: bigint): bigint => ((v % p) + p) % p;
/** n canonical elements, nearly uniform: 128 random bits reduced mod p. */
const randomElements = (n: number): bigint[] => gfToBigInts(prg.words(2 * n)).map(mod);

const EDGES = [0n, 1n, 2n, (1n << 64n) - 1n, 1n << 64n, (1n << 126n) - 2n, (1n << 126n) - 1n, 1n << 126n, p - 2n, p - 1n];
const edgePairs: [bigint[], bigint[]] = [EDGES.flatMap((a) => EDGES.map(() => a)), EDGES.flatMap(() => EDGES)];

const CASES: [string, bigint[], bigint[]][] = [['edges', ...edgePairs]];
for (const n of [0, 1, 3, 4097]) CASES.push([`n=${n}`, randomElements(n), randomElements(n)]);

it('gfMulSub refuses operands of different sizes', () => {
  const x = gfFromBigInts([1n, 2n]);
  expect(() => gfMulSub(x, x, gfFromBigInts([1n]))).toThrow(/gfMulSub/);
});

describe('GF(2^127 - 1) equals bigint arithmetic mod p', () => {
  for (const [name, a, b] of CASES) {
    it(`add, sub, neg, mul, ${name}`, () => {
      const [x, y] = [gfFromBigInts(a), gfFromBigInts(b)];
      expect(gfToBigInts(gfAdd(x, y))).toEqual(a.map((v, i) => mod(v + b[i]!)));
      expect(gfToBigInts(gfSub(x, y))).toEqual(a.map((v, i) => mod(v - b[i]!)));
      expect(gfToBigInts(gfNeg(x))).toEqual(a.map((v) => mod(-v)));
      expect(gfToBigInts(gfMul(x, y))).toEqual(a.map((v, i) => mod(v * b[i]!)));
      // x·y − c with c = y (edges), and c = x·x
      expect(gfToBigInts(gfMulSub(x, y, y))).toEqual(a.map((v, i) => mod(v * b[i]! - b[i]!)));
      expect(gfToBigInts(gfMulSub(x, y, gfMul(x, x)))).toEqual(a.map((v, i) => mod(v * b[i]! - v * v)));
    });
  }

  it('gfMulPow2 for every exponent 0..126, inputs in views with a byteOffset', () => {
    const a = [...EDGES, ...randomElements(20)];
    const words = new BigUint64Array(2 + 2 * a.length);
    words.set(gfFromBigInts(a), 2);
    const x = words.subarray(2);
    for (let e = 0; e < 127; e++) {
      const got = gfToBigInts(gfMulPow2(x, new Int32Array(a.length).fill(e)));
      expect(got, `e=${e}`).toEqual(a.map((v) => mod(v << BigInt(e))));
    }
    const mixed = Int32Array.from(a, (_, i) => (i * 37) % 127);
    expect(gfToBigInts(gfMulPow2(x, mixed))).toEqual(a.map((v, i) => mod(v << BigInt(mixed[i]!))));
  });

  it('gfReduceFromRing on all of [0, 2^128)', () => {
    const r = 1n << 128n;
    const v = [0n, 1n, p - 1n, p, p + 1n, 1n << 127n, 2n * p - 1n, 2n * p, r - 1n, r - 2n, (1n << 64n) - 1n];
    const values = [...v, ...gfToBigInts(prg.words(2 * 5000))];
    expect(gfToBigInts(gfReduceFromRing(ring128Reference.fromBigInts(values)))).toEqual(values.map(mod));
  });

  it('gfLessThanHalf against floor(p/2) = 2^126 - 1', () => {
    const half = p / 2n;
    const values = [0n, 1n, half - 1n, half, half + 1n, 1n << 126n, p - 1n, (1n << 125n) - 1n, ...randomElements(300)];
    const lt = gfLessThanHalf(gfFromBigInts(values));
    expect(Array.from(lt)).toEqual(values.map((v) => (v < half ? 1 : 0)));
    expect(lt.slice(0, 5)).toEqual(Uint8Array.from([1, 1, 1, 0, 0]));
  });

  it('gfFromBigInts reduces any bigint, gfToBigInts reads it back', () => {
    const v = [0n, -1n, p, -p, p + 5n, 3n * p - 1n, -(1n << 300n), (1n << 200n) + 3n];
    expect(gfToBigInts(gfFromBigInts(v))).toEqual(v.map(mod));
  });

  it('rejects mismatched sizes and exponents outside [0, 127)', () => {
    const x = gfFromBigInts([1n, 2n]);
    expect(() => gfAdd(x, gfFromBigInts([1n]))).toThrow(expect.objectContaining({ code: 'ERR_SHAPE' }));
    expect(() => gfMulPow2(x, Int32Array.from([1]))).toThrow(expect.objectContaining({ code: 'ERR_SHAPE' }));
    for (const e of [-1, 127]) {
      expect(() => gfMulPow2(x, Int32Array.from([0, e]))).toThrow(expect.objectContaining({ code: 'ERR_RANGE' }));
    }
  });
});
