/**
 * Z_2^64 on BigUint64Array. V8 compiles element-wise BigUint64Array arithmetic to native 64-bit
 * code without allocating BigInts (limits.md: about 1.4 ns per element in Node), because the
 * store into the typed array truncates mod 2^64 by itself.
 */
import { MpcError } from '../errors';
import type { Ring } from './ring';
import { addUnpacked64Into, checkSameSize, concatWords, packWords, unpackWords, xorUnpackedInto } from './packing';
import { evenBits16 } from './evenBits';

const MASK64 = (1n << 64n) - 1n;

/** z ← x·y elementwise mod 2^64 (the kernel of `mul`, into a caller's array; benchmarks time it alone). */
export function mulInto(z: BigUint64Array, x: BigUint64Array, y: BigUint64Array): void {
  for (let i = 0; i < x.length; i++) z[i] = x[i]! * y[i]!;
}

export const ring64: Ring = {
  field: 'FM64',
  k: 64,
  bytes: 8,
  wpe: 1,
  mask: MASK64,

  alloc: (n) => new BigUint64Array(n),
  size: (x) => x.length,
  fromBigInts(values) {
    const z = new BigUint64Array(values.length);
    for (let i = 0; i < values.length; i++) z[i] = BigInt.asUintN(64, values[i]!);
    return z;
  },
  get: (x, i) => x[i]!,
  getSigned: (x, i) => BigInt.asIntN(64, x[i]!),
  set(x, i, v) {
    x[i] = BigInt.asUintN(64, v);
  },
  constant(n, c) {
    return new BigUint64Array(n).fill(BigInt.asUintN(64, c));
  },
  slice: (x, start, end) => x.slice(start, end),
  concat: concatWords,

  add(x, y) {
    checkSameSize(x, y, 'add');
    const z = new BigUint64Array(x.length);
    for (let i = 0; i < x.length; i++) z[i] = x[i]! + y[i]!;
    return z;
  },
  add_(x, y) {
    checkSameSize(x, y, 'add_');
    for (let i = 0; i < x.length; i++) x[i] = x[i]! + y[i]!;
  },
  sub(x, y) {
    checkSameSize(x, y, 'sub');
    const z = new BigUint64Array(x.length);
    for (let i = 0; i < x.length; i++) z[i] = x[i]! - y[i]!;
    return z;
  },
  sub_(x, y) {
    checkSameSize(x, y, 'sub_');
    for (let i = 0; i < x.length; i++) x[i] = x[i]! - y[i]!;
  },
  neg(x) {
    const z = new BigUint64Array(x.length);
    for (let i = 0; i < x.length; i++) z[i] = -x[i]!;
    return z;
  },
  mul(x, y) {
    checkSameSize(x, y, 'mul');
    const z = new BigUint64Array(x.length);
    mulInto(z, x, y);
    return z;
  },
  addScalar(x, c) {
    const cc = BigInt.asUintN(64, c);
    const z = new BigUint64Array(x.length);
    for (let i = 0; i < x.length; i++) z[i] = x[i]! + cc;
    return z;
  },
  mulScalar(x, c) {
    const cc = BigInt.asUintN(64, c);
    const z = new BigUint64Array(x.length);
    for (let i = 0; i < x.length; i++) z[i] = x[i]! * cc;
    return z;
  },

  xor(x, y) {
    checkSameSize(x, y, 'xor');
    const z = new BigUint64Array(x.length);
    for (let i = 0; i < x.length; i++) z[i] = x[i]! ^ y[i]!;
    return z;
  },
  xor_(x, y) {
    checkSameSize(x, y, 'xor_');
    for (let i = 0; i < x.length; i++) x[i] = x[i]! ^ y[i]!;
  },
  and(x, y) {
    checkSameSize(x, y, 'and');
    const z = new BigUint64Array(x.length);
    for (let i = 0; i < x.length; i++) z[i] = x[i]! & y[i]!;
    return z;
  },
  andScalar(x, c) {
    const cc = BigInt.asUintN(64, c);
    const z = new BigUint64Array(x.length);
    for (let i = 0; i < x.length; i++) z[i] = x[i]! & cc;
    return z;
  },
  xorScalar(x, c) {
    const cc = BigInt.asUintN(64, c);
    const z = new BigUint64Array(x.length);
    for (let i = 0; i < x.length; i++) z[i] = x[i]! ^ cc;
    return z;
  },
  shl(x, m) {
    checkShift(m);
    const s = BigInt(m);
    const z = new BigUint64Array(x.length);
    for (let i = 0; i < x.length; i++) z[i] = x[i]! << s;
    return z;
  },
  lshr(x, m) {
    checkShift(m);
    const s = BigInt(m);
    const z = new BigUint64Array(x.length);
    for (let i = 0; i < x.length; i++) z[i] = x[i]! >> s;
    return z;
  },
  ashr(x, m) {
    checkShift(m);
    const s = BigInt(m);
    const z = new BigUint64Array(x.length);
    // BigInt64Array reads sign-extend, and the shift of a negative bigint rounds toward -inf.
    const xs = new BigInt64Array(x.buffer, x.byteOffset, x.length);
    for (let i = 0; i < x.length; i++) z[i] = BigInt.asUintN(64, xs[i]! >> s);
    return z;
  },
  bit(x, j) {
    checkShift(j);
    const s = BigInt(j);
    const z = new BigUint64Array(x.length);
    for (let i = 0; i < x.length; i++) z[i] = (x[i]! >> s) & 1n;
    return z;
  },
  deinterleave(x, width) {
    checkWidth(width, 64);
    // On the 32-bit halves of each word, which every engine runs as machine integers. V8 11.3
    // also compiles the per-bit BigInt loop this replaced to 64-bit code (both 15 ns/element at
    // 10^6), but an engine without that optimization allocates BigInts on every bit.
    const half = width / 2;
    const keep = half === 32 ? 0xffffffff : 2 ** half - 1;
    const even = new BigUint64Array(x.length);
    const odd = new BigUint64Array(x.length);
    const xs = new Uint32Array(x.buffer, x.byteOffset, 2 * x.length);
    const es = new Uint32Array(even.buffer);
    const os = new Uint32Array(odd.buffer);
    for (let i = 0; i < x.length; i++) {
      const lo = xs[2 * i]!;
      const hi = xs[2 * i + 1]!;
      es[2 * i] = (evenBits16(lo) | (evenBits16(hi) << 16)) & keep;
      os[2 * i] = (evenBits16(lo >>> 1) | (evenBits16(hi >>> 1) << 16)) & keep;
    }
    return { even, odd };
  },

  addScalar_(x, c) {
    const cc = BigInt.asUintN(64, c);
    for (let i = 0; i < x.length; i++) x[i] = x[i]! + cc;
  },
  mulScalar_(x, c) {
    const cc = BigInt.asUintN(64, c);
    for (let i = 0; i < x.length; i++) x[i] = x[i]! * cc;
  },
  andScalar_(x, c) {
    const cc = BigInt.asUintN(64, c);
    for (let i = 0; i < x.length; i++) x[i] = x[i]! & cc;
  },
  neg_(x) {
    for (let i = 0; i < x.length; i++) x[i] = -x[i]!;
  },
  shl_(x, m) {
    checkShift(m);
    const s = BigInt(m);
    for (let i = 0; i < x.length; i++) x[i] = x[i]! << s;
  },
  lshr_(x, m) {
    checkShift(m);
    const s = BigInt(m);
    for (let i = 0; i < x.length; i++) x[i] = x[i]! >> s;
  },
  mul_(x, y) {
    checkSameSize(x, y, 'mul_');
    mulInto(x, x, y);
  },

  subInto(z, x, y) {
    checkSameSize(x, y, 'subInto');
    checkSameSize(z, x, 'subInto');
    for (let i = 0; i < x.length; i++) z[i] = x[i]! - y[i]!;
  },
  addInto(z, x, y) {
    checkSameSize(x, y, 'addInto');
    checkSameSize(z, x, 'addInto');
    for (let i = 0; i < x.length; i++) z[i] = x[i]! + y[i]!;
  },
  completeTripleInto(z, a0, a1, b0, b1, c1) {
    for (const v of [a0, a1, b0, b1, c1]) checkSameSize(z, v, 'completeTripleInto');
    for (let i = 0; i < z.length; i++) z[i] = (a0[i]! + a1[i]!) * (b0[i]! + b1[i]!) - c1[i]!;
  },
  beaverCombine_(z, e, d, a, b, withEd) {
    for (const v of [e, d, a, b]) checkSameSize(z, v, 'beaverCombine_');
    // e·b + e·d = e·(b + d): party 0's extra product costs an addition, not a multiplication
    if (withEd) for (let i = 0; i < z.length; i++) z[i] = z[i]! + e[i]! * (b[i]! + d[i]!) + d[i]! * a[i]!;
    else for (let i = 0; i < z.length; i++) z[i] = z[i]! + e[i]! * b[i]! + d[i]! * a[i]!;
  },
  unpackAdd_: addUnpacked64Into,
  unpackXor_: (x, bytes, byteWidth) => xorUnpackedInto(x, 1, bytes, byteWidth),

  pack: (x, byteWidth) => packWords(x, 1, byteWidth),
  unpack: (bytes, byteWidth, n) => unpackWords(bytes, 1, byteWidth, n),
};

function checkShift(m: number): void {
  if (!(Number.isInteger(m) && m >= 0 && m < 64)) {
    throw new MpcError('ERR_SHAPE', `shift amount ${m} is outside [0, 64) for FM64`);
  }
}

export function checkWidth(width: number, k: number): void {
  if (!(Number.isInteger(width) && width >= 2 && width <= k && width % 2 === 0)) {
    throw new MpcError('ERR_SHAPE', `deinterleave width ${width} must be even and in [2, ${k}]`);
  }
}
