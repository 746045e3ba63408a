import { deflateSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { DEFLATE_PREFIX_BYTES, deflateFrame, inflateFrame } from './compress';
import { NetError } from './errors';
import { CHUNK_HEADER_BYTES, encodeChunk, encodeFrameChunks, FLAG_DEFLATE, FrameAssembler, type AssembledFrame } from './channelWire';
import { randomBytes, same } from './testkit';

function expectBad(fn: () => unknown, pattern: RegExp): void {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(NetError);
    expect((err as NetError).code).toBe('ERR_BAD_FRAME');
    expect((err as NetError).message).toMatch(pattern);
    return;
  }
  throw new Error('expected ERR_BAD_FRAME');
}

/** A compressed body with an arbitrary prefix and stream, as a faulty or hostile peer might send. */
function body(declared: number, stream: Uint8Array): Uint8Array {
  const out = new Uint8Array(DEFLATE_PREFIX_BYTES + stream.length);
  new DataView(out.buffer).setUint32(0, declared, true);
  out.set(stream, DEFLATE_PREFIX_BYTES);
  return out;
}

function pushAll(asm: FrameAssembler, msgs: Uint8Array[]): AssembledFrame | null {
  let out: AssembledFrame | null = null;
  for (const m of msgs) out = asm.push(m);
  return out;
}

describe('compressed framing', () => {
  it('round-trips compressed frames of edge sizes through chunking, flagging every chunk', () => {
    let t = 0;
    const asm = new FrameAssembler(undefined, () => (t += 3)); // each reading of the clock is 3 ms later
    const chunk = 4096;
    // compresses well (as prime's one-digit-per-byte frames do): many chunks become few
    const digits = randomBytes(200_000, 11).map((b) => b & 3);
    const frames = [new Uint8Array(0), new Uint8Array([42]), randomBytes(chunk * 3 + 5, 7), digits];
    frames.forEach((frame, seq) => {
      const msgs = encodeFrameChunks(9, seq, frame, chunk, true);
      for (const m of msgs) expect(m[1]).toBe(FLAG_DEFLATE);
      const out = pushAll(asm, msgs);
      expect(out?.compressed).toBe(true);
      expect(out?.session).toBe(9);
      expect(same(out?.bytes, frame)).toBe(true);
      expect(out?.bytes.buffer.byteLength).toBe(frame.length); // transferable without a copy
      expect(out?.wireBytes).toBe(msgs.reduce((n, m) => n + m.length, 0));
      expect(out?.inflateMs).toBe(3); // read before and after inflating
    });
    // random bytes do not shrink (stored blocks cost a few bytes); digits and a ramp do
    expect(deflateFrame(randomBytes(100_000, 3)).length / 100_000).toBeGreaterThanOrEqual(1);
    expect(deflateFrame(digits).length / digits.length).toBeLessThan(0.4);
    const ramp = new Uint8Array(200_000).map((_, i) => (i >> 8) & 0xff);
    expect(deflateFrame(ramp).length / ramp.length).toBeLessThan(0.05);
  });

  it('mixes compressed and plain frames on one link, and leaves plain chunks unflagged', () => {
    let t = 0;
    const asm = new FrameAssembler(undefined, () => (t += 3));
    const a = randomBytes(1000, 1);
    const b = randomBytes(1000, 2);
    const plain = encodeFrameChunks(1, 1, b, 300);
    expect(plain.every((m) => m[1] === 0)).toBe(true);
    expect(same(pushAll(asm, encodeFrameChunks(1, 0, a, 300, true))?.bytes, a)).toBe(true);
    const out = pushAll(asm, plain);
    expect(out?.compressed).toBe(false);
    expect(out?.inflateMs).toBe(0);
    expect(t).toBe(6); // only the compressed frame read the clock
    expect(same(out?.bytes, b)).toBe(true);
  });

  it('fails with ERR_BAD_FRAME on a corrupt, truncated or mislabelled compressed frame', () => {
    const frame = randomBytes(5000, 5);
    const good = deflateFrame(frame);
    const stream = good.subarray(DEFLATE_PREFIX_BYTES);
    expectBad(() => inflateFrame(new Uint8Array([1, 2]), 1e6), /shorter than its 4-byte length prefix/);
    expectBad(() => inflateFrame(body(5000, stream.subarray(0, stream.length - 100)), 1e6), /corrupt/);
    expectBad(() => inflateFrame(body(1000, new Uint8Array([0xff, 0xff, 0xff, 0xff])), 1e6), /corrupt/);
    expectBad(() => inflateFrame(body(4000, stream), 1e6), /inflates to more than the declared 4000 bytes/);
    const ramp = new Uint8Array(5000).map((_, i) => i & 0xff); // Huffman blocks instead of stored ones
    expectBad(() => inflateFrame(body(4999, deflateSync(ramp, { level: 1 })), 1e6), /inflates to more than the declared 4999 bytes/);
    expect(same(inflateFrame(body(5000, deflateSync(ramp, { level: 1 })), 1e6), ramp)).toBe(true);
    expectBad(() => inflateFrame(body(6000, stream), 1e6), /inflates to 5000 bytes, not the declared 6000/);
    expectBad(() => inflateFrame(body(2_000_000, deflateSync(new Uint8Array(10))), 1_000_000), /declares 2000000 bytes, above the limit/);
    // the same faults arriving as chunks: the assembler reports them (the link then tears down)
    const corrupt = body(1000, new Uint8Array([0xff, 0xff, 0xff, 0xff]));
    expectBad(() => new FrameAssembler().push(encodeChunk({ session: 0, seq: 0, index: 0, count: 1, length: corrupt.length, flags: FLAG_DEFLATE }, corrupt)), /compressed frame of 8 bytes: DEFLATE data is corrupt/);
    // plain bytes marked as compressed are not a DEFLATE stream of the declared length
    expectBad(() => pushAll(new FrameAssembler(), encodeFrameChunks(0, 0, frame, 1000).map((m) => ((m[1] = FLAG_DEFLATE), m))), /compressed frame of 5000 bytes/);
  });

  it('refuses unknown flags and flags that change within a frame', () => {
    expectBad(() => new FrameAssembler().push(encodeChunk({ session: 0, seq: 0, index: 0, count: 1, length: 1, flags: 0x82 }, new Uint8Array(1))), /unknown chunk flags 0x82/);
    const msgs = encodeFrameChunks(0, 0, randomBytes(3000, 4), 1000, true);
    msgs[1]![1] = 0;
    const asm = new FrameAssembler();
    asm.push(msgs[0]!);
    expectBad(() => asm.push(msgs[1]!), /flags changed within the frame/);
    expect(CHUNK_HEADER_BYTES).toBe(24);
  });
});
