/**
 * Z_2^128 for the engine: the hot kernels run in WebAssembly (asm/ring128.ts), with the same
 * semantics as the bigint reference `ring128Reference` and the same `Words` arrays.
 *
 * Wasm because JS has no fast 128-bit arithmetic: BigInts allocate and 32-bit limbs take many
 * operations (limits.md §3, mul in ns/element: BigInt 196, u32 limbs 13.5, wasm 2.3). The arrays
 * stay ordinary BigUint64Arrays owned by the caller; `Scratch` streams them through the module's
 * memory in cache-sized chunks (scratch.ts says why). Element access, construction and packing
 * are not hot and come from the reference unchanged.
 */
import { MpcError } from '../errors';
import { checkSameSize, unpackWords, xorUnpackedInto } from './packing';
import type { Ring, Words } from './ring';
import { ring128Reference } from './ring128Reference';
import { checkWidth } from './ring64';
import { instantiate } from './wasm/instantiate';
import { RING128_WASM } from './wasm/ring128.wasm';
import { Scratch } from './wasm/scratch';
import { threadPool } from './pool';

/** The exports of asm/ring128.ts: byte offsets into the module's memory, element counts, (lo, hi) constants. */
interface Ring128Kernels {
  add(x: number, y: number, z: number, n: number): void;
  sub(x: number, y: number, z: number, n: number): void;
  mul(x: number, y: number, z: number, n: number): void;
  mulAdd(x: number, y: number, z: number, n: number): void;
  xor(x: number, y: number, z: number, n: number): void;
  and(x: number, y: number, z: number, n: number): void;
  neg(x: number, z: number, n: number): void;
  addScalar(x: number, z: number, n: number, cLo: bigint, cHi: bigint): void;
  mulScalar(x: number, z: number, n: number, cLo: bigint, cHi: bigint): void;
  xorScalar(x: number, z: number, n: number, cLo: bigint, cHi: bigint): void;
  andScalar(x: number, z: number, n: number, cLo: bigint, cHi: bigint): void;
  shl(x: number, z: number, n: number, m: number): void;
  lshr(x: number, z: number, n: number, m: number): void;
  ashr(x: number, z: number, n: number, m: number): void;
  bit(x: number, z: number, n: number, j: number): void;
  deinterleave(x: number, even: number, odd: number, n: number, mask: bigint): void;
}

const kernels = instantiate<Ring128Kernels>(RING128_WASM);
const scratch = new Scratch(kernels.memory);
const { x: X, y: Y, z: Z } = scratch;

type Binary = (x: number, y: number, z: number, n: number) => void;
type WithConstant = (x: number, z: number, n: number, cLo: bigint, cHi: bigint) => void;
type WithCount = (x: number, z: number, n: number, m: number) => void;

function zip(x: Words, y: Words, op: string, kernel: Binary): Words {
  checkSameSize(x, y, op);
  const z = threadPool.fresh(x.length);
  scratch.zip(x, y, z, (n) => kernel(X, Y, Z, n));
  return z;
}

/**
 * x ← kernel(x, y). The reference computes the whole result before writing it; here chunks of x
 * are written as they go, so y is copied first when it is a different view overlapping x.
 */
function zipInPlace(x: Words, y: Words, op: string, kernel: Binary): void {
  checkSameSize(x, y, op);
  const shifted =
    x.buffer === y.buffer &&
    x.byteOffset !== y.byteOffset &&
    x.byteOffset < y.byteOffset + y.byteLength &&
    y.byteOffset < x.byteOffset + x.byteLength;
  scratch.zip(x, shifted ? y.slice() : y, x, (n) => kernel(X, Y, Z, n));
}

function map(x: Words, kernel: (n: number) => void): Words {
  const z = threadPool.fresh(x.length);
  scratch.map(x, z, kernel);
  return z;
}

/** x ← kernel(x): each chunk is copied into the module before its result is copied back over it. */
function mapInPlace(x: Words, kernel: (n: number) => void): void {
  scratch.map(x, x, kernel);
}

function mapConstant(x: Words, c: bigint, kernel: WithConstant, inPlace = false): Words {
  const lo = BigInt.asUintN(64, c);
  const hi = BigInt.asUintN(64, c >> 64n);
  const run = (n: number) => kernel(X, Z, n, lo, hi);
  if (!inPlace) return map(x, run);
  mapInPlace(x, run);
  return x;
}

function mapCount(x: Words, m: number, kernel: WithCount, inPlace = false): Words {
  if (!(Number.isInteger(m) && m >= 0 && m < 128)) {
    throw new MpcError('ERR_SHAPE', `shift amount ${m} is outside [0, 128) for FM128`);
  }
  const run = (n: number) => kernel(X, Z, n, m);
  if (!inPlace) return map(x, run);
  mapInPlace(x, run);
  return x;
}

/** Offsets of the scratch buffers the Beaver combine streams its operands through. */
const [E, D, A, B, C] = scratch.buffers as [number, number, number, number, number];

