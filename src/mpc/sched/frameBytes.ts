/**
 * Helpers for a frame that may travel as parts (transport.ts, FrameBytes): its length, and the
 * frame as one buffer where a consumer needs one (compression, a copy to another thread).
 */
import type { FrameBytes } from '../transport';

/** The parts of a frame, a single buffer being one part. */
export function frameParts(frame: FrameBytes): readonly Uint8Array[] {
  return frame instanceof Uint8Array ? [frame] : frame;
}

/** The frame's length in bytes: the sum of its parts. */
export function frameLength(frame: FrameBytes): number {
  if (frame instanceof Uint8Array) return frame.length;
  let n = 0;
  for (const p of frame) n += p.length;
  return n;
}

/**
 * The frame as one buffer: the buffer itself when it is one (or one part), else the parts
 * copied into a fresh buffer that owns all of it.
 */
export function joinFrame(frame: FrameBytes): Uint8Array {
  if (frame instanceof Uint8Array) return frame;
  if (frame.length === 1) return frame[0]!;
  const out = new Uint8Array(frameLength(frame));
  let o = 0;
  for (const p of frame) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/**
 * Copy `length` bytes of the frame from byte `start` into `out` at `at` (a chunk of a frame sent
 * as parts). `start + length` must not pass the frame's end.
 */
export function copyFrameRange(parts: readonly Uint8Array[], start: number, length: number, out: Uint8Array, at: number): void {
  let skip = start;
  let left = length;
  let o = at;
  for (const p of parts) {
    if (left === 0) break;
    if (skip >= p.length) {
      skip -= p.length;
      continue;
    }
    const take = Math.min(p.length - skip, left);
    out.set(skip === 0 && take === p.length ? p : p.subarray(skip, skip + take), o);
    o += take;
    left -= take;
    skip = 0;
  }
  if (left !== 0) throw new RangeError(`copyFrameRange: ${length} bytes from ${start} pass the frame's end`);
}
