import { describe, expect, it } from 'vitest';
import { NetError } from './errors';
import { CHUNK_HEADER_BYTES, decodeControl, encodeChunk, encodeControl, encodeFrameChunks, FrameAssembler, KIND_CONTROL } from './channelWire';
import { randomBytes, same } from './testkit';

/** Chunk `frame` at the given (odd, varying) sizes, as any sender might. */
function chunkAt(session: number, seq: number, frame: Uint8Array, sizes: (i: number) => number): Uint8Array[] {
  const parts: Uint8Array[] = [];
  let at = 0;
  for (let i = 0; at < frame.length; i += 1) {
    const n = Math.max(1, sizes(i));
    parts.push(frame.subarray(at, at + n));
    at += n;
  }
  if (parts.length === 0) parts.push(new Uint8Array(0));
  return parts.map((p, index) => encodeChunk({ session, seq, index, count: parts.length, length: frame.length }, p));
}

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

describe('framing', () => {
  it('round-trips frames of edge sizes with the default chunking', () => {
    const asm = new FrameAssembler();
    const chunk = 128 * 1024;
    const sizes = [0, 1, chunk - 1, chunk, chunk + 1, 3 * chunk, 5 * 1024 * 1024 + 17];
    sizes.forEach((n, seq) => {
      const frame = randomBytes(n, seq + 1);
      const msgs = encodeFrameChunks(7, seq, frame);
      expect(msgs.length).toBe(Math.max(1, Math.ceil(n / chunk)));
      for (const m of msgs) expect(m.length).toBeLessThan(262144);
      let out = null;
      for (const [i, m] of msgs.entries()) {
        out = asm.push(m);
        if (i < msgs.length - 1) expect(out).toBeNull();
      }
      expect(out?.session).toBe(7);
      expect(same(out?.bytes, frame)).toBe(true);
    });
    expect(asm.pending).toBe(false);
  });

  it('reassembles chunks of odd and varying sizes (the receiver assumes no chunk size)', () => {
    const asm = new FrameAssembler();
    const patterns: ((i: number) => number)[] = [() => 1, () => 7, (i) => (i * 7919) % 3001, (i) => (i % 2 ? 65536 : 3), () => 262144 - CHUNK_HEADER_BYTES];
    const frame = randomBytes(300_001, 99);
    patterns.forEach((p, seq) => {
      const msgs = chunkAt(3, seq, frame.length > 20_000 && seq === 0 ? frame.subarray(0, 20_000) : frame, p);
      let out = null;
      for (const m of msgs) out = asm.push(m);
      expect(same(out?.bytes, seq === 0 ? frame.subarray(0, 20_000) : frame)).toBe(true);
    });
  });

  it('delivers a frame as a fresh buffer that the receiver owns', () => {
    const asm = new FrameAssembler();
    const [m] = encodeFrameChunks(0, 0, new Uint8Array([1, 2, 3]));
    const out = asm.push(m!);
    expect(out?.bytes.byteOffset).toBe(0);
    expect(out?.bytes.buffer.byteLength).toBe(3);
  });

  it('refuses out-of-order chunks', () => {
    const msgs = encodeFrameChunks(0, 0, randomBytes(1000), 100);
    const asm = new FrameAssembler();
    asm.push(msgs[0]!);
    expectBad(() => asm.push(msgs[2]!), /expected chunk 1/);
    expectBad(() => new FrameAssembler().push(msgs[1]!), /must start with chunk 0/);
  });

  it('refuses a skipped or repeated frame', () => {
    const asm = new FrameAssembler();
    asm.push(encodeFrameChunks(0, 0, new Uint8Array(5))[0]!);
    expectBad(() => asm.push(encodeFrameChunks(0, 2, new Uint8Array(5))[0]!), /expected frame 1/);
    const again = new FrameAssembler();
    again.push(encodeFrameChunks(0, 0, new Uint8Array(5))[0]!);
    expectBad(() => again.push(encodeFrameChunks(0, 0, new Uint8Array(5))[0]!), /expected frame 1/);
  });

  it('refuses lengths that do not add up', () => {
    const h = { session: 0, seq: 0, count: 2, length: 10 };
    const over = new FrameAssembler();
    over.push(encodeChunk({ ...h, index: 0 }, new Uint8Array(6)));
    expectBad(() => over.push(encodeChunk({ ...h, index: 1 }, new Uint8Array(6))), /more than/);
    const short = new FrameAssembler();
    short.push(encodeChunk({ ...h, index: 0 }, new Uint8Array(6)));
    expectBad(() => short.push(encodeChunk({ ...h, index: 1 }, new Uint8Array(3))), /after 9 of 10/);
    const changed = new FrameAssembler();
    changed.push(encodeChunk({ ...h, index: 0 }, new Uint8Array(6)));
    expectBad(() => changed.push(encodeChunk({ ...h, length: 11, index: 1 }, new Uint8Array(4))), /changed/);
    expectBad(() => new FrameAssembler().push(encodeChunk({ ...h, count: 11, index: 0 }, new Uint8Array(1))), /11 chunks cannot/);
    expectBad(() => new FrameAssembler().push(encodeChunk({ ...h, index: 0 }, new Uint8Array(0))), /empty chunk/);
  });

  it('refuses frames above the size limit before allocating, and short messages', () => {
    expectBad(() => new FrameAssembler(1000).push(encodeChunk({ session: 0, seq: 0, index: 0, count: 1, length: 4_000_000_000 }, new Uint8Array(1))), /above the limit/);
    expectBad(() => new FrameAssembler().push(new Uint8Array([1, 0, 0])), /shorter/);
  });
});

