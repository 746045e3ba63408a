/**
 * Arithmetic in the prime field GF(p), p = 2^127 - 1, on arrays in the FM128 `Words` layout:
 * element i is (lo, hi) = (words[2i], words[2i+1]), always canonical, in [0, p).
 *
 * The Mersenne prime makes reduction an addition: 2^127 = 1 (mod p). The elementwise kernels run
 * in WebAssembly (asm/gfp.ts) through the same chunked scratch buffers as the ring kernels
 * (wasm/scratch.ts); conversions to and from bigints are for setup and tests only.
 */
import { MpcError } from '../errors';
import { checkSameSize } from './packing';
import type { Words } from './ring';
import { GFP_WASM } from './wasm/gfp.wasm';
import { instantiate } from './wasm/instantiate';
import { Scratch } from './wasm/scratch';
import { threadPool } from './pool';

/** The field modulus 2^127 - 1. */
export const P127 = (1n << 127n) - 1n;

/** The exports of asm/gfp.ts: byte offsets into the module's memory and element counts. */
interface GfpKernels {
  add(x: number, y: number, z: number, n: number): void;
  sub(x: number, y: number, z: number, n: number): void;
  mul(x: number, y: number, z: number, n: number): void;
  mulPow2(x: number, e: number, z: number, n: number): void;
  neg(x: number, z: number, n: number): void;
  reduce(x: number, z: number, n: number): void;
}

const kernels = instantiate<GfpKernels>(GFP_WASM);
const scratch = new Scratch(kernels.memory);
const { x: X, y: Y, z: Z } = scratch;

function zip(x: Words, y: Words, op: string, kernel: (x: number, y: number, z: number, n: number) => void): Words {
  checkSameSize(x, y, op);
  const z = threadPool.fresh(x.length);
  scratch.zip(x, y, z, (n) => kernel(X, Y, Z, n));
  return z;
}

function map(x: Words, kernel: (x: number, z: number, n: number) => void): Words {
  const z = threadPool.fresh(x.length);
  scratch.map(x, z, (n) => kernel(X, Z, n));
  return z;
}

/** Field elements from bigints, reduced mod p; negative values are allowed. */
export function gfFromBigInts(values: readonly bigint[]): Words {
  const z = new BigUint64Array(2 * values.length);
  for (let i = 0; i < values.length; i++) {
    const v = ((values[i]! % P127) + P127) % P127;
    z[2 * i] = v; // the store keeps the low 64 bits
    z[2 * i + 1] = v >> 64n;
  }
  return z;
}

/**
 * The elements as bigints in [0, p).
 *
 * @keep the GF(p) tests (ring, conformance, the OT dealer) read results with it.
 */
export function gfToBigInts(x: Words): bigint[] {
  const out: bigint[] = [];
  for (let i = 0; i < x.length; i += 2) out.push(x[i]! | (x[i + 1]! << 64n));
  return out;
}

/** x + y mod p, elementwise. */
export function gfAdd(x: Words, y: Words): Words {
  return zip(x, y, 'gfAdd', kernels.add);
}

/** x - y mod p, elementwise. */
export function gfSub(x: Words, y: Words): Words {
  return zip(x, y, 'gfSub', kernels.sub);
}

/** -x mod p, elementwise. */
export function gfNeg(x: Words): Words {
  return map(x, kernels.neg);
}

/** x · y mod p, elementwise. */
export function gfMul(x: Words, y: Words): Words {
  return zip(x, y, 'gfMul', kernels.mul);
}

const [B0, B1, B2, B3, B4] = scratch.buffers as [number, number, number, number, number];

/** x · y − c mod p, elementwise, in one pass with no product array (the TFP dealer's completion). */
export function gfMulSub(x: Words, y: Words, c: Words): Words {
  checkSameSize(x, y, 'gfMulSub');
  checkSameSize(x, c, 'gfMulSub');
  const z = threadPool.fresh(x.length);
  scratch.stream([x, y, c], z, 4, (n) => {
    kernels.mul(B0, B1, B3, n);
    kernels.sub(B3, B2, B4, n);
  });
  return z;
}

/** x_i · 2^(e_i) mod p for 0 <= e_i < 127: since 2^127 = 1 (mod p), a rotation within 127 bits. */
export function gfMulPow2(x: Words, e: Int32Array): Words {
  if (e.length * 2 !== x.length) {
    throw new MpcError('ERR_SHAPE', `gfMulPow2: ${x.length / 2} elements but ${e.length} exponents`);
  }
  for (let i = 0; i < e.length; i++) {
    if (!(e[i]! >= 0 && e[i]! < 127)) {
      throw new MpcError('ERR_RANGE', `gfMulPow2: exponent ${e[i]} at ${i} is outside [0, 127)`);
    }
  }
  const z = threadPool.fresh(x.length);
  scratch.zipInt32(x, e, z, (n) => kernels.mulPow2(X, Y, Z, n));
  return z;
}

/** Ring elements of Z_2^128, read as integers in [0, 2^128), reduced mod p. */
export function gfReduceFromRing(x: Words): Words {
  return map(x, kernels.reduce);
}

/**
 * 1 where x_i < floor(p/2) = 2^126 - 1, else 0. On 32-bit words, top first: x < 2^126 - 1 unless
 * bit 126 is set or bits 0..125 are all ones.
 */
export function gfLessThanHalf(x: Words): Uint8Array {
  const w = new Uint32Array(x.buffer, x.byteOffset, 2 * x.length);
  const out = new Uint8Array(x.length / 2);
  for (let i = 0; i < out.length; i++) {
    const top = w[4 * i + 3]!;
    const allOnes = top === 0x3fffffff && (w[4 * i]! & w[4 * i + 1]! & w[4 * i + 2]!) === -1;
    out[i] = top < 0x40000000 && !allOnes ? 1 : 0;
  }
  return out;
}
