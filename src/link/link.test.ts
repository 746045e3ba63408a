import { describe, expect, it, vi } from 'vitest';
import { NetError } from './errors';
import { DEFAULT_LINK_OPTIONS, FRAMES_CHANNEL_OPTIONS, PeerLink, type ChannelPort, type FrameWireInfo, type LinkHandlers } from './link';
import { encodeControl, type ControlMessage } from './channelWire';
import { same } from './testkit';

/** A data channel stand-in: send() buffers, drain() moves bytes to the other side. */
class FakeChannel implements ChannelPort {
  bufferedAmount = 0;
  maxMessageSize: number | undefined = 262144;
  peak = 0;
  closed = false;
  private queue: Uint8Array[] = [];
  private low = 0;
  onLow: () => void = () => {};
  deliver: (msg: Uint8Array) => void = () => {};

  send(msg: Uint8Array): void {
    if (this.closed) throw new Error('channel is closed');
    if (msg.length > (this.maxMessageSize ?? Infinity)) throw new TypeError('message too large');
    this.queue.push(msg);
    this.bufferedAmount += msg.length;
    this.peak = Math.max(this.peak, this.bufferedAmount);
  }
  setLowThreshold(bytes: number): void {
    this.low = bytes;
  }
  close(): void {
    this.closed = true;
  }
  /** Hand up to `budget` bytes (whole messages) to the receiver, firing bufferedamountlow like a browser. */
  drain(budget = Infinity): number {
    let moved = 0;
    while (this.queue.length > 0 && moved < budget) {
      const m = this.queue.shift()!;
      const before = this.bufferedAmount;
      this.bufferedAmount -= m.length;
      moved += m.length;
      this.deliver(m);
      if (before > this.low && this.bufferedAmount <= this.low) this.onLow();
    }
    return moved;
  }
}

interface Side {
  link: PeerLink;
  channel: FakeChannel;
  frames: { session: number; bytes: Uint8Array; info: FrameWireInfo }[];
  controls: ControlMessage[];
  closes: (NetError | null)[];
}

function pair(options = {}, now?: () => number): [Side, Side] {
  const make = (peer: number): Side => {
    const channel = new FakeChannel();
    const side = { channel, frames: [], controls: [], closes: [] } as unknown as Side;
    const handlers: LinkHandlers = {
      onFrame: (session, bytes, info) => side.frames.push({ session, bytes, info }),
      onControl: (m) => side.controls.push(m),
      onClose: (e) => side.closes.push(e),
    };
    side.link = new PeerLink(peer, channel, handlers, options, now);
    channel.onLow = () => side.link.handleBufferedAmountLow();
    return side;
  };
  const a = make(1); // a's link talks to party 1
  const b = make(0);
  a.channel.deliver = (m) => b.link.handleMessage(m);
  b.channel.deliver = (m) => a.link.handleMessage(m);
  return [a, b];
}

function bytes(n: number, fill: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i += 1) out[i] = (i * 31 + fill) & 0xff;
  return out;
}

