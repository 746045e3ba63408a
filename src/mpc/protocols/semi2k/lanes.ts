/**
 * XOR-shared values of nbits bits kept in their wire layout: element i in backtype(nbits) bytes,
 * little-endian, at bytes i·bt … i·bt + bt − 1 of a Uint8Array ("lanes"). Boolean circuits (the
 * comparison's carry tree) run on lanes from the first AND to the last, so an opening sends the
 * array as it is and XORs what arrives straight into it: no packing, unpacking, concatenation or
 * slicing per round, and a 64-bit value takes 8 bytes instead of a 16-byte FM128 element.
 *
 * The kernels work 32 bits at a time where every operand starts on a 4-byte boundary (arrays made
 * here do: `allocLanes` pads the buffer to a multiple of 4), and a byte at a time otherwise (a
 * payload inside a received frame, the tail). JS's 32-bit bitwise operators are native; nothing
 * here boxes a BigInt.
 */
import { MpcError } from '../../errors';
import { backtypeBytes } from '../../ring';
import { evenBits16 } from '../../ring/evenBits';

/** A zeroed lane array of `bytes` bytes whose buffer is padded to a multiple of 4. */
export function allocLanes(bytes: number): Uint8Array {
  return new Uint8Array(new ArrayBuffer((bytes + 3) & ~3), 0, bytes);
}

/** The 32-bit words that cover the first ⌊length/4⌋·4 bytes of x, or null if x is not 4-byte aligned. */
function words32(x: Uint8Array): Int32Array | null {
  return x.byteOffset % 4 === 0 ? new Int32Array(x.buffer, x.byteOffset, x.length >>> 2) : null;
}

function checkLength(op: string, len: number, ...xs: Uint8Array[]): void {
  for (const x of xs) {
    if (x.length !== len) throw new MpcError('ERR_SHAPE', `${op}: lane arrays of ${len} and ${x.length} bytes`);
  }
}

/** dst ← dst ⊕ src. */
export function xorLanesInto(dst: Uint8Array, src: Uint8Array): void {
  checkLength('xor lanes', dst.length, src);
  let i = 0;
  const D = words32(dst);
  const S = words32(src);
  if (D && S) {
    for (let w = 0; w < D.length; w++) D[w]! ^= S[w]!;
    i = 4 * D.length;
  }
  for (; i < dst.length; i++) dst[i]! ^= src[i]!;
}

/** out ← x ⊕ y (out may be a view of a larger array). */
export function xorLanesTo(out: Uint8Array, x: Uint8Array, y: Uint8Array): void {
  checkLength('xor lanes', out.length, x, y);
  let i = 0;
  const O = words32(out);
  const X = words32(x);
  const Y = words32(y);
  if (O && X && Y) {
    for (let w = 0; w < O.length; w++) O[w] = X[w]! ^ Y[w]!;
    i = 4 * O.length;
  }
  for (; i < out.length; i++) out[i] = x[i]! ^ y[i]!;
}

/** x ⊕ y, a new lane array. */
export function xorLanes(x: Uint8Array, y: Uint8Array): Uint8Array {
  const out = allocLanes(x.length);
  xorLanesTo(out, x, y);
  return out;
}

/**
 * The local half of a Beaver AND, fused: z ← z ⊕ (e ∧ b) ⊕ (d ∧ a), and ⊕ (e ∧ d) where `withEd`
 * (party 0). One pass over five arrays instead of five allocating passes.
 */
export function andCombineInto(z: Uint8Array, e: Uint8Array, d: Uint8Array, a: Uint8Array, b: Uint8Array, withEd: boolean): void {
  checkLength('and combine', z.length, e, d, a, b);
  const ed = withEd ? -1 : 0;
  let i = 0;
  const Z = words32(z);
  const E = words32(e);
  const D = words32(d);
  const A = words32(a);
  const B = words32(b);
  if (Z && E && D && A && B) {
    for (let w = 0; w < Z.length; w++) {
      const ew = E[w]!;
      const dw = D[w]!;
      Z[w]! ^= (ew & B[w]!) ^ (dw & A[w]!) ^ (ew & dw & ed);
    }
    i = 4 * Z.length;
  }
  for (; i < z.length; i++) z[i]! ^= (e[i]! & b[i]!) ^ (d[i]! & a[i]!) ^ (e[i]! & d[i]! & ed);
}

/**
 * Split n elements of `width` bits (a power of two ≥ 2) into the bits at even positions and the
 * bits at odd positions, each compacted into width/2 bits (Ring.deinterleave on lanes).
 */
