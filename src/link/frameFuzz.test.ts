/**
 * Every decoder of peer input, fed thousands of seeded random, mutated, truncated and oversized
 * inputs: each either decodes or throws its coded error (never another exception), and stays
 * within its cost bounds (docs/bounds.md): bytes inflated, bytes reserved against bytes received,
 * queue lengths. A failure prints its seed and case; FUZZ_SEED=n reruns with another seed.
 */
import { deflateSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { MpcError } from '../mpc/errors';
import { MAX_TIMER_MS, TimedFifo } from '../mpc/io/netem';
import type { Clock } from '../mpc/sched/clock';
import { decodeFrame, encodeAbort, encodeFrame, FRAME_ENTRY_BYTES, FRAME_HEADER_BYTES } from '../mpc/sched/frame';
import { PortTransport } from '../workers/portTransport';
import { INBOX_LIMITS } from './channelWire';
import { DEFLATE_PREFIX_BYTES, deflateFrame, inflateAllowance, inflateFrame, MAX_TABLE_WORK_PER_BYTE, TABLE_WORK_SLACK, type InflateMeter } from './compress';
import { NetError } from './errors';
import { MAX_DUES_AHEAD, MAX_QUEUED_CONTROLS, PeerLink, type ChannelPort, type FrameWireInfo } from './link';
import { MAX_HELD_FRAMES_PER_PEER, MAX_HELD_RUNS, RunRouter } from './runRouter';
import {
  ASSEMBLY_INITIAL_BYTES,
  CHUNK_HEADER_BYTES,
  decodeControl,
  encodeChunk,
  encodeControl,
  encodeFrameChunks,
  FrameAssembler,
  KIND_CHUNK,
  KIND_CONTROL,
  MAX_CONTROL_BYTES,
  MAX_REASON_CHARS,
  type ControlMessage,
} from './channelWire';

const SEED = Number(process.env['FUZZ_SEED'] ?? 20261212) >>> 0 || 1;

/** xorshift32: the same inputs on every run with the same seed. */
function rng(seed: number) {
  let x = seed >>> 0 || 1;
  const next = (): number => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4294967296;
  };
  const int = (n: number): number => Math.floor(next() * n);
  // bulk bytes are slices of a seeded pool (byte by byte, the large cases took minutes)
  const pool = new Uint32Array(1 << 18);
  for (let i = 0; i < pool.length; i++) pool[i] = int(2 ** 32);
  const poolBytes = new Uint8Array(pool.buffer);
  const bytes = (n: number): Uint8Array => {
    const out = new Uint8Array(n);
    for (let at = 0; at < n; ) {
      const from = int(poolBytes.length);
      const take = Math.min(n - at, poolBytes.length - from);
      out.set(poolBytes.subarray(from, from + take), at);
      at += take;
    }
    return out;
  };
  /** Sizes spread over orders of magnitude: mostly small, some large. */
  const size = (max: number): number => Math.floor(next() ** 4 * max);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;
  return { next, int, bytes, size, pick };
}
type Rng = ReturnType<typeof rng>;

/** A copy of `msg` with a few faults of the kinds a broken or hostile sender makes. */
function mutate(r: Rng, msg: Uint8Array): Uint8Array {
  const kind = r.int(7);
  if (kind === 0) return msg.slice(0, r.int(msg.length + 1)); // truncated
  if (kind === 1) return r.bytes(r.size(4096)); // noise
  const out = msg.slice();
  if (kind === 2 && out.length > 0) {
    const j = r.int(out.length);
    out[j] = out[j]! ^ (1 << r.int(8)); // one bit
  }
  if (kind === 3) for (let i = 0, n = 1 + r.int(8); i < n && out.length > 0; i++) out[r.int(out.length)] = r.int(256);
  if (kind === 4 && out.length >= 4) new DataView(out.buffer).setUint32(r.int(out.length - 3), r.pick([0, 1, 0xffffffff, 0x7fffffff, 1 << 29, r.int(2 ** 32)]), true);
  if (kind === 5) {
    const longer = new Uint8Array(out.length + r.size(100_000));
    longer.set(out);
    return longer;
  }
  return out;
}

