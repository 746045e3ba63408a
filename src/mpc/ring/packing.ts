/** Byte packing shared by the rings: the low bytes of each element, little-endian. */
import { MpcError } from '../errors';
import type { Words } from './ring';

/** Throw unless x and y hold the same number of words. */
export function checkSameSize(x: Words, y: Words, op: string): void {
  if (x.length !== y.length) {
    throw new MpcError('ERR_SHAPE', `${op}: operands have ${x.length} and ${y.length} words`);
  }
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
  if (byteWidth === 1) {
    for (let i = 0; i < n; i++) out[i] = src[i * elemBytes]!;
  } else {
    for (let i = 0; i < n; i++) {
      out.set(src.subarray(i * elemBytes, i * elemBytes + byteWidth), i * byteWidth);
    }
  }
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
  } else if (byteWidth === 1) {
    for (let i = 0; i < n; i++) dst[i * elemBytes] = bytes[i]!;
  } else {
    for (let i = 0; i < n; i++) {
      dst.set(bytes.subarray(i * byteWidth, (i + 1) * byteWidth), i * elemBytes);
    }
  }
  return z;
}
