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
