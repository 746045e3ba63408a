/** Bit strings for the offline phase: packing values of any width, and bit-array conversions. */
import type { Words } from '../ring';

/** Appends values of 1..32 bits to a byte array, least significant bit first. */
export class BitWriter {
  private pos = 0;
  constructor(readonly bytes: Uint8Array) {}

  write(v: number, nb: number): void {
    let pos = this.pos;
    while (nb > 0) {
      const off = pos & 7;
      const take = Math.min(nb, 8 - off);
      this.bytes[pos >> 3]! |= (v & ((1 << take) - 1)) << off;
      v >>>= take;
      nb -= take;
      pos += take;
    }
    this.pos = pos;
  }

  /** The low w bits of each of the n elements of x (wpe 64-bit words each). */
  writeWords(x: Words, n: number, wpe: number, w: number): void {
    const limbs = new Uint32Array(x.buffer, x.byteOffset, x.length * 2);
    const full = w >>> 5;
    const rem = w & 31;
    for (let e = 0; e < n; e++) {
      const base = 2 * wpe * e;
      for (let l = 0; l < full; l++) this.write(limbs[base + l]!, 32);
      if (rem) this.write(limbs[base + full]!, rem);
    }
  }
}

/** Reads what BitWriter wrote. */
export class BitReader {
  private pos = 0;
  constructor(private readonly bytes: Uint8Array) {}

  read(nb: number): number {
    let v = 0;
    let got = 0;
    let pos = this.pos;
    while (got < nb) {
      const off = pos & 7;
      const take = Math.min(nb - got, 8 - off);
      v |= ((this.bytes[pos >> 3]! >>> off) & ((1 << take) - 1)) << got;
      got += take;
      pos += take;
    }
    this.pos = pos;
    return v >>> 0;
  }

  /** n elements of w bits each (higher bits zero). */
  readWords(n: number, wpe: number, w: number): Words {
    const x = new BigUint64Array(n * wpe);
    const limbs = new Uint32Array(x.buffer);
    const full = w >>> 5;
    const rem = w & 31;
    for (let e = 0; e < n; e++) {
      const base = 2 * wpe * e;
      for (let l = 0; l < full; l++) limbs[base + l] = this.read(32);
      if (rem) limbs[base + full] = this.read(rem);
    }
    return x;
  }
}

/** Bytes needed for `bits` bits. */
export function bitBytes(bits: number): number {
  return Math.ceil(bits / 8);
}

/** Bits 0..B−1 of n elements as 0/1 bytes, bit-major: out[b·n + e] = bit b of element e. */
export function bitsOfWords(x: Words, n: number, wpe: number, B: number): Uint8Array {
  const limbs = new Uint32Array(x.buffer, x.byteOffset, x.length * 2);
  const out = new Uint8Array(n * B);
  for (let b = 0; b < B; b++) {
    const l = b >>> 5;
    const s = b & 31;
    for (let e = 0; e < n; e++) out[b * n + e] = (limbs[2 * wpe * e + l]! >>> s) & 1;
  }
  return out;
}

/** The inverse of bitsOfWords: n elements from B bit-major bits. */
export function wordsOfBits(bits: Uint8Array, n: number, wpe: number, B: number): Words {
  const x = new BigUint64Array(n * wpe);
  const limbs = new Uint32Array(x.buffer);
  for (let b = 0; b < B; b++) {
    const l = b >>> 5;
    const s = b & 31;
    for (let e = 0; e < n; e++) if (bits[b * n + e]) limbs[2 * wpe * e + l]! |= 1 << s;
  }
  return x;
}

/** 0/1 bytes packed eight to a byte (bit j = byte j>>3, bit j&7), padded with zeros to `padTo` bits. */
export function packBits(bits: Uint8Array, padTo: number): Uint8Array {
  const out = new Uint8Array(bitBytes(padTo));
  for (let j = 0; j < bits.length; j++) if (bits[j]) out[j >> 3]! |= 1 << (j & 7);
  return out;
}
