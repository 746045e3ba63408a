import { describe, expect, it } from 'vitest';
import { MpcError } from '../errors';
import { copyFrameRange, frameLength, joinFrame } from './frameBytes';
import { decodeFrame, encodeAbort, encodeFrame, encodeFrameParts, FRAME_ENTRY_BYTES, FRAME_HEADER_BYTES, type Frame } from './frame';

const bytes = (n: number, seed: number) => Uint8Array.from({ length: n }, (_, i) => (seed * 31 + i * 7) & 0xff);

const frame: Frame = {
  phase: 'online',
  session: 7,
  round: 3,
  sender: 1,
  entries: [
    { op: 4, payload: bytes(40, 1) },
    { op: 5, payload: new Uint8Array(0) },
    { op: 9, payload: bytes(13, 2) },
  ],
};

/** Cut `whole` at `cuts` (offsets) into parts. */
function cut(whole: Uint8Array, cuts: number[]): Uint8Array[] {
  const at = [0, ...cuts, whole.length];
  return at.slice(1).map((end, i) => whole.subarray(at[i]!, end));
}

function badFrame(f: () => unknown): MpcError {
  try {
    f();
  } catch (err) {
    return err as MpcError;
  }
  throw new Error('expected a throw');
}

describe('a frame as parts', () => {
  it('is header and table in one buffer, then the non-empty payloads themselves (no copy)', () => {
    const parts = encodeFrameParts(frame);
    expect(parts).toHaveLength(3);
    expect(parts[0]!.length).toBe(FRAME_HEADER_BYTES + 3 * FRAME_ENTRY_BYTES);
    expect(parts[1]).toBe(frame.entries[0]!.payload);
    expect(parts[2]).toBe(frame.entries[2]!.payload);
    expect(frameLength(parts)).toBe(16 + 24 + 53);
  });

  it('joins to the one-buffer wire format, byte for byte', () => {
    const whole = encodeFrame(frame);
    expect(joinFrame(encodeFrameParts(frame))).toEqual(whole);
    expect(Array.from(whole.subarray(0, 4))).toEqual([0x54, 0x4d, 1, 0]);
  });

  it('decodes from its parts with every payload a view of the sender\'s array', () => {
    const f = decodeFrame(encodeFrameParts(frame));
    expect(f).toMatchObject({ phase: 'online', session: 7, round: 3, sender: 1 });
    expect(f.entries.map((e) => e.op)).toEqual([4, 5, 9]);
    const p0 = f.entries[0]!.payload;
    expect(p0.buffer).toBe(frame.entries[0]!.payload.buffer);
    expect(p0.byteOffset).toBe(frame.entries[0]!.payload.byteOffset);
    expect(f.entries[1]!.payload.length).toBe(0);
    expect(f.entries[2]!.payload).toEqual(frame.entries[2]!.payload);
  });

  it('decodes the same frame cut anywhere, copying only what straddles a cut', () => {
    const whole = encodeFrame(frame);
    for (const cuts of [[1], [15, 16, 17], [40], [41, 60, 79], [3, 8, 39, 55, 70, 92], Array.from({ length: whole.length - 1 }, (_, i) => i + 1)]) {
      const parts = cut(whole, cuts);
      const f = decodeFrame([new Uint8Array(0), ...parts, new Uint8Array(0)]);
      expect(f.entries.map((e) => [e.op, Array.from(e.payload)])).toEqual(frame.entries.map((e) => [e.op, Array.from(e.payload)]));
    }
    // a payload that lies within one part is a view of it
    const parts = cut(whole, [40]);
    expect(decodeFrame(parts).entries[0]!.payload.buffer).toBe(whole.buffer);
  });

  it('refuses hostile parts with ERR_BAD_FRAME naming the problem', () => {
    const whole = encodeFrame(frame);
    const cases: [Uint8Array[], RegExp][] = [
      [cut(whole.subarray(0, 10), [4]), /malformed frame \(10 bytes\): shorter than the 16-byte header/],
      [cut(whole.subarray(0, 30), [16]), /\(30 bytes\): table of 3 entries does not fit/],
      // truncated: the last payload runs past the end
      [cut(whole.subarray(0, whole.length - 1), [20, 50]), /entry 2 \(op 9\) runs past the end/],
      // a part too many: trailing bytes
      [[...cut(whole, [40]), new Uint8Array(3)], /3 trailing bytes/],
    ];
    for (const [parts, why] of cases) {
      const e = badFrame(() => decodeFrame(parts));
      expect(e.code).toBe('ERR_BAD_FRAME');
      expect(e.message).toMatch(why);
    }
    // a table that claims a length past everything that arrived
    const lying = whole.slice(0, 40);
    new DataView(lying.buffer).setUint32(16 + 4, 0xffffffff, true);
    const e = badFrame(() => decodeFrame([lying.subarray(0, 20), lying.subarray(20), new Uint8Array(8)]));
    expect(e.message).toMatch(/entry 0 \(op 4\) runs past the end/);
    const magic = whole.slice();
    magic[0] = 0;
    expect(badFrame(() => decodeFrame(cut(magic, [1, 2]))).message).toMatch(/bad magic/);
  });

  it('reads an abort split into parts, its reason bounded', () => {
    const abort = encodeAbort(7, 2, 'x'.repeat(600));
    const e = badFrame(() => decodeFrame(cut(abort, [5, 20, 300])));
    expect(e.code).toBe('ERR_ABORTED');
    expect(e.message).toBe(`party 2 aborted: ${'x'.repeat(500)}`);
  });
});

describe('copyFrameRange', () => {
  it('copies any range of a frame in parts, and refuses one past its end', () => {
    const whole = bytes(100, 3);
    const parts = cut(whole, [7, 7, 50, 51]);
    for (const [start, length] of [[0, 100], [6, 2], [7, 44], [50, 1], [99, 1], [30, 0]] as const) {
      const out = new Uint8Array(length + 2);
      copyFrameRange(parts, start, length, out, 2);
      expect(out.subarray(2)).toEqual(whole.subarray(start, start + length));
    }
    expect(() => copyFrameRange(parts, 90, 11, new Uint8Array(11), 0)).toThrow(/pass the frame's end/);
  });
});
