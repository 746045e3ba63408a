/** Byte packing shared by the rings: the low bytes of each element, little-endian. */
import { MpcError } from '../errors';
import type { Words } from './ring';

/** The arrays one after another, copied. */
export function concatWords(parts: readonly Words[]): Words {
  let n = 0;
  for (const p of parts) n += p.length;
  const z = new BigUint64Array(n);
  let o = 0;
  for (const p of parts) {
    z.set(p, o);
    o += p.length;
  }
  return z;
}

/** Throw unless x and y hold the same number of words. */
export function checkSameSize(x: Words, y: Words, op: string): void {
  if (x.length !== y.length) {
    throw new MpcError('ERR_SHAPE', `${op}: operands have ${x.length} and ${y.length} words`);
  }
}

type Lane = Uint8Array | Uint16Array | Uint32Array;

/**
 * A typed-array view of `bytes` whose elements are byteWidth wide (1, 2 or 4), or null. Not
 * BigUint64Array for 8: its element reads and writes box BigInts; 8 bytes go as two 4-byte lanes.
 */
function laneView(buf: ArrayBufferLike, offset: number, byteLength: number, byteWidth: number): Lane | null {
  if (offset % byteWidth !== 0) return null;
  const len = byteLength / byteWidth;
  if (byteWidth === 1) return new Uint8Array(buf, offset, len);
  if (byteWidth === 2) return new Uint16Array(buf, offset, len);
  if (byteWidth === 4) return new Uint32Array(buf, offset, len);
  return null;
}

/** The low byteWidth bytes of each element (wpe words each), back to back. */
export function packWords(x: Words, wpe: number, byteWidth: number): Uint8Array {
  const elemBytes = 8 * wpe;
  if (!(byteWidth >= 1 && byteWidth <= elemBytes)) {
    throw new MpcError('ERR_SHAPE', `pack: byte width ${byteWidth} not in [1, ${elemBytes}]`);
  }
  const src = new Uint8Array(x.buffer, x.byteOffset, x.byteLength);
  if (byteWidth === elemBytes) return src.slice();
  const n = x.length / wpe;
  const out = new Uint8Array(n * byteWidth);
  // the low bytes of an element sit at its start (little-endian): a strided copy of lanes
  if (byteWidth === 8) {
    const from = new Uint32Array(x.buffer, x.byteOffset, x.byteLength / 4);
    const to = new Uint32Array(out.buffer);
    for (let i = 0; i < n; i++) {
      to[2 * i] = from[4 * i]!;
      to[2 * i + 1] = from[4 * i + 1]!;
    }
    return out;
  }
  const from = laneView(x.buffer, x.byteOffset, x.byteLength, byteWidth);
  const to = laneView(out.buffer, 0, out.length, byteWidth);
  if (from && to) {
    const stride = elemBytes / byteWidth;
    for (let i = 0; i < n; i++) to[i] = from[i * stride]!;
    return out;
  }
  for (let i = 0; i < n; i++) out.set(src.subarray(i * elemBytes, i * elemBytes + byteWidth), i * byteWidth);
  return out;
}

/** Inverse of packWords: n elements, zero-extended from byteWidth bytes each. */
export function unpackWords(bytes: Uint8Array, wpe: number, byteWidth: number, n: number): Words {
  const elemBytes = 8 * wpe;
  if (bytes.length !== n * byteWidth) {
    throw new MpcError('ERR_SHAPE', `unpack: ${bytes.length} bytes for ${n} elements of ${byteWidth} bytes`);
  }
  const z = new BigUint64Array(n * wpe);
  const dst = new Uint8Array(z.buffer);
  if (byteWidth === elemBytes) {
    dst.set(bytes);
    return z;
  }
  // payloads inside a received frame may sit at any offset: align them once if needed
  const src = bytes.byteOffset % Math.min(byteWidth, 4) === 0 ? bytes : bytes.slice();
  if (byteWidth === 8) {
    const from = new Uint32Array(src.buffer, src.byteOffset, src.byteLength / 4);
    const to = new Uint32Array(z.buffer);
    for (let i = 0; i < n; i++) {
      to[4 * i] = from[2 * i]!;
      to[4 * i + 1] = from[2 * i + 1]!;
    }
    return z;
  }
  const from = laneView(src.buffer, src.byteOffset, src.byteLength, byteWidth);
  const to = laneView(z.buffer, 0, z.byteLength, byteWidth);
  if (from && to) {
    const stride = elemBytes / byteWidth;
    for (let i = 0; i < n; i++) to[i * stride] = from[i]!;
    return z;
  }
  for (let i = 0; i < n; i++) dst.set(bytes.subarray(i * byteWidth, (i + 1) * byteWidth), i * elemBytes);
  return z;
}

/** Throw unless `bytes` holds n elements of byteWidth bytes (byteWidth ≤ elemBytes). */
function checkPacked(op: string, bytes: Uint8Array, byteWidth: number, elemBytes: number, n: number): void {
  if (!(Number.isInteger(byteWidth) && byteWidth >= 1 && byteWidth <= elemBytes)) {
    throw new MpcError('ERR_SHAPE', `${op}: byte width ${byteWidth} not in [1, ${elemBytes}]`);
  }
  if (bytes.length !== n * byteWidth) {
    throw new MpcError('ERR_SHAPE', `${op}: ${bytes.length} bytes for ${n} elements of ${byteWidth} bytes`);
  }
}

/**
 * x ← x XOR unpackWords(bytes, wpe, byteWidth, n), on 32-, 16- or 8-bit lanes and without the
 * unpacked array: only the low byteWidth bytes of each element change, the rest XOR with zeros.
 */
export function xorUnpackedInto(x: Words, wpe: number, bytes: Uint8Array, byteWidth: number): void {
  const elemBytes = 8 * wpe;
  const n = x.length / wpe;
  checkPacked('unpackXor_', bytes, byteWidth, elemBytes, n);
  const lane = byteWidth % 4 === 0 ? 4 : byteWidth % 2 === 0 ? 2 : 1;
  const src = bytes.byteOffset % lane === 0 ? bytes : bytes.slice();
  const to = laneView(x.buffer, x.byteOffset, x.byteLength, lane)!;
  const from = laneView(src.buffer, src.byteOffset, src.byteLength, lane)!;
  const per = byteWidth / lane;
  const stride = elemBytes / lane;
  if (per === 1) {
    for (let i = 0; i < n; i++) to[i * stride] = to[i * stride]! ^ from[i]!;
  } else if (per === 2) {
    for (let i = 0; i < n; i++) {
      const j = i * stride;
      to[j] = to[j]! ^ from[2 * i]!;
      to[j + 1] = to[j + 1]! ^ from[2 * i + 1]!;
    }
  } else {
    for (let i = 0; i < n; i++) for (let k = 0; k < per; k++) to[i * stride + k] = to[i * stride + k]! ^ from[i * per + k]!;
  }
}

/**
 * x ← x + unpackWords(bytes, 1, byteWidth, n) in Z_2^64. A full-width share 8-aligned in its frame
 * (the frame's payloads are, after a 16-byte header and 8-byte table entries) is read in place.
 */
export function addUnpacked64Into(x: BigUint64Array, bytes: Uint8Array, byteWidth: number): void {
  checkPacked('unpackAdd_', bytes, byteWidth, 8, x.length);
  const y = byteWidth === 8 && bytes.byteOffset % 8 === 0 ? new BigUint64Array(bytes.buffer, bytes.byteOffset, x.length) : unpackWords(bytes, 1, byteWidth, x.length);
  for (let i = 0; i < x.length; i++) x[i] = x[i]! + y[i]!;
}
