/**
 * What a hostile peer found (issue 12, item 5), one test per finding: each sends the input the
 * review sent and asserts what it may cost the receiver (bytes decoded, reserved, queued), never
 * time. The bounds themselves are listed in docs/bounds.md; frameFuzz.test.ts throws random input
 * at the same decoders.
 */
import { deflateSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { MpcError } from '../mpc/errors';
import { MAX_TIMER_MS, TimedFifo } from '../mpc/io/netem';
import type { Clock } from '../mpc/sched/clock';
import { decodeFrame, FRAME_HEADER_BYTES, FRAME_MAGIC, FRAME_VERSION } from '../mpc/sched/frame';
import { PortTransport } from '../workers/portTransport';
import { MAX_WAITING_FRAMES } from '../mpc/io/inbox';
import { DEFLATE_PREFIX_BYTES, inflateFrame, MAX_TABLE_WORK_PER_BYTE, TABLE_WORK_SLACK, type InflateMeter } from './compress';
import { NetError } from './errors';
import { FrameChannels, MAX_EARLY_MESSAGES, type FramesChannel } from './frameChannels';
import { MAX_DUES_AHEAD, MAX_QUEUED_CONTROLS, PeerLink, type ChannelPort, type FrameWireInfo } from './link';
import { MAX_HELD_FRAMES_PER_PEER, MAX_HELD_RUNS, RunRouter } from './runRouter';
import { ASSEMBLY_INITIAL_BYTES, decodeControl, DEFAULT_MAX_FRAME_BYTES, encodeChunk, encodeControl, encodeFrameChunks, FLAG_DEFLATE, FrameAssembler, KIND_CONTROL, MAX_REASON_CHARS } from './channelWire';

/** A compressed body: declared length, then the stream. */
function body(declared: number, stream: Uint8Array): Uint8Array {
  const out = new Uint8Array(DEFLATE_PREFIX_BYTES + stream.length);
  new DataView(out.buffer).setUint32(0, declared, true);
  out.set(stream, DEFLATE_PREFIX_BYTES);
  return out;
}

/** A control message with any JSON in it (encodeControl would refuse or cut it). */
function rawControl(json: string): Uint8Array {
  const b = new TextEncoder().encode(json);
  const out = new Uint8Array(1 + b.length);
  out[0] = KIND_CONTROL;
  out.set(b, 1);
  return out;
}

/**
 * `blocks` dynamic DEFLATE blocks of 12 bytes each whose codes are 15 bits long (two 32 Ki-entry
 * lookup tables to build) and that hold nothing but their end, then an empty final block.
 */
function tableBomb(blocks: number): Uint8Array {
  const out: number[] = [];
  let acc = 0;
  let n = 0;
  const put = (value: number, bits: number): void => {
    for (let i = 0; i < bits; i++) {
      acc |= ((value >> i) & 1) << n;
      if (++n === 8) {
        out.push(acc);
        acc = 0;
        n = 0;
      }
    }
  };
  const code = (value: number, bits: number): void => {
    for (let i = bits - 1; i >= 0; i--) put((value >> i) & 1, 1);
  };
  const clLen = new Map([[15, 1], [1, 2], [18, 2]]); // canonical codes '0', '10', '11'
  for (let b = 0; b < blocks; b++) {
    put(0, 1); // not final
    put(2, 2); // dynamic Huffman
    put(0, 5); // 257 literal/length codes
    put(0, 5); // 1 distance code
    put(15, 4); // 19 code length codes
    for (const sym of [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]) put(clLen.get(sym) ?? 0, 3);
    code(0, 1); // literal 0: 15 bits
    code(3, 2); // 138 zeros
    put(127, 7);
    code(3, 2); // 117 zeros
    put(106, 7);
    code(2, 2); // end of block: 1 bit
    code(0, 1); // distance 0: 15 bits
    code(0, 1); // end of block
  }
  put(1, 1); // final
  put(1, 2); // fixed Huffman
  code(0, 7); // end of block
  if (n > 0) out.push(acc);
  return Uint8Array.from(out);
}

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    return (err as { code?: string }).code;
  }
  return undefined;
}

