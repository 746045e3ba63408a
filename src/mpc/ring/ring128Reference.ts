/**
 * Z_2^128 on BigUint64Array (lo, hi) word pairs. Reference implementation: element-wise bigint
 * arithmetic, simple and obviously right; fast kernels replace it behind the same Ring interface.
 */
import { MpcError } from '../errors';
import type { Ring, Words } from './ring';
import { checkSameSize, concatWords, packWords, unpackWords } from './packing';
import { checkWidth } from './ring64';

const MASK128 = (1n << 128n) - 1n;

function ld(x: Words, i: number): bigint {
  return x[2 * i]! | (x[2 * i + 1]! << 64n);
}
function st(x: Words, i: number, v: bigint): void {
  x[2 * i] = v; // the store truncates to the low 64 bits
  x[2 * i + 1] = v >> 64n;
}
function map1(x: Words, f: (a: bigint) => bigint): Words {
  const n = x.length / 2;
  const z = new BigUint64Array(2 * n);
  for (let i = 0; i < n; i++) st(z, i, BigInt.asUintN(128, f(ld(x, i))));
  return z;
}
function map2(x: Words, y: Words, op: string, f: (a: bigint, b: bigint) => bigint): Words {
  checkSameSize(x, y, op);
  const n = x.length / 2;
  const z = new BigUint64Array(2 * n);
  for (let i = 0; i < n; i++) st(z, i, BigInt.asUintN(128, f(ld(x, i), ld(y, i))));
  return z;
}
function checkShift(m: number): void {
  if (!(Number.isInteger(m) && m >= 0 && m < 128)) {
    throw new MpcError('ERR_SHAPE', `shift amount ${m} is outside [0, 128) for FM128`);
  }
}

export const ring128Reference: Ring = {
  field: 'FM128',
  k: 128,
  bytes: 16,
  wpe: 2,
  mask: MASK128,

  alloc: (n) => new BigUint64Array(2 * n),
  size: (x) => x.length / 2,
  fromBigInts(values) {
    const z = new BigUint64Array(2 * values.length);
    for (let i = 0; i < values.length; i++) st(z, i, BigInt.asUintN(128, values[i]!));
    return z;
  },
  get: ld,
  getSigned: (x, i) => BigInt.asIntN(128, ld(x, i)),
  set(x, i, v) {
    st(x, i, BigInt.asUintN(128, v));
  },
  constant(n, c) {
    const z = new BigUint64Array(2 * n);
    const v = BigInt.asUintN(128, c);
    for (let i = 0; i < n; i++) st(z, i, v);
    return z;
  },
  slice: (x, start, end) => x.slice(2 * start, 2 * end),
  concat: concatWords,

  add: (x, y) => map2(x, y, 'add', (a, b) => a + b),
  add_(x, y) {
    x.set(map2(x, y, 'add_', (a, b) => a + b));
  },
  sub: (x, y) => map2(x, y, 'sub', (a, b) => a - b),
  sub_(x, y) {
    x.set(map2(x, y, 'sub_', (a, b) => a - b));
  },
  neg: (x) => map1(x, (a) => -a),
  mul: (x, y) => map2(x, y, 'mul', (a, b) => a * b),
  addScalar: (x, c) => map1(x, (a) => a + c),
  mulScalar: (x, c) => map1(x, (a) => a * c),

  xor: (x, y) => map2(x, y, 'xor', (a, b) => a ^ b),
  xor_(x, y) {
    checkSameSize(x, y, 'xor_');
    for (let i = 0; i < x.length; i++) x[i] = x[i]! ^ y[i]!;
  },
  and: (x, y) => map2(x, y, 'and', (a, b) => a & b),
  andScalar: (x, c) => map1(x, (a) => a & c),
  xorScalar: (x, c) => map1(x, (a) => a ^ c),
  shl(x, m) {
    checkShift(m);
    return map1(x, (a) => a << BigInt(m));
  },
  lshr(x, m) {
    checkShift(m);
    return map1(x, (a) => a >> BigInt(m));
  },
  ashr(x, m) {
    checkShift(m);
    return map1(x, (a) => BigInt.asIntN(128, a) >> BigInt(m));
  },
  bit(x, j) {
    checkShift(j);
    return map1(x, (a) => (a >> BigInt(j)) & 1n);
  },
  deinterleave(x, width) {
    checkWidth(width, 128);
    const half = width / 2;
    const n = x.length / 2;
    const even = new BigUint64Array(2 * n);
    const odd = new BigUint64Array(2 * n);
    for (let i = 0; i < n; i++) {
      const v = ld(x, i);
      let e = 0n;
      let o = 0n;
      for (let b = 0; b < half; b++) {
        e |= ((v >> BigInt(2 * b)) & 1n) << BigInt(b);
        o |= ((v >> BigInt(2 * b + 1)) & 1n) << BigInt(b);
      }
      st(even, i, e);
      st(odd, i, o);
    }
    return { even, odd };
  },

  addScalar_: (x, c) => x.set(ring128Reference.addScalar(x, c)),
  mulScalar_: (x, c) => x.set(ring128Reference.mulScalar(x, c)),
  andScalar_: (x, c) => x.set(ring128Reference.andScalar(x, c)),
  neg_: (x) => x.set(ring128Reference.neg(x)),
  shl_: (x, m) => x.set(ring128Reference.shl(x, m)),
  lshr_: (x, m) => x.set(ring128Reference.lshr(x, m)),
  mul_: (x, y) => x.set(ring128Reference.mul(x, y)),
  subInto(z, x, y) {
    checkSameSize(z, x, 'subInto');
    z.set(map2(x, y, 'subInto', (a, b) => a - b));
  },
  addInto(z, x, y) {
    checkSameSize(z, x, 'addInto');
    z.set(map2(x, y, 'addInto', (a, b) => a + b));
  },
  completeTripleInto(z, a0, a1, b0, b1, c1) {
    for (const v of [a0, a1, b0, b1, c1]) checkSameSize(z, v, 'completeTripleInto');
    for (let i = 0; i < z.length / 2; i++) st(z, i, BigInt.asUintN(128, (ld(a0, i) + ld(a1, i)) * (ld(b0, i) + ld(b1, i)) - ld(c1, i)));
  },
  beaverCombine_(z, e, d, a, b, withEd) {
    for (const v of [e, d, a, b]) checkSameSize(z, v, 'beaverCombine_');
    const n = z.length / 2;
    for (let i = 0; i < n; i++) {
      const E = ld(e, i);
      const D = ld(d, i);
      st(z, i, BigInt.asUintN(128, ld(z, i) + E * ld(b, i) + D * ld(a, i) + (withEd ? E * D : 0n)));
    }
  },
  unpackAdd_(x, bytes, byteWidth) {
    x.set(map2(x, unpackWords(bytes, 2, byteWidth, x.length / 2), 'unpackAdd_', (a, b) => a + b));
  },
  unpackXor_(x, bytes, byteWidth) {
    x.set(map2(x, unpackWords(bytes, 2, byteWidth, x.length / 2), 'unpackXor_', (a, b) => a ^ b));
  },

  pack: (x, byteWidth) => packWords(x, 2, byteWidth),
  unpack: (bytes, byteWidth, n) => unpackWords(bytes, 2, byteWidth, n),
};