describe('PeerLink', () => {
  it('delivers frames in order and counts payload and wire bytes', () => {
    const [a, b] = pair();
    const sent = [bytes(5 * 1024 * 1024 + 3, 1), bytes(0, 2), bytes(10, 3), bytes(300_000, 4)];
    sent.forEach((f, i) => a.link.sendFrame(i % 2, f.slice()));
    while (a.channel.drain(64 * 1024) > 0);
    expect(b.frames.length).toBe(sent.length);
    sent.forEach((f, i) => expect(same(b.frames[i]?.bytes, f)).toBe(true));
    expect(b.frames.map((f) => f.session)).toEqual([0, 1, 0, 1]);
    const sa = a.link.stats();
    const sb = b.link.stats();
    const payload = sent.reduce((n, f) => n + f.length, 0);
    expect(sa.framesSent).toBe(4);
    expect(sa.frameBytesSent).toBe(payload);
    expect(sa.chunksSent).toBe(41 + 1 + 1 + 3);
    expect(sa.frameWireBytesSent).toBe(payload + 24 * sa.chunksSent);
    expect(sa.queuedBytes).toBe(0);
    expect(sb.framesReceived).toBe(4);
    expect(sb.frameBytesReceived).toBe(payload);
    expect(sb.frameWireBytesReceived).toBe(sa.frameWireBytesSent);
  });

  it('chunks a frame sent as parts (an engine frame: small head, payload arrays) without joining them, byte for byte', () => {
    const [a, b] = pair();
    // parts that end inside, exactly at, and across chunk boundaries (128 KiB each), and empty ones
    const parts = [bytes(40, 1), bytes(131_032, 2), new Uint8Array(0), bytes(131_072, 3), bytes(7, 4), bytes(400_001, 5), bytes(1, 6)];
    const whole = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    parts.reduce((o, p) => (whole.set(p, o), o + p.length), 0);
    const copies = parts.map((p) => p.slice());
    const info = a.link.sendFrame(3, parts);
    a.link.sendFrame(3, [bytes(5, 7)], true); // compressed: joined for deflate
    while (a.channel.drain(64 * 1024) > 0);
    expect(b.frames.length).toBe(2);
    expect(same(b.frames[0]!.bytes, whole)).toBe(true);
    expect(same(b.frames[1]!.bytes, bytes(5, 7))).toBe(true);
    parts.forEach((p, i) => expect(same(p, copies[i]!)).toBe(true)); // read, never written
    const chunks = Math.ceil(whole.length / DEFAULT_LINK_OPTIONS.chunkPayload);
    expect(info.wireBytes).toBe(whole.length + 24 * chunks);
    const sa = a.link.stats();
    expect(sa.frameBytesSent).toBe(whole.length + 5);
    expect(sa.chunksSent).toBe(chunks + 1);
    expect(sa.queuedBytes).toBe(0);
    expect(b.link.stats().frameBytesReceived).toBe(whole.length + 5);
  });

  it("never lets the channel buffer grow past the window plus one chunk (the frames channels' 64 KiB)", () => {
    const [a, b] = pair(FRAMES_CHANNEL_OPTIONS);
    const chunkMsg = DEFAULT_LINK_OPTIONS.chunkPayload + 24;
    for (let i = 0; i < 3; i += 1) a.link.sendFrame(0, bytes(2 * 1024 * 1024, i));
    expect(a.channel.bufferedAmount).toBeLessThanOrEqual(64 * 1024 + chunkMsg);
    while (a.channel.drain(20_000) > 0);
    expect(b.frames.length).toBe(3);
    expect(a.channel.peak).toBeLessThanOrEqual(64 * 1024 + chunkMsg);
    expect(a.link.stats().maxBufferedAmount).toBe(a.channel.peak);
  });

  it('by default widens the warm-up window once warmupBytes are written, never past the window plus one chunk', async () => {
    const opts = { ...DEFAULT_LINK_OPTIONS, warmupBytes: 8 * 1024 * 1024 };
    const [a, b] = pair(opts);
    const chunkMsg = DEFAULT_LINK_OPTIONS.chunkPayload + 24;
    for (let i = 0; i < 6; i += 1) a.link.sendFrame(0, bytes(4 * 1024 * 1024, i));
    // Nothing drained yet: only the warm-up window went out, the rest waits in the link.
    expect(a.channel.bufferedAmount).toBeLessThanOrEqual(opts.warmupHighWater + chunkMsg);
    expect(a.link.stats().queuedBytes).toBeGreaterThan(20 * 1024 * 1024);
    let warmPeak = 0;
    // the link writes at most 512 KiB of frames per task and continues in the next one
    for (let tasks = 0; b.frames.length < 6 && tasks < 1000; tasks++) {
      while (a.channel.drain(100_000) > 0) {
        if (a.link.stats().frameWireBytesSent < opts.warmupBytes) warmPeak = Math.max(warmPeak, a.channel.bufferedAmount);
      }
      await new Promise((r) => setTimeout(r, 0));
    }
    expect(warmPeak).toBeLessThanOrEqual(opts.warmupHighWater + chunkMsg);
    expect(a.channel.peak).toBeLessThanOrEqual(opts.highWater + chunkMsg);
    expect(a.channel.peak).toBeGreaterThan(opts.warmupHighWater + chunkMsg); // widened after warm-up
    expect(b.frames.length).toBe(6);
    expect(a.link.stats().maxBufferedAmount).toBe(a.channel.peak);
  });

  it('with flushBeforeFrame, writes all the window allows before a received frame goes up, past the per-task limit', () => {
    const opts = { warmupBytes: 0, highWater: 4 * 1024 * 1024, lowWater: 1024 * 1024 };
    for (const flush of [true, false]) {
      const [a, b] = pair({ ...opts, flushBeforeFrame: flush });
      a.link.sendFrame(0, bytes(3 * 1024 * 1024, 1));
      // one task's worth went out (512 KiB and the chunk that crossed it); the rest waits for a later task
      expect(a.channel.bufferedAmount).toBeLessThan(1024 * 1024);
      b.link.sendFrame(0, bytes(1000, 2));
      while (b.channel.drain() > 0);
      // nothing drained a's channel and no timer ran: what it holds went in while b's frame came up
      expect(a.frames.length).toBe(1);
      if (flush) expect(a.channel.bufferedAmount).toBe(3 * 1024 * 1024 + 24 * 24); // the whole frame: it fits the window
      else expect(a.channel.bufferedAmount).toBeLessThan(1024 * 1024);
      for (const s of [a, b]) s.link.destroy();
    }
  });

  it('keeps a channel warm after a frame: one counted byte per keepWarmMs of silence, for keepWarmForMs, none without frames', () => {
    vi.useFakeTimers();
    try {
      let t = 0;
      const [a, b] = pair({ keepWarmMs: 5, keepWarmForMs: 100 }, () => t);
      const step = (ms: number): void => {
        for (let i = 0; i < ms; i++) {
          t += 1;
          vi.advanceTimersByTime(1);
          a.channel.drain();
          b.channel.drain();
        }
      };
      step(50);
      expect(a.link.stats().keepWarmSent).toBe(0); // no frame yet: an idle lobby stays silent
      a.link.sendFrame(1, bytes(1000, 1));
      step(200);
      const sa = a.link.stats();
      // a byte every 5 ms while silent, for 100 ms after the frame (the last tick may fall on the limit)
      expect(sa.keepWarmSent).toBeGreaterThanOrEqual(19);
      expect(sa.keepWarmSent).toBeLessThanOrEqual(21);
      expect(sa.keepWarmBytesSent).toBe(sa.keepWarmSent);
      // counted apart: frame and control counters hold the frame alone
      expect(sa.framesSent).toBe(1);
      expect(sa.frameWireBytesSent).toBe(1000 + 24);
      expect(sa.controlSent).toBe(0);
      const sb = b.link.stats();
      expect(sb.keepWarmReceived).toBe(sa.keepWarmSent);
      expect(sb.keepWarmBytesReceived).toBe(sa.keepWarmBytesSent);
      // the receiver of the frame keeps its side warm too, and nothing reaches the handlers
      expect(sb.keepWarmSent).toBeGreaterThan(0);
      expect(b.frames.length).toBe(1);
      expect([a.controls, b.controls]).toEqual([[], []]);
      const sent = a.link.stats().keepWarmSent;
      step(100);
      expect(a.link.stats().keepWarmSent).toBe(sent); // stopped
      expect(vi.getTimerCount()).toBe(0);
      a.link.destroy();
      b.link.destroy();
    } finally {
      vi.useRealTimers();
    }
  });

  it('refuses a keep-warm message that carries anything', () => {
    const [a] = pair();
    a.link.handleMessage(new Uint8Array([3, 0]));
    expect(a.closes[0]?.code).toBe('ERR_BAD_FRAME');
  });

  it('clamps chunks to the channel max message size', () => {
    const [a, b] = pair();
    a.channel.maxMessageSize = undefined;
    const small = new FakeChannel();
    small.maxMessageSize = 1000;
    const got: Uint8Array[] = [];
    const link = new PeerLink(1, small, { onFrame: () => {}, onControl: () => {}, onClose: () => {} });
    link.sendFrame(0, bytes(5000, 1));
    small.deliver = (m) => got.push(m);
    small.drain();
    expect(got.length).toBe(6);
    expect(Math.max(...got.map((m) => m.length))).toBe(1000);
    expect(b.frames.length).toBe(0);
  });

  it('lets control messages overtake queued frame chunks', () => {
    const [a, b] = pair();
    a.link.sendFrame(0, bytes(2 * 1024 * 1024, 1));
    a.link.sendControl({ type: 'abort', session: 0, reason: 'stop' });
    a.channel.drain(600 * 1024); // the control went out right after the first window
    expect(b.controls).toEqual([{ type: 'abort', session: 0, reason: 'stop' }]);
    expect(b.frames.length).toBe(0);
  });

  it('measures RTT with ping/pong and keeps pings out of onControl', () => {
    vi.useFakeTimers();
    try {
      let t = 1000; // both links read this fake clock
      const [a, b] = pair({}, () => t);
      const rtts: number[] = [];
      (a.link as unknown as { handlers: LinkHandlers }).handlers.onRtt = (ms) => rtts.push(ms);
      a.link.startPings(2000);
      t += 7; // the ping is 7 ms on the way
      a.channel.drain();
      t += 5; // and the pong 5 ms
      b.channel.drain();
      expect(rtts).toEqual([12]);
      expect(a.link.stats().rttMs).toBe(12);
      expect(a.link.stats().rttQueuedBytes).toBe(0); // an idle link: nothing ahead of the ping
      t += 2000 - 12;
      vi.advanceTimersByTime(2000); // the second ping
      t += 3;
      a.channel.drain();
      b.channel.drain();
      expect(rtts).toEqual([12, 3]);
      expect(a.controls).toEqual([]);
      expect(b.controls).toEqual([]);
      a.link.destroy();
      b.link.destroy();
    } finally {
      vi.useRealTimers();
    }
  });

  it('says how many bytes a ping queued behind: a round trip under load is not an idle one', () => {
    const [a, b] = pair();
    expect(a.link.stats().rttQueuedBytes).toBeNull();
    a.link.sendFrame(0, bytes(2 * 1024 * 1024, 1));
    const ahead = a.channel.bufferedAmount; // the first window of the frame
    expect(ahead).toBeGreaterThan(100_000);
    a.link.startPings(60_000);
    while (a.channel.drain(64 * 1024) > 0 || b.channel.drain() > 0);
    expect(a.link.stats().rttMs).not.toBeNull();
    expect(a.link.stats().rttQueuedBytes).toBe(ahead);
    a.link.destroy();
    b.link.destroy();
  });

  it("carries a frame's due time to the receiver, in the receiver's clock (from the pong's clock offset)", () => {
    const t = 1000;
    const [a, b] = pair({}, () => t);
    expect(b.link.clockSynced).toBe(false);
    // b's ping is answered at a clock 5 s ahead of b's (each worker's performance.now() has its own origin)
    b.link.handleMessage(encodeControl({ type: 'pong', id: 0, t, r: t + 5000 }));
    expect(b.link.clockSynced).toBe(true);
    a.link.sendFrame(3, bytes(10, 1), false, 9000); // due at 9000 on a's clock
    a.link.sendFrame(3, bytes(10, 2)); // not emulated
    a.channel.drain();
    expect(b.frames.length).toBe(2);
    expect(b.frames[0]!.info.dueAt).toBe(4000); // no time passed: the offset is exact
    expect(b.frames[1]!.info.dueAt).toBeUndefined();
    expect(b.controls).toEqual([]); // `due` is the link's business
    // the due time travels as a control message; the frame's own bytes are as without it
    expect(a.link.stats().frameWireBytesSent).toBe(2 * (10 + 24));
    expect(a.link.stats().controlSent).toBe(1);
  });

  it('answers pings with its own clock, so the pinging side knows the offset', () => {
    let t = 1000;
    const [a, b] = pair({}, () => t);
    a.link.startPings(60_000);
    t += 3; // 3 ms each way
    a.channel.drain();
    t += 3;
    b.channel.drain();
    expect(a.link.clockSynced).toBe(true);
    // one process, one clock, a symmetric round trip: the offset is 0
    a.link.sendFrame(0, bytes(4, 1), false, 1234.5);
    a.channel.drain();
    expect(b.frames[0]!.info.dueAt).toBeUndefined(); // b never pinged: it cannot place a's clock
    b.link.startPings(60_000);
    t += 3;
    b.channel.drain();
    t += 3;
    a.channel.drain();
    a.link.sendFrame(0, bytes(4, 1), false, 1234.5);
    a.channel.drain();
    expect(b.frames[1]!.info.dueAt).toBe(1234.5);
    expect(b.link.clockErrorMs()).toBe(3); // half the round trip
    a.link.destroy();
    b.link.destroy();
  });

  it('tears down on a malformed message with ERR_BAD_FRAME naming the party', () => {
    const [a] = pair();
    a.link.handleMessage(new Uint8Array([9, 9, 9]));
    expect(a.closes.length).toBe(1);
    expect(a.closes[0]?.code).toBe('ERR_BAD_FRAME');
    expect(a.closes[0]?.message).toMatch(/party 1 sent a malformed message/);
    expect(a.channel.closed).toBe(true);
    expect(() => a.link.sendFrame(0, new Uint8Array(1))).toThrow(/party 1 sent a malformed/);
    a.link.handleMessage(new Uint8Array([2])); // ignored after teardown
    expect(a.closes.length).toBe(1);
  });

  it('tears down once; later sends throw ERR_DESTROYED', () => {
    const [a] = pair();
    a.link.sendFrame(0, bytes(1024 * 1024, 1));
    a.link.destroy();
    a.link.destroy(new NetError('ERR_PEER_GONE', 'late'));
    expect(a.closes).toEqual([null]);
    expect(a.link.stats().queuedBytes).toBe(0);
    try {
      a.link.sendControl({ type: 'ready', session: 0 });
      throw new Error('expected a throw');
    } catch (err) {
      expect((err as NetError).code).toBe('ERR_DESTROYED');
    }
  });

  it('turns a failing channel send into ERR_PEER_GONE', () => {
    const [a] = pair();
    a.channel.closed = true;
    a.link.sendFrame(0, bytes(10, 1));
    expect(a.closes[0]?.code).toBe('ERR_PEER_GONE');
    expect(a.closes[0]?.message).toMatch(/sending to party 1 failed: channel is closed/);
  });
});