/** A channel the peer writes into through handleMessage; `full` keeps our sends from draining. */
function linkOf(full = false): { link: PeerLink; frames: { bytes: Uint8Array; info: FrameWireInfo }[]; closes: (NetError | null)[] } {
  const frames: { bytes: Uint8Array; info: FrameWireInfo }[] = [];
  const closes: (NetError | null)[] = [];
  const port: ChannelPort = {
    send: () => {},
    bufferedAmount: full ? 1e12 : 0,
    setLowThreshold: () => {},
    maxMessageSize: 262144,
    close: () => {},
  };
  const link = new PeerLink(4, port, { onFrame: (_s, bytes, info) => frames.push({ bytes, info }), onControl: () => {}, onClose: (e) => closes.push(e) });
  return { link, frames, closes };
}

/** A clock whose timers run only when the test says, recording each delay asked for. */
function manualClock(): Clock & { t: number; delays: number[]; fire(): number } {
  let pending: (() => void)[] = [];
  const c = {
    t: 1000,
    delays: [] as number[],
    now: () => c.t,
    defer: (cb: () => void) => void cb(),
    setTimer: (cb: () => void, ms: number) => {
      c.delays.push(ms);
      pending.push(cb);
      return pending.length;
    },
    clearTimer: () => {},
    /** Run the timers armed so far; returns how many ran. */
    fire: () => {
      const run = pending;
      pending = [];
      for (const cb of run) cb();
      return run.length;
    },
  };
  return c;
}