/**
 * z ← z + e·b + d·a (+ e·d): each tile of the five operands is copied in once, combined by two or
 * three kernel calls that keep the products in the module, and copied out once.
 */
function beaverCombine(z: Words, e: Words, d: Words, a: Words, b: Words, withEd: boolean): void {
  for (const v of [e, d, a, b]) checkSameSize(z, v, 'beaverCombine_');
  scratch.stream([e, d, a, b, z], z, 4, (n) => {
    // e·b + e·d = e·(b + d): party 0's extra product costs an addition, not a multiplication
    if (withEd) kernels.add(B, D, B, n);
    kernels.mulAdd(E, B, C, n);
    kernels.mulAdd(D, A, C, n);
  });
}

/** x ← x + a peer's share: its bytes go from the frame into the module, with no unpacked array. */
function unpackAdd(x: Words, bytes: Uint8Array, byteWidth: number): void {
  if (byteWidth !== 16) {
    zipInPlace(x, unpackWords(bytes, 2, byteWidth, x.length / 2), 'unpackAdd_', kernels.add);
    return;
  }
  if (bytes.length !== 8 * x.length) throw new MpcError('ERR_SHAPE', `unpackAdd_: ${bytes.length} bytes for ${x.length / 2} elements of 16 bytes`);
  scratch.stream([x, bytes], x, 2, (n) => kernels.add(X, Y, Z, n));
}

export const ring128: Ring = {
  ...ring128Reference,

  add: (x, y) => zip(x, y, 'add', kernels.add),
  add_: (x, y) => zipInPlace(x, y, 'add_', kernels.add),
  sub: (x, y) => zip(x, y, 'sub', kernels.sub),
  sub_: (x, y) => zipInPlace(x, y, 'sub_', kernels.sub),
  neg: (x) => map(x, (n) => kernels.neg(X, Z, n)),
  mul: (x, y) => zip(x, y, 'mul', kernels.mul),
  addScalar: (x, c) => mapConstant(x, c, kernels.addScalar),
  mulScalar: (x, c) => mapConstant(x, c, kernels.mulScalar),

  xor: (x, y) => zip(x, y, 'xor', kernels.xor),
  xor_: (x, y) => zipInPlace(x, y, 'xor_', kernels.xor),
  and: (x, y) => zip(x, y, 'and', kernels.and),
  andScalar: (x, c) => mapConstant(x, c, kernels.andScalar),
  xorScalar: (x, c) => mapConstant(x, c, kernels.xorScalar),
  shl: (x, m) => mapCount(x, m, kernels.shl),
  lshr: (x, m) => mapCount(x, m, kernels.lshr),
  ashr: (x, m) => mapCount(x, m, kernels.ashr),
  bit: (x, j) => mapCount(x, j, kernels.bit),
  addScalar_: (x, c) => void mapConstant(x, c, kernels.addScalar, true),
  mulScalar_: (x, c) => void mapConstant(x, c, kernels.mulScalar, true),
  andScalar_: (x, c) => void mapConstant(x, c, kernels.andScalar, true),
  neg_: (x) => mapInPlace(x, (n) => kernels.neg(X, Z, n)),
  shl_: (x, m) => void mapCount(x, m, kernels.shl, true),
  lshr_: (x, m) => void mapCount(x, m, kernels.lshr, true),
  mul_: (x, y) => zipInPlace(x, y, 'mul_', kernels.mul),
  subInto(z, x, y) {
    checkSameSize(x, y, 'subInto');
    checkSameSize(z, x, 'subInto');
    scratch.stream([x, y], z, 2, (n) => kernels.sub(X, Y, Z, n));
  },
  addInto(z, x, y) {
    checkSameSize(x, y, 'addInto');
    checkSameSize(z, x, 'addInto');
    scratch.stream([x, y], z, 2, (n) => kernels.add(X, Y, Z, n));
  },
  completeTripleInto(z, a0, a1, b0, b1, c1) {
    for (const v of [a0, a1, b0, b1, c1]) checkSameSize(z, v, 'completeTripleInto');
    scratch.stream([a0, a1, b0, b1, c1], z, 4, (n) => {
      kernels.add(E, D, E, n);
      kernels.add(A, B, A, n);
      kernels.mul(E, A, D, n);
      kernels.sub(D, C, C, n);
    });
  },
  beaverCombine_: beaverCombine,
  unpackAdd_: unpackAdd,
  unpackXor_: (x, bytes, byteWidth) => xorUnpackedInto(x, 2, bytes, byteWidth),
  deinterleave(x, width) {
    checkWidth(width, 128);
    const mask = BigInt.asUintN(64, (1n << BigInt(width / 2)) - 1n);
    const even = threadPool.fresh(x.length);
    const odd = threadPool.fresh(x.length);
    scratch.split(x, even, odd, (n) => kernels.deinterleave(X, Y, Z, n, mask));
    return { even, odd };
  },
};