describe('PeerLink compression', () => {
  it('deflates frames asked for, inflates them on the other side, and counts frame and wire bytes', () => {
    let t = 0;
    const [a, b] = pair({}, () => (t += 2)); // each reading of the clock is 2 ms later

    const noise = new Uint8Array(1024 * 1024 + 300_000);
    for (let i = 0; i < noise.length; i += 65536) globalThis.crypto.getRandomValues(noise.subarray(i, i + 65536));
    // one base-4 digit per byte, as prime's comparisons send them: deflate shrinks it to about a third
    const digits = noise.slice(300_000).map((x) => x & 3);
    const random = noise.slice(0, 300_000);
    const infoDigits = a.link.sendFrame(3, digits.slice(), true);
    const infoRandom = a.link.sendFrame(3, random.slice(), true);
    const infoPlain = a.link.sendFrame(3, bytes(1000, 1));
    while (a.channel.drain(64 * 1024) > 0);
    expect(b.frames.map((f) => f.session)).toEqual([3, 3, 3]);
    expect(same(b.frames[0]?.bytes, digits)).toBe(true);
    expect(same(b.frames[1]?.bytes, random)).toBe(true);
    expect(same(b.frames[2]?.bytes, bytes(1000, 1))).toBe(true);
    expect(infoDigits.compressed).toBe(true);
    expect(infoDigits.wireBytes).toBeLessThan(digits.length / 3);
    // random shares: deflate finds nothing, the wire carries slightly more than the frame
    expect(infoRandom.wireBytes / random.length).toBeGreaterThanOrEqual(1);
    expect(infoRandom.wireBytes / random.length).toBeLessThan(1.01);
    expect(infoPlain).toEqual({ wireBytes: 1000 + 24, compressed: false, codecMs: 0 });
    const sa = a.link.stats();
    const sb = b.link.stats();
    expect(sa.frameBytesSent).toBe(digits.length + random.length + 1000); // engine bytes, before compression
    expect(sa.frameWireBytesSent).toBe(infoDigits.wireBytes + infoRandom.wireBytes + infoPlain.wireBytes);
    expect(sa.framesCompressedSent).toBe(2);
    expect(sa.deflateMs).toBe(2 * 2); // two compressed frames, the clock read before and after each
    expect(sb.frameBytesReceived).toBe(sa.frameBytesSent);
    expect(sb.frameWireBytesReceived).toBe(sa.frameWireBytesSent);
    expect(sb.framesCompressedReceived).toBe(2);
    expect(sb.inflateMs).toBe(2 * 2);
  });

  it('tears down with ERR_BAD_FRAME on a corrupt compressed frame', () => {
    const [a, b] = pair();
    const info = a.link.sendFrame(0, bytes(5000, 2), true);
    expect(info.compressed).toBe(true);
    a.channel.deliver = (m) => {
      m[m.length - 1] = m[m.length - 1]! ^ 0xff; // corrupt the end of the DEFLATE stream
      m[m.length - 2] = m[m.length - 2]! ^ 0xff;
      b.link.handleMessage(m);
    };
    a.channel.drain();
    expect(b.frames.length).toBe(0);
    expect(b.closes[0]?.code).toBe('ERR_BAD_FRAME');
    expect(b.closes[0]?.message).toMatch(/party 0 sent a malformed message: compressed frame/);
  });
});