/** expect() for hot loops: vitest's costs ~10 µs a call, which made this file take minutes. */
function check(cond: boolean, what: string): void {
  if (!cond) throw new Error(`bound broken: ${what}`);
}

/** Run `fn`; true if it returned, false if it threw one of `codes` of `type`; anything else fails the test. */
function decodesOrCoded(what: string, fn: () => unknown, type: typeof NetError | typeof MpcError, codes: readonly string[]): boolean {
  try {
    fn();
    return true;
  } catch (err) {
    if (!(err instanceof type) || !codes.includes(err.code)) throw new Error(`${what}: threw ${String(err)} (${(err as { code?: string }).code})`, { cause: err });
    return false;
  }
}

const validControls = (r: Rng): ControlMessage[] => [
  { type: 'ping', id: r.int(1000), t: r.next() * 1e6 },
  { type: 'pong', id: r.int(1000), t: r.next() * 1e6, r: r.next() * 1e6 },
  { type: 'due', seq: r.int(1000), t: r.next() * 1e6 },
  { type: 'propose', session: r.int(2 ** 32), params: { n: r.int(1000), net: null, method: 'pade' } },
  { type: 'ready', session: r.int(100) },
  { type: 'abort', session: r.int(100), reason: 'r'.repeat(r.size(5000)) },
  { type: 'finished', session: r.int(100) },
  { type: 'frames-channel', id: r.int(70_000) },
  { type: 'shares', session: 1, field: 'FM64', fxp: 18, x: ['00ff'], y: ['abc'] },
];

