/**
 * The rings Z_2^64 (FM64) and Z_2^128 (FM128), on typed arrays.
 *
 * An array of n ring elements is a `Words` value: a BigUint64Array of n·wpe 64-bit words, where
 * wpe (words per element) is 1 for FM64 and 2 for FM128. An FM128 element i is stored little-endian
 * as (lo, hi) = (words[2i], words[2i+1]), so the array's bytes are the elements' 16-byte
 * little-endian encodings back to back: the wire format needs no conversion.
 *
 * Kernels are pure functions. A name with a trailing underscore writes into its first argument;
 * every other kernel allocates its result. Signed values are two's complement.
 */
export type Field = 'FM64' | 'FM128';

/** n ring elements, wpe 64-bit words each (see the module comment). */
export type Words = BigUint64Array;

export interface Ring {
  readonly field: Field;
  /** Bits per element: 64 or 128. */
  readonly k: 64 | 128;
  /** Bytes per element: 8 or 16. */
  readonly bytes: 8 | 16;
  /** 64-bit words per element: 1 or 2. */
  readonly wpe: 1 | 2;
  /** 2^k - 1 as a bigint, for masks in tests and constant setup. */
  readonly mask: bigint;

  /** A zeroed array of n elements. */
  alloc(n: number): Words;
  /** Number of elements in x. */
  size(x: Words): number;
  /** Elements from bigints, reduced mod 2^k (negative values wrap). */
  fromBigInts(values: readonly bigint[]): Words;
  /** Element i as an unsigned bigint in [0, 2^k). */
  get(x: Words, i: number): bigint;
  /** Element i as a signed bigint in [-2^(k-1), 2^(k-1)). */
  getSigned(x: Words, i: number): bigint;
  /** x[i] ← v mod 2^k. */
  set(x: Words, i: number, v: bigint): void;
  /** n copies of c mod 2^k. */
  constant(n: number, c: bigint): Words;
  /** Elements start..end-1 of x, copied. */
  slice(x: Words, start: number, end: number): Words;
  /** The arrays one after another, copied. */
  concat(parts: readonly Words[]): Words;

  add(x: Words, y: Words): Words;
  add_(x: Words, y: Words): void;
  sub(x: Words, y: Words): Words;
  sub_(x: Words, y: Words): void;
  neg(x: Words): Words;
  /** Elementwise product mod 2^k. */
  mul(x: Words, y: Words): Words;
  /** x + c for a public constant c (mod 2^k). */
  addScalar(x: Words, c: bigint): Words;
  /** x · c for a public constant c (mod 2^k). */
  mulScalar(x: Words, c: bigint): Words;

  xor(x: Words, y: Words): Words;
  xor_(x: Words, y: Words): void;
  and(x: Words, y: Words): Words;
  /** x AND c for a public mask c. */
  andScalar(x: Words, c: bigint): Words;
  /** x XOR c for a public constant c. */
  xorScalar(x: Words, c: bigint): Words;
  /** x << m (0 ≤ m < k). */
  shl(x: Words, m: number): Words;
  /** Logical right shift x >>> m. */
  lshr(x: Words, m: number): Words;
  /** Arithmetic right shift (sign-extending) x >> m. */
  ashr(x: Words, m: number): Words;
  /** Bit j of each element, as elements 0 or 1. */
  bit(x: Words, j: number): Words;
  /**
   * Split the low `width` bits (width even, ≤ k) of each element into the bits at even positions
   * and the bits at odd positions, each compacted into the low width/2 bits.
   */
  deinterleave(x: Words, width: number): { even: Words; odd: Words };

  /**
   * In place, for a caller whose x is a temporary it owns: x ← x + c, x·c, x AND c, −x, x << m,
   * x >>> m, x·y, with the rules of the allocating ops above. They write no new array, so a step
   * that chains them allocates its result once (pool.ts says why that matters).
   */
  addScalar_(x: Words, c: bigint): void;
  mulScalar_(x: Words, c: bigint): void;
  andScalar_(x: Words, c: bigint): void;
  neg_(x: Words): void;
  shl_(x: Words, m: number): void;
  lshr_(x: Words, m: number): void;
  mul_(x: Words, y: Words): void;

  /**
   * z ← x − y into a caller's array (z may be a subarray of a larger one). z may be x or y itself,
   * but no other view that overlaps them.
   */
  subInto(z: Words, x: Words, y: Words): void;
  /** z ← x + y into a caller's array, with subInto's rules on overlap. */
  addInto(z: Words, x: Words, y: Words): void;
  /**
   * z ← (a0 + a1)·(b0 + b1) − c1 into a caller's array that overlaps none of the others: party 0's
   * share of c in a two-party Beaver triple from both parties' draws (tfpDealer), in one pass
   * with no sum or product arrays.
   */
  completeTripleInto(z: Words, a0: Words, a1: Words, b0: Words, b1: Words, c1: Words): void;
  /**
   * z ← z + e·b + d·a, plus e·d when withEd: the local combine of a Beaver multiplication
   * (SPU MulAA's last step; withEd at party 0), in one pass with no product arrays.
   */
  beaverCombine_(z: Words, e: Words, d: Words, a: Words, b: Words, withEd: boolean): void;
  /**
   * x ← x + unpack(bytes, byteWidth, x's element count): a peer's packed share added straight from
   * its frame, without the unpacked array (an opening needs only the sum).
   */
  unpackAdd_(x: Words, bytes: Uint8Array, byteWidth: number): void;
  /** x ← x XOR unpack(bytes, byteWidth, x's element count), likewise (a boolean opening). */
  unpackXor_(x: Words, bytes: Uint8Array, byteWidth: number): void;

  /** Pack the low `byteWidth` bytes of each element (byteWidth ≤ bytes), little-endian. */
  pack(x: Words, byteWidth: number): Uint8Array;
  /** Inverse of pack: n elements from byteWidth bytes each. */
  unpack(bytes: Uint8Array, byteWidth: number, n: number): Words;
}

/** The bytes of x as a view (no copy). */
export function wordsAsBytes(x: Words): Uint8Array {
  return new Uint8Array(x.buffer, x.byteOffset, x.byteLength);
}

/** The smallest of 1, 2, 4, 8, 16 bytes that holds nbits bits (SPU's backtype for a B share). */
export function backtypeBytes(nbits: number): 1 | 2 | 4 | 8 | 16 {
  if (nbits <= 8) return 1;
  if (nbits <= 16) return 2;
  if (nbits <= 32) return 4;
  if (nbits <= 64) return 8;
  return 16;
}