describe('control messages', () => {
  it('round-trips every kind', () => {
    const msgs = [
      { type: 'ping', id: 1, t: 12.5 },
      { type: 'pong', id: 1, t: 12.5, r: 3071.25 },
      { type: 'due', seq: 7, t: 130.5 },
      { type: 'propose', session: 3, params: { method: 'pade', n: 4 } },
      { type: 'ready', session: 3 },
      { type: 'finished', session: 4 },
      { type: 'abort', session: 3, reason: 'user pressed stop' },
      { type: 'frames-channel', id: 1001 },
    ] as const;
    for (const m of msgs) {
      const enc = encodeControl(m);
      expect(enc[0]).toBe(KIND_CONTROL);
      expect(decodeControl(enc)).toEqual(m);
    }
  });

  it('refuses bad JSON, unknown types and missing fields', () => {
    const raw = (s: string): Uint8Array => new Uint8Array([KIND_CONTROL, ...new TextEncoder().encode(s)]);
    expectBad(() => decodeControl(raw('{oops')), /JSON/);
    expectBad(() => decodeControl(new Uint8Array([KIND_CONTROL, 0xff, 0xfe])), /UTF-8/);
    expectBad(() => decodeControl(raw('{"type":"shutdown"}')), /unknown control/);
    expectBad(() => decodeControl(raw('{"type":"ready"}')), /missing fields/);
    expectBad(() => decodeControl(raw('{"type":"propose","session":1,"params":[]}')), /missing fields/);
    expectBad(() => decodeControl(raw('3')), /object/);
    // a stream id an SCTP association cannot have
    expectBad(() => decodeControl(raw('{"type":"frames-channel","id":65535}')), /missing fields/);
    expectBad(() => decodeControl(raw('{"type":"frames-channel","id":-1}')), /missing fields/);
    // a pong without the answering clock (r) could not place a due time; a due time must be a number
    expectBad(() => decodeControl(raw('{"type":"pong","id":1,"t":2}')), /missing fields/);
    expectBad(() => decodeControl(raw('{"type":"due","seq":1,"t":null}')), /missing fields/);
  });
});

describe('encodeFrameChunks over parts', () => {
  it('makes the same chunk messages from a frame in parts as from the frame joined', () => {
    const whole = Uint8Array.from({ length: 1000 }, (_, i) => (i * 13) & 0xff);
    const parts = [whole.subarray(0, 16), whole.subarray(16, 16), whole.subarray(16, 700), whole.subarray(700)];
    for (const chunk of [1, 99, 300, 1000, 4096]) {
      expect(encodeFrameChunks(1, 2, parts, chunk)).toEqual(encodeFrameChunks(1, 2, whole, chunk));
    }
    const asm = new FrameAssembler();
    const got = encodeFrameChunks(1, 0, parts, 128).map((m) => asm.push(m)).at(-1);
    expect(got?.bytes).toEqual(whole);
  });
});