export function deinterleaveLanes(x: Uint8Array, n: number, width: number): { even: Uint8Array; odd: Uint8Array } {
  const bt = backtypeBytes(width);
  const outBt = backtypeBytes(width / 2);
  checkLength('deinterleave lanes', n * bt, x);
  const src = x.byteOffset % 4 === 0 ? x : x.slice();
  const even = allocLanes(n * outBt);
  const odd = allocLanes(n * outBt);
  if (bt >= 4) {
    // each 32-bit word of an element gives 16 even and 16 odd bits: element i's word j → half-word j
    const from = new Uint32Array(src.buffer, src.byteOffset, (n * bt) >>> 2);
    const ev = new Uint16Array(even.buffer, 0, from.length);
    const od = new Uint16Array(odd.buffer, 0, from.length);
    for (let w = 0; w < from.length; w++) {
      const v = from[w]!;
      ev[w] = evenBits16(v);
      od[w] = evenBits16(v >>> 1);
    }
  } else if (bt === 2) {
    const from = new Uint16Array(src.buffer, src.byteOffset, n);
    for (let i = 0; i < n; i++) {
      const v = from[i]!;
      even[i] = evenBits16(v);
      odd[i] = evenBits16(v >>> 1);
    }
  } else {
    // one byte per element: compact within every byte, four elements per 32-bit word
    const byBytes = (v: number): number => {
      v &= 0x55555555;
      v = (v | (v >>> 1)) & 0x33333333;
      return (v | (v >>> 2)) & 0x0f0f0f0f;
    };
    const X = words32(src)!;
    const E = words32(even)!;
    const O = words32(odd)!;
    for (let w = 0; w < X.length; w++) {
      const v = X[w]!;
      E[w] = byBytes(v);
      O[w] = byBytes(v >>> 1);
    }
    for (let i = 4 * X.length; i < n; i++) {
      const v = src[i]!;
      even[i] = byBytes(v);
      odd[i] = byBytes(v >>> 1);
    }
  }
  return { even, odd };
}

/**
 * Zero every bit at or above nbits in each element (bt = backtype(nbits) bytes each), for values
 * drawn as whole bytes: only the element's top partial byte needs a mask.
 */
export function maskLanes(x: Uint8Array, n: number, nbits: number): void {
  if (nbits % 8 === 0) return;
  const bt = backtypeBytes(nbits);
  const top = nbits >>> 3;
  const m = (1 << (nbits % 8)) - 1;
  if (bt === 1) {
    const X = words32(x);
    let i = 0;
    if (X) {
      const m4 = m * 0x01010101;
      for (let w = 0; w < X.length; w++) X[w]! &= m4;
      i = 4 * X.length;
    }
    for (; i < x.length; i++) x[i]! &= m;
    return;
  }
  for (let i = 0; i < n; i++) x[i * bt + top]! &= m;
}

/**
 * n elements of `byteWidth` bytes each (back to back, as a PRG fills them) spread to bt bytes
 * each, the bytes above zero; the same array when byteWidth = bt.
 */
export function spreadLanes(x: Uint8Array, n: number, byteWidth: number, bt: number): Uint8Array {
  if (byteWidth === bt) return x;
  const out = allocLanes(n * bt);
  for (let i = 0; i < n; i++) out.set(x.subarray(i * byteWidth, (i + 1) * byteWidth), i * bt);
  return out;
}

/**
 * From n elements of 8-byte lanes (64-bit values): the low l bits of each shifted left by pad,
 * as lanes of width W = l + pad ≤ 64 (backtype(W) bytes each), with bit l of each element as one
 * byte (0 or 1) beside them.
 */
export function lowBitsShifted(x: Uint8Array, n: number, l: number, pad: number): { lanes: Uint8Array; bitL: Uint8Array } {
  const W = l + pad;
  if (!(l >= 1 && l < 64 && pad >= 0 && W <= 64)) throw new MpcError('ERR_RANGE', `low bits: l = ${l}, pad = ${pad} do not fit 64 bits`);
  checkLength('low bits', 8 * n, x);
  const src = x.byteOffset % 4 === 0 ? x : x.slice();
  const from = new Uint32Array(src.buffer, src.byteOffset, 2 * n);
  const bt = backtypeBytes(W);
  const lanes = allocLanes(n * bt);
  const bitL = new Uint8Array(n);
  if (W > 32) {
    // l > 32 here (W is the power of two above l), so 0 ≤ pad < 32
    const hiMask = 2 ** (l - 32) - 1;
    const to = new Uint32Array(lanes.buffer, 0, 2 * n);
    for (let i = 0; i < n; i++) {
      const lo = from[2 * i]!;
      const hi = from[2 * i + 1]!;
      bitL[i] = (hi >>> (l - 32)) & 1;
      const h = hi & hiMask;
      to[2 * i] = lo << pad;
      to[2 * i + 1] = pad === 0 ? h : (h << pad) | (lo >>> (32 - pad));
    }
    return { lanes, bitL };
  }
  const mask = l === 32 ? 0xffffffff : 2 ** l - 1;
  const to = bt === 4 ? new Uint32Array(lanes.buffer, 0, n) : bt === 2 ? new Uint16Array(lanes.buffer, 0, n) : lanes;
  for (let i = 0; i < n; i++) {
    const lo = from[2 * i]!;
    bitL[i] = l === 32 ? from[2 * i + 1]! & 1 : (lo >>> l) & 1;
    to[i] = ((lo & mask) << pad) >>> 0;
  }
  return { lanes, bitL };
}