describe('a hostile peer', () => {
  it('cannot make a deflate bomb inflate: a frame declaring more than the ratio allows is refused before any byte is decoded', () => {
    const zeros = 16 * 1024 * 1024;
    const stream = deflateSync(new Uint8Array(zeros), { level: 9 }); // ~16 KB that inflate to 16 MiB
    expect(stream.length).toBeLessThan(20_000);
    // honest about its size, and below the 512 MiB frame limit: still far more than its bytes can carry
    const meter: InflateMeter = { outputBytes: 0, tableWork: 0, allocatedBytes: 0 };
    expect(codeOf(() => inflateFrame(body(zeros, stream), DEFAULT_MAX_FRAME_BYTES, meter))).toBe('ERR_BAD_FRAME');
    expect(meter.outputBytes).toBe(0);
    expect(meter.allocatedBytes).toBe(0);
    // lying about its size: decoding stops at the declared length, not at the end of the stream
    const small: InflateMeter = { outputBytes: 0, tableWork: 0, allocatedBytes: 0 };
    expect(() => inflateFrame(body(100_000, stream), DEFAULT_MAX_FRAME_BYTES, small)).toThrow(/inflates to more than the declared 100000 bytes/);
    expect(small.outputBytes).toBeLessThanOrEqual(100_000);
    expect(small.allocatedBytes).toBeLessThanOrEqual(100_000 + 2 * (32 * stream.length + 4096));
    // through the assembler, as a link receives it
    const asm = new FrameAssembler();
    const b = body(zeros, stream);
    expect(codeOf(() => asm.push(encodeChunk({ session: 0, seq: 0, index: 0, count: 1, length: b.length, flags: FLAG_DEFLATE }, b)))).toBe('ERR_BAD_FRAME');
    expect(asm.lastInflate?.outputBytes ?? 0).toBe(0);
  });

  it('cannot buy Huffman table building cheaply: a stream fills at most MAX_TABLE_WORK_PER_BYTE entries per byte', () => {
    const stream = tableBomb(20_000); // 240 KB asking for 1.3 G table entries
    const meter: InflateMeter = { outputBytes: 0, tableWork: 0, allocatedBytes: 0 };
    expect(() => inflateFrame(body(0, stream), DEFAULT_MAX_FRAME_BYTES, meter)).toThrow(/Huffman tables need more than \d+ entries/);
    expect(meter.tableWork).toBeLessThanOrEqual(MAX_TABLE_WORK_PER_BYTE * stream.length + TABLE_WORK_SLACK);
    expect(meter.tableWork).toBeGreaterThan(MAX_TABLE_WORK_PER_BYTE * stream.length - 2 ** 17); // it was decoding them, well-formed
    // a few such blocks are a valid (empty) stream
    expect(inflateFrame(body(0, tableBomb(0)), 100).length).toBe(0);
  });

  it('sends a frame that shrinks more than a receiver accepts uncompressed, so no honest frame is refused', () => {
    const ramp = new Uint8Array(1 << 20).map((_, i) => (i >> 8) & 0xff); // shrinks ~125×
    const msgs = encodeFrameChunks(0, 0, ramp, undefined, true);
    expect(msgs.every((m) => m[1] === 0)).toBe(true);
    const asm = new FrameAssembler();
    let frame = null;
    for (const m of msgs) frame = asm.push(m);
    expect(frame?.compressed).toBe(false);
    expect(frame?.bytes.length).toBe(ramp.length);
  });

  it('cannot reserve 512 MiB with a 25-byte chunk: the assembler reserves what arrives, not what the header declares', () => {
    const asm = new FrameAssembler();
    const msg = encodeChunk({ session: 1, seq: 0, index: 0, count: 1 << 20, length: DEFAULT_MAX_FRAME_BYTES }, new Uint8Array(1));
    expect(msg.length).toBe(25);
    expect(asm.push(msg)).toBeNull();
    expect(asm.reservedBytes).toBeLessThanOrEqual(2 * msg.length + ASSEMBLY_INITIAL_BYTES);
    // and as chunks arrive it stays within twice what arrived
    let received = msg.length;
    for (let i = 1; i < 40; i++) {
      const m = encodeChunk({ session: 1, seq: 0, index: i, count: 1 << 20, length: DEFAULT_MAX_FRAME_BYTES }, new Uint8Array(100_000));
      received += m.length;
      asm.push(m);
      expect(asm.reservedBytes).toBeLessThanOrEqual(2 * received + ASSEMBLY_INITIAL_BYTES);
    }
    expect(asm.peakReservedBytes).toBeLessThan(10 * 1024 * 1024);
  });

  it('cannot make us decode an 8 MiB control message, and its abort reason arrives cut short', () => {
    const reason = 'x'.repeat(8 * 1024 * 1024);
    const huge = rawControl(JSON.stringify({ type: 'abort', session: 1, reason }));
    expect(() => decodeControl(huge)).toThrow(/control message of 8388\d+ bytes is above the 4096-byte limit/);
    expect(codeOf(() => decodeControl(huge))).toBe('ERR_BAD_FRAME');
    const long = decodeControl(rawControl(JSON.stringify({ type: 'abort', session: 1, reason: 'y'.repeat(3000) })));
    expect(long).toEqual({ type: 'abort', session: 1, reason: 'y'.repeat(MAX_REASON_CHARS) });
    // our own long reasons are cut before sending, so a peer never refuses them
    expect(encodeControl({ type: 'abort', session: 1, reason: 'z'.repeat(10_000) }).length).toBeLessThan(300);
    // on a link: torn down naming the peer
    const { link, closes } = linkOf();
    link.handleMessage(huge);
    expect(closes[0]?.code).toBe('ERR_BAD_FRAME');
    expect(closes[0]?.message).toMatch(/party 4 sent a malformed message: control message of \d+ bytes/);
  });

  it("cannot make the engine decode an 8 MiB abort reason", () => {
    const frame = new Uint8Array(FRAME_HEADER_BYTES + 8 * 1024 * 1024).fill(65);
    const v = new DataView(frame.buffer);
    v.setUint16(0, FRAME_MAGIC, true);
    v.setUint8(2, FRAME_VERSION);
    v.setUint8(3, 2); // abort
    v.setUint16(12, 1, true);
    let err: unknown;
    try {
      decodeFrame(frame);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(MpcError);
    expect((err as MpcError).code).toBe('ERR_ABORTED');
    expect((err as MpcError).message.length).toBeLessThan(600);
    expect((err as MpcError).message).toMatch(/^party 1 aborted: A{500} \(and 8388108 more bytes\)$/);
  });

  it('cannot make the hold queue spin on a due time past 2^31 ms, or hold an item that never comes due', () => {
    const clock = manualClock();
    const released: number[] = [];
    const fifo = new TimedFifo<number>((n) => released.push(n), clock);
    fifo.push(1, clock.t + 2 ** 31 + 10);
    expect(clock.delays).toEqual([MAX_TIMER_MS]);
    // the timer comes back after 24.8 days with the item still not due: one more timer, no spinning
    clock.t += MAX_TIMER_MS;
    expect(clock.fire()).toBe(1);
    expect(clock.delays).toEqual([MAX_TIMER_MS, 11]);
    expect(released).toEqual([]);
    clock.t += 11;
    clock.fire();
    expect(released).toEqual([1]);
    for (const bad of [NaN, Infinity]) {
      let err: unknown;
      try {
        fifo.push(2, bad);
      } catch (e) {
        err = e;
      }
      expect((err as MpcError).code).toBe('ERR_RANGE');
    }
    const limited = new TimedFifo<number>(() => {}, clock, { maxAheadMs: 90_000 });
    expect(() => limited.push(3, clock.t + 90_001)).toThrow(/beyond the 90000 ms this queue holds/);
    expect(limited.length).toBe(0);
  });

  it('cannot name a due time past what a frame may be held: the link refuses the frame', () => {
    const { link, frames, closes } = linkOf();
    const now = performance.now();
    link.handleMessage(encodeControl({ type: 'pong', id: 0, t: now, r: now })); // clocks agree
    link.handleMessage(encodeControl({ type: 'due', seq: 0, t: now + 2 ** 31 + 10 }));
    link.handleMessage(encodeChunk({ session: 0, seq: 0, index: 0, count: 1, length: 3 }, new Uint8Array(3)));
    expect(frames.length).toBe(0);
    expect(closes[0]?.code).toBe('ERR_BAD_FRAME');
    expect(closes[0]?.message).toMatch(/party 4 sent frame 0 due \d+ ms from now, more than the 90000 ms/);
  });

  it('cannot grow the due-time map with due times for frames it never sends', () => {
    const { link, closes } = linkOf();
    for (let i = 0; i < 10_000; i++) link.handleMessage(encodeControl({ type: 'due', seq: 5_000_000 + i, t: 0 }));
    expect(link.queueLengths().dues).toBeLessThanOrEqual(MAX_DUES_AHEAD);
    expect(closes[0]?.code).toBe('ERR_BAD_FRAME');
    // within the window they are kept, one per frame
    const ok = linkOf();
    for (let i = 0; i < MAX_DUES_AHEAD; i++) ok.link.handleMessage(encodeControl({ type: 'due', seq: i, t: 0 }));
    expect(ok.link.queueLengths().dues).toBe(MAX_DUES_AHEAD);
    expect(ok.closes).toEqual([]);
  });

  it('cannot pile up pongs by pinging while it does not read its channel', () => {
    const { link, closes } = linkOf(true);
    for (let i = 0; i < 10_000; i++) link.handleMessage(encodeControl({ type: 'ping', id: i, t: i }));
    expect(link.queueLengths().controls).toBeLessThanOrEqual(MAX_QUEUED_CONTROLS);
    expect(closes[0]?.code).toBe('ERR_BACKLOG');
    expect(closes[0]?.message).toMatch(/party 4 does not read its channel: 256 control messages wait/);
  });

  it('cannot make a router hold without bound: empty frames for runs nobody joins are counted too', () => {
    const router = new RunRouter(256 * 1024 * 1024);
    const info: FrameWireInfo = { wireBytes: 24, compressed: false, codecMs: 0 };
    let firstError: NetError | null = null;
    for (let s = 0; s < 100_000; s++) firstError ??= router.deliver(1, s, new Uint8Array(0), info);
    expect(router.held().runs).toBeLessThanOrEqual(MAX_HELD_RUNS);
    expect(firstError?.code).toBe('ERR_BACKLOG');
    const one = new RunRouter(256 * 1024 * 1024);
    const errors = Array.from({ length: 1000 }, () => one.deliver(2, 7, new Uint8Array(0), info));
    expect(one.held().frames).toBe(MAX_HELD_FRAMES_PER_PEER);
    expect(errors.filter((e) => e?.code === 'ERR_BACKLOG').length).toBe(1000 - MAX_HELD_FRAMES_PER_PEER);
    // another peer is not hurt by it
    expect(one.deliver(3, 7, new Uint8Array(10), info)).toBeNull();
  });

  it('cannot queue without bound on a frames channel that has not opened here yet', () => {
    const channel: FramesChannel = {
      readyState: 'connecting',
      bufferedAmount: 0,
      bufferedAmountLowThreshold: 0,
      binaryType: 'blob',
      onopen: null,
      onmessage: null,
      onbufferedamountlow: null,
      onclose: null,
      onerror: null,
      send: () => {},
      close: () => {},
    };
    const fc = new FrameChannels();
    const closed: NetError[] = [];
    fc.onClose((_peer, err) => closed.push(err));
    fc.add(1, channel);
    const msg = encodeControl({ type: 'ping', id: 1, t: 1 });
    for (let i = 0; i < 20_000; i++) channel.onmessage!({ data: msg.slice().buffer } as MessageEvent);
    expect(fc.queueLengths(1)?.early ?? 0).toBeLessThanOrEqual(MAX_EARLY_MESSAGES);
    expect(closed[0]?.code).toBe('ERR_BACKLOG');
    channel.onclose?.(new Event('close'));
  });

  it("cannot queue frames without bound in the worker's inbox, or make its hold queue spin", () => {
    const fakePort = { onmessage: null as ((ev: { data: unknown }) => void) | null, postMessage: () => {}, close: () => {} };
    const pt = new PortTransport(0, 3, fakePort as unknown as MessagePort);
    const failures: MpcError[] = [];
    pt.onFailure((e) => failures.push(e));
    for (let i = 0; i < 10_000; i++) fakePort.onmessage!({ data: { type: 'frame', from: 1, bytes: new ArrayBuffer(16) } });
    expect(pt.waiting(1).frames).toBeLessThanOrEqual(MAX_WAITING_FRAMES);
    expect(failures[0]?.code).toBe('ERR_BAD_FRAME');
    expect(failures[0]?.message).toMatch(/party 1 sent more than 8 frames/);
    expect(pt.waiting(2).frames).toBe(0);
    pt.close();

    // a carried frame due past 2^31 ms, through the worker's own channel
    let handler: ((from: number, bytes: Uint8Array, info: FrameWireInfo) => void) | null = null;
    const channels = { isOpen: () => false, attach: (_s: number, h: typeof handler) => ((handler = h), () => {}), onClose: () => () => {} };
    const port2 = { onmessage: null, postMessage: () => {}, close: () => {} };
    const carried = new PortTransport(0, 2, port2 as unknown as MessagePort, { channels: channels as never, session: 1, compression: false });
    const errs: MpcError[] = [];
    carried.onFailure((e) => errs.push(e));
    handler!(1, new Uint8Array(8), { wireBytes: 32, compressed: false, codecMs: 0, dueAt: performance.now() + 2 ** 31 + 10 });
    expect(errs[0]?.code).toBe('ERR_BAD_FRAME');
    expect(carried.waiting(1)).toEqual({ frames: 0, bytes: 0, held: 0 });
    carried.close();
  });
});