describe(`frame fuzz (seed ${SEED})`, () => {
  it('control decoder: decodes or throws ERR_BAD_FRAME, never reads past MAX_CONTROL_BYTES', () => {
    const r = rng(SEED);
    let decoded = 0;
    for (let i = 0; i < 4000; i++) {
      const base = encodeControl(r.pick(validControls(r)));
      const msg = i % 4 === 0 ? base : mutate(r, base);
      msg[0] = KIND_CONTROL;
      let out: ControlMessage | null = null;
      const ok = decodesOrCoded(`control case ${i}`, () => (out = decodeControl(msg)), NetError, ['ERR_BAD_FRAME']);
      if (!ok) continue;
      decoded += 1;
      expect(msg.length, `control case ${i}`).toBeLessThanOrEqual(MAX_CONTROL_BYTES);
      const m = out as ControlMessage | null;
      if (m?.type === 'abort') expect(m.reason.length).toBeLessThanOrEqual(MAX_REASON_CHARS);
    }
    expect(decoded).toBeGreaterThan(1000); // the valid quarter and the harmless mutations
  });

  it('inflate: decodes or throws ERR_BAD_FRAME, and writes at most the declared length, itself at most the ratio allows', () => {
    const r = rng(SEED + 1);
    let inflated = 0;
    // bombs of 16 KiB to 4 MiB of zeros, made once
    const bombs = [16 << 10, 1 << 20, 4 << 20].flatMap((n) => [deflateSync(new Uint8Array(n), { level: 1 }), deflateSync(new Uint8Array(n), { level: 9 })]);
    for (let i = 0; i < 2000; i++) {
      const n = r.size(100_000);
      const frame = i % 3 === 0 ? r.bytes(n) : i % 3 === 1 ? r.bytes(n).map((b) => b & r.pick([1, 3, 15])) : new Uint8Array(n);
      const good = deflateFrame(frame);
      let body = i % 5 === 0 ? good : mutate(r, good);
      if (i % 7 === 0) {
        // a bomb of a random size, declaring anything
        const bomb = r.pick(bombs);
        body = new Uint8Array(DEFLATE_PREFIX_BYTES + bomb.length);
        new DataView(body.buffer).setUint32(0, r.pick([0, 100, r.int(2 ** 32), inflateAllowance(bomb.length)]), true);
        body.set(bomb, DEFLATE_PREFIX_BYTES);
      }
      const meter: InflateMeter = { outputBytes: 0, tableWork: 0, allocatedBytes: 0 };
      const max = 64 * 1024 * 1024;
      if (decodesOrCoded(`inflate case ${i}`, () => inflateFrame(body, max, meter), NetError, ['ERR_BAD_FRAME'])) inflated += 1;
      const stream = Math.max(0, body.length - DEFLATE_PREFIX_BYTES);
      const declared = body.length >= 4 ? new DataView(body.buffer, body.byteOffset).getUint32(0, true) : 0;
      expect(meter.outputBytes, `inflate case ${i}`).toBeLessThanOrEqual(Math.min(declared, max, inflateAllowance(stream)));
      expect(meter.tableWork, `inflate case ${i}`).toBeLessThanOrEqual(MAX_TABLE_WORK_PER_BYTE * stream + TABLE_WORK_SLACK);
      expect(meter.allocatedBytes, `inflate case ${i}`).toBeLessThanOrEqual(inflateAllowance(stream) + 2 * (MAX_TABLE_WORK_PER_BYTE * stream + TABLE_WORK_SLACK));
    }
    expect(inflated).toBeGreaterThan(400);
  });

  it('chunk assembler: decodes or throws ERR_BAD_FRAME, reserving at most 2 × bytes received + ASSEMBLY_INITIAL_BYTES', () => {
    const r = rng(SEED + 2);
    let frames = 0;
    for (let i = 0; i < 600; i++) {
      const asm = new FrameAssembler(r.pick([1 << 18, 64 << 20, 512 << 20]));
      let received = 0; // bytes of chunk messages of the frame being assembled
      for (let seq = 0; seq < 3; seq++) {
        const n = r.size(600_000);
        const frame = r.next() < 0.5 ? r.bytes(n) : r.bytes(n).map((b) => b & 1);
        const msgs = encodeFrameChunks(r.int(4), seq, frame, 1000 + r.size(200_000), r.next() < 0.2);
        const faulty = r.next() < 0.5;
        let stop = false;
        for (const good of msgs) {
          let msg = faulty && r.next() < 0.2 ? mutate(r, good) : good;
          if (r.next() < 0.02) msg = r.bytes(r.size(64)); // a stray message
          if (msg.length > 0 && r.next() < 0.9) msg[0] = KIND_CHUNK;
          received += msg.length;
          const ok = decodesOrCoded(`assembler case ${i} frame ${seq}`, () => asm.push(msg), NetError, ['ERR_BAD_FRAME']);
          check(asm.reservedBytes <= 2 * received + ASSEMBLY_INITIAL_BYTES, `assembler case ${i}: ${asm.reservedBytes} bytes reserved after ${received} received`);
          if (asm.lastInflate) {
            check(asm.lastInflate.outputBytes <= inflateAllowance(received), `assembler case ${i}: inflated ${asm.lastInflate.outputBytes} of ${received} received`);
            asm.lastInflate = null;
          }
          if (!ok) {
            stop = true; // a link is torn down after its first bad message
            break;
          }
          if (!asm.pending) {
            received = 0;
            frames += 1;
          }
        }
        if (stop) break;
      }
      expect(asm.peakReservedBytes).toBeLessThanOrEqual(2 * 600_000 * 1.01 + ASSEMBLY_INITIAL_BYTES + 1024 * 1024);
    }
    expect(frames).toBeGreaterThan(300);
  });

  it("engine frame decoder: decodes or throws ERR_BAD_FRAME / ERR_ABORTED, with at most one entry per 8 bytes and a short message", () => {
    const r = rng(SEED + 3);
    let decoded = 0;
    for (let i = 0; i < 5000; i++) {
      const entries = Array.from({ length: r.size(300) }, () => ({ op: r.int(2 ** 32), payload: r.bytes(r.size(5000)) }));
      const good =
        i % 10 === 0
          ? encodeAbort(r.int(100), r.int(4), 'why'.repeat(r.size(1000)))
          : encodeFrame({ phase: r.pick(['online', 'offline'] as const), session: r.int(2 ** 32), round: r.int(1000), sender: r.int(4), entries });
      const bytes = i % 4 === 0 ? good : mutate(r, good);
      let count = 0;
      try {
        count = decodeFrame(bytes).entries.length;
        decoded += 1;
      } catch (err) {
        if (!(err instanceof MpcError) || !['ERR_BAD_FRAME', 'ERR_ABORTED'].includes(err.code)) throw new Error(`engine frame case ${i}: threw ${String(err)}`);
        expect(err.message.length, `engine frame case ${i}`).toBeLessThan(700);
      }
      expect(count).toBeLessThanOrEqual(Math.max(0, (bytes.length - FRAME_HEADER_BYTES) / FRAME_ENTRY_BYTES));
    }
    expect(decoded).toBeGreaterThan(1000);
  });

  it('hold queue: refuses times that never come with ERR_RANGE, never arms a timer past 2^31 − 1 ms, never spins', () => {
    const r = rng(SEED + 4);
    for (let i = 0; i < 100; i++) {
      let t = r.next() * 1e6;
      const timers: { cb: () => void; ms: number }[] = [];
      const clock: Clock = {
        now: () => t,
        defer: (cb) => cb(),
        setTimer: (cb, ms) => {
          check(ms >= 0 && ms <= MAX_TIMER_MS, `hold case ${i}: a timer of ${ms} ms`);
          timers.push({ cb, ms });
          return timers.length;
        },
        clearTimer: () => {},
      };
      const released: number[] = [];
      const maxAheadMs = r.pick([undefined, 90_000]);
      const fifo = new TimedFifo<number>((n) => released.push(n), clock, maxAheadMs === undefined ? {} : { maxAheadMs });
      let accepted = 0;
      for (let k = 0; k < 50; k++) {
        const at = r.pick([NaN, Infinity, -Infinity, t + 2 ** 31 + r.int(1e6), t + 1e300, -1e300, t + r.next() * 1e5, t - r.next() * 10, t + 2 ** 40]);
        if (decodesOrCoded(`hold case ${i}/${k}`, () => fifo.push(k, at), MpcError, ['ERR_RANGE'])) accepted += 1;
      }
      expect(fifo.length).toBeLessThanOrEqual(accepted);
      // run the clock forward timer by timer: each timer either releases something or waits ≥ 1 ms
      // (an item due in 1e300 ms re-arms every 24.8 days forever: that is waiting, not spinning)
      for (let fired = 0; timers.length > 0 && fired < 2000; fired++) {
        const { cb, ms } = timers.shift()!;
        const before = released.length;
        t += ms;
        cb();
        check(released.length > before || ms > 0, `hold case ${i}: a 0 ms timer that released nothing`);
      }
      expect(released).toEqual([...released].sort((a, b) => a - b));
      expect(released.length + fifo.length).toBe(accepted);
    }
  });

  it('worker port messages: any message is taken or ignored, a peer fails with a coded error, and at most MAX_WAITING_FRAMES wait', () => {
    const r = rng(SEED + 5);
    for (let i = 0; i < 100; i++) {
      const port = { onmessage: null as ((ev: { data: unknown }) => void) | null, postMessage: () => {}, close: () => {} };
      const parties = 2 + r.int(3);
      const pt = new PortTransport(0, parties, port as unknown as MessagePort);
      const failures: MpcError[] = [];
      pt.onFailure((e) => failures.push(e));
      for (let k = 0; k < 100; k++) {
        const from = r.pick([1, parties - 1, -1, 0.5, parties, 1e9, '1', null, undefined]);
        const data = r.pick([
          null,
          42,
          'frame',
          { type: 'frame', from, bytes: new ArrayBuffer(r.size(10_000)) },
          { type: 'frame', from, bytes: r.pick([null, 'x', [1, 2], new Uint8Array(3)]) },
          { type: 'peer-error', from, code: r.pick(['ERR_PEER_GONE', 'ERR_ABORTED', 'nonsense', 7]), message: r.pick(['gone', null, 'm'.repeat(r.size(10_000))]) },
          { type: r.pick(['end', 'nonsense', undefined]), from },
        ]);
        expect(() => port.onmessage!({ data })).not.toThrow();
        for (let p = 0; p < parties; p++) {
          const w = pt.waiting(p);
          check(w.frames <= INBOX_LIMITS.frames && w.bytes <= INBOX_LIMITS.bytes, `port case ${i}/${k}: ${w.frames} frames, ${w.bytes} bytes wait`);
        }
        if (r.next() < 0.3) void pt.receive(r.int(parties)).catch(() => {});
      }
      for (const f of failures) {
        expect(['ERR_PEER_GONE', 'ERR_ABORTED', 'ERR_BAD_FRAME', 'ERR_TIMEOUT']).toContain(f.code);
        expect(f.message.length).toBeLessThanOrEqual(1000);
      }
      pt.close();
    }
  });

  it('link: any message sequence leaves it open or torn down with ERR_BAD_FRAME / ERR_BACKLOG, its queues within bounds', () => {
    const r = rng(SEED + 6);
    for (let i = 0; i < 200; i++) {
      const closes: (NetError | null)[] = [];
      let frames = 0;
      const port: ChannelPort = { send: () => {}, bufferedAmount: r.pick([0, 1e12]), setLowThreshold: () => {}, maxMessageSize: 262144, close: () => {} };
      const link = new PeerLink(1, port, { onFrame: () => (frames += 1), onControl: () => {}, onClose: (e) => closes.push(e) }, { maxFrameBytes: 1 << 20 });
      let seq = 0;
      for (let k = 0; k < 300 && !link.destroyed; k++) {
        const choice = r.int(10);
        let msgs: Uint8Array[];
        if (choice < 3) {
          msgs = encodeFrameChunks(r.int(3), seq++, r.bytes(r.size(20_000)), 100 + r.size(8000), r.next() < 0.3);
        } else if (choice < 7) {
          msgs = [encodeControl(r.pick([...validControls(r), { type: 'due', seq: seq + r.int(2 * MAX_DUES_AHEAD), t: performance.now() + r.pick([0, 1e5, 2 ** 31, -1e9]) } as const]))];
        } else {
          msgs = [mutate(r, r.next() < 0.5 ? encodeChunk({ session: 0, seq, index: 0, count: 1, length: 10 }, new Uint8Array(10)) : encodeControl({ type: 'ping', id: 1, t: 1 }))];
        }
        for (const m of msgs) {
          link.handleMessage(m); // throws nothing: a bad message tears the link down instead
          const q = link.queueLengths();
          check(q.dues <= MAX_DUES_AHEAD && q.controls <= MAX_QUEUED_CONTROLS && q.reservedBytes <= 2 * (1 << 20) + ASSEMBLY_INITIAL_BYTES, `link case ${i}/${k}: ${JSON.stringify(q)}`);
        }
      }
      expect(closes.length).toBeLessThanOrEqual(1);
      if (closes[0]) expect(['ERR_BAD_FRAME', 'ERR_BACKLOG']).toContain(closes[0].code);
      expect(frames).toBeGreaterThanOrEqual(0);
      link.destroy();
    }
  });

  it('session router: holds at most its bounds, refusing with ERR_BACKLOG', () => {
    const r = rng(SEED + 7);
    const info: FrameWireInfo = { wireBytes: CHUNK_HEADER_BYTES, compressed: false, codecMs: 0 };
    for (let i = 0; i < 50; i++) {
      const maxHeld = r.pick([64 << 10, 1 << 20]);
      const router = new RunRouter(maxHeld);
      const detach: (() => void)[] = [];
      for (let k = 0; k < 1000; k++) {
        const from = r.int(5);
        const session = r.pick([r.int(4), r.int(2 ** 32)]);
        if (r.next() < 0.01) {
          try {
            detach.push(router.attach(session, () => {}));
          } catch {
            // already attached: the router's own caller error, not peer input
          }
          continue;
        }
        if (r.next() < 0.01) detach.pop()?.();
        const err = router.deliver(from, session, new Uint8Array(r.size(maxHeld / 8)), info);
        if (err) expect(err.code).toBe('ERR_BACKLOG');
        const held = router.held();
        check(held.bytes <= maxHeld && held.runs <= MAX_HELD_RUNS && held.frames <= 5 * MAX_HELD_FRAMES_PER_PEER, `router case ${i}/${k}: ${JSON.stringify(held)}`);
      }
      router.clear();
      expect(router.held()).toEqual({ frames: 0, bytes: 0, runs: 0 });
    }
  });
});
