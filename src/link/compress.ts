/**
 * Per-frame compression (fflate raw DEFLATE, level 1). A compressed frame travels as
 *
 *   | original length u32 LE | DEFLATE stream |
 *
 * and its chunks carry FLAG_DEFLATE (wire.ts). The original length lets the receiver refuse an
 * oversized frame before inflating (a peer cannot make us allocate without bound) and check that
 * the stream inflates to exactly that many bytes. Level 1 because MPC frames are uniformly random
 * shares: no level finds redundancy in them (limits.md §5, ratio 1.0002), so the cheapest one
 * wastes the least CPU.
 */
import { deflateSync, inflateSync } from 'fflate';
import { NetError } from './errors';

export const DEFLATE_LEVEL = 1;
/** Bytes in front of the DEFLATE stream: the frame's original length. */
export const DEFLATE_PREFIX_BYTES = 4;

/** Compress one frame into the body its chunks carry. */
export function deflateFrame(frame: Uint8Array): Uint8Array {
  const stream = deflateSync(frame, { level: DEFLATE_LEVEL });
  const out = new Uint8Array(DEFLATE_PREFIX_BYTES + stream.length);
  new DataView(out.buffer).setUint32(0, frame.length, true);
  out.set(stream, DEFLATE_PREFIX_BYTES);
  return out;
}

/** The frame inside a compressed body; throws ERR_BAD_FRAME saying what is wrong. */
export function inflateFrame(body: Uint8Array, maxFrameBytes: number): Uint8Array {
  const bad = (why: string, cause?: unknown): never => {
    throw new NetError('ERR_BAD_FRAME', `compressed frame of ${body.length} bytes: ${why}`, cause === undefined ? undefined : { cause });
  };
  if (body.length < DEFLATE_PREFIX_BYTES) bad(`shorter than its ${DEFLATE_PREFIX_BYTES}-byte length prefix`);
  const length = new DataView(body.buffer, body.byteOffset, body.byteLength).getUint32(0, true);
  if (length > maxFrameBytes) bad(`declares ${length} bytes, above the limit of ${maxFrameBytes}`);
  // One spare byte: fflate silently truncates to the buffer, so a longer stream shows up as length + 1.
  const out = new Uint8Array(length + 1);
  let inflated: Uint8Array;
  try {
    inflated = inflateSync(body.subarray(DEFLATE_PREFIX_BYTES), { out });
  } catch (err) {
    // a stored block that does not fit the buffer makes TypedArray.set throw a RangeError
    if (err instanceof RangeError) return bad(`inflates to more than the declared ${length} bytes`, err);
    return bad(`DEFLATE data is corrupt (${(err as Error).message})`, err);
  }
  if (inflated.length > length) bad(`inflates to more than the declared ${length} bytes`);
  if (inflated.length < length) bad(`inflates to ${inflated.length} bytes, not the declared ${length}`);
  // A buffer of exactly the frame, so the page can transfer it to the worker without another copy.
  return out.slice(0, length);
}
