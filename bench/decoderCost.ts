/**
 * Worst-case CPU per byte received of every decoder of peer input (docs/bounds.md), in ns per
 * byte of the messages that carried it: each case is the costliest input found for that decoder,
 * next to an honest one. Run: `npx tsx bench/decoderCost.ts` (about a minute). Medians of several
 * repetitions; the machine's other load shows in the spread, so compare cases within one run.
 */
import { deflateSync } from 'fflate';
import { MpcError } from '../src/mpc/errors';
import { TimedFifo } from '../src/mpc/io/netem';
import { decodeFrame, encodeFrame, FRAME_HEADER_BYTES, FRAME_MAGIC, FRAME_VERSION } from '../src/mpc/sched/frame';
import { DEFLATE_PREFIX_BYTES, deflateFrame, inflateAllowance, inflateFrame, type InflateMeter } from '../src/link/compress';
import { CHUNK_HEADER_BYTES, decodeControl, DEFAULT_MAX_FRAME_BYTES, encodeChunk, encodeFrameChunks, FLAG_DEFLATE, FrameAssembler, KIND_CONTROL, MAX_CONTROL_BYTES } from '../src/link/channelWire';

interface Row {
  readonly decoder: string;
  readonly input: string;
  readonly bytesIn: number;
  readonly ms: number;
  readonly nsPerByte: number;
  readonly note: string;
}

const rows: Row[] = [];

/** Median wall time of `fn` over `reps` runs (ms); `fn` may throw (a refused input is a result too). */
function time(fn: () => void, reps: number): number {
  const t: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    try {
      fn();
    } catch {
      // refused: the cost of refusing is what is measured
    }
    t.push(performance.now() - t0);
  }
  t.sort((a, b) => a - b);
  return t[Math.floor(t.length / 2)]!;
}

function row(decoder: string, input: string, bytesIn: number, fn: () => void, reps: number, note = ''): void {
  time(fn, 1); // warm up
  const ms = time(fn, reps);
  rows.push({ decoder, input, bytesIn, ms, nsPerByte: (ms * 1e6) / bytesIn, note });
}

function randomBytes(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

function body(declared: number, stream: Uint8Array): Uint8Array {
  const out = new Uint8Array(DEFLATE_PREFIX_BYTES + stream.length);
  new DataView(out.buffer).setUint32(0, declared, true);
  out.set(stream, DEFLATE_PREFIX_BYTES);
  return out;
}

/** LSB-first bit writer, for DEFLATE streams no honest encoder makes. */
class Bits {
  private readonly out: number[] = [];
  private acc = 0;
  private n = 0;
  put(value: number, bits: number): void {
    for (let i = 0; i < bits; i++) {
      this.acc |= ((value >> i) & 1) << this.n;
      if (++this.n === 8) {
        this.out.push(this.acc);
        this.acc = 0;
        this.n = 0;
      }
    }
  }
  /** A Huffman code is sent most significant bit first. */
  code(value: number, bits: number): void {
    for (let i = bits - 1; i >= 0; i--) this.put((value >> i) & 1, 1);
  }
  bytes(): Uint8Array {
    return Uint8Array.from(this.n > 0 ? [...this.out, this.acc] : this.out);
  }
}

/**
 * `blocks` dynamic blocks of ~12 bytes each whose codes are 15 bits long (two 32 Ki-entry tables
 * to build), each holding only its end-of-block symbol, then an empty final block.
 */
function tableBomb(blocks: number): Uint8Array {
  const w = new Bits();
  // code length code: symbol 15 → '0', 1 → '10', 18 → '11' (canonical, lengths 1, 2, 2)
  const clLen = new Map([
    [15, 1],
    [18, 2],
    [1, 2],
  ]);
  const order = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];
  for (let b = 0; b < blocks; b++) {
    w.put(0, 1); // not final
    w.put(2, 2); // dynamic
    w.put(0, 5); // HLIT = 257
    w.put(0, 5); // HDIST = 1
    w.put(19 - 4, 4); // HCLEN = 19
    for (const sym of order) w.put(clLen.get(sym) ?? 0, 3);
    // literal/length lengths: [0] = 15, [1..255] = 0, [256] = 1; distance: [0] = 15
    w.code(0, 1); // 15
    w.code(3, 2); // 18: 138 zeros
    w.put(138 - 11, 7);
    w.code(3, 2); // 18: 117 zeros
    w.put(117 - 11, 7);
    w.code(2, 2); // 1 (end of block)
    w.code(0, 1); // 15 (distance 0)
    w.code(0, 1); // end of block: the 1-bit code
  }
  w.put(1, 1); // final
  w.put(1, 2); // fixed Huffman
  w.code(0, 7); // end of block
  return w.bytes();
}

const inflate = (b: Uint8Array, meter?: InflateMeter): Uint8Array => inflateFrame(b, DEFAULT_MAX_FRAME_BYTES, meter);

// ---- inflate ----
{
  const random = randomBytes(4 << 20, 1);
  const honest = deflateFrame(random);
  row('inflate', '4 MiB of random shares (stored blocks)', honest.length, () => inflate(honest), 15);
  const digits = random.map((x) => x & 3);
  const dBody = deflateFrame(digits);
  row('inflate', '4 MiB of base-4 digits (Huffman, ratio ~3)', dBody.length, () => inflate(dBody), 15);
  // the worst a frame may legally do: inflate to exactly MAX_INFLATE_RATIO × its stream + slack
  const zeros = deflateSync(new Uint8Array(272 << 20), { level: 9 }); // the review's bomb: ~264 KB
  const allowed = inflateAllowance(zeros.length);
  const lie = body(allowed, zeros);
  const m: InflateMeter = { outputBytes: 0, tableWork: 0, allocatedBytes: 0 };
  try {
    inflate(lie, m);
  } catch {
    // expected: the stream goes on past the allowance
  }
  row('inflate', `264 KB bomb declaring the most allowed (${allowed} B)`, lie.length, () => inflate(lie), 9, `decodes ${m.outputBytes} B then refuses`);
  const honestSize = body(272 << 20, zeros);
  row('inflate', '264 KB bomb declaring its true 272 MiB', honestSize.length, () => inflate(honestSize), 25, 'refused before decoding');
  const small = body(1000, zeros);
  row('inflate', '264 KB bomb declaring 1000 B', small.length, () => inflate(small), 25, 'stops after 1000 B');
  const tb = body(0, tableBomb(20_000));
  const tm: InflateMeter = { outputBytes: 0, tableWork: 0, allocatedBytes: 0 };
  try {
    inflate(tb, tm);
  } catch {
    // expected: refused once the table budget is spent
  }
  row('inflate', `Huffman-table bomb (20,000 dynamic blocks of 15-bit codes)`, tb.length, () => inflate(tb), 9, `${tm.tableWork} table entries, then refused`);
}

// ---- chunk assembler ----
{
  const frame = randomBytes(8 << 20, 2);
  const msgs = encodeFrameChunks(0, 0, frame);
  const wire = msgs.reduce((n, x) => n + x.length, 0);
  row('chunk assembler', '8 MiB frame in 128 KiB chunks', wire, () => {
    const asm = new FrameAssembler();
    for (const x of msgs) asm.push(x);
  }, 15);
  const tiny = encodeFrameChunks(0, 0, frame.subarray(0, 256 << 10), 1);
  const tinyWire = tiny.reduce((n, x) => n + x.length, 0);
  row('chunk assembler', '256 KiB frame in 1-byte chunks', tinyWire, () => {
    const asm = new FrameAssembler();
    for (const x of tiny) asm.push(x);
  }, 9);
  const header = encodeChunk({ session: 0, seq: 0, index: 0, count: 1 << 20, length: DEFAULT_MAX_FRAME_BYTES }, new Uint8Array(1));
  row('chunk assembler', '25-byte chunk declaring 512 MiB', header.length, () => new FrameAssembler().push(header), 99, 'reserves 256 KiB, once per frame: amortised over the frame it must finish before the next');
  const comp = encodeFrameChunks(0, 0, frame.map((x) => x & 3), undefined, true);
  const compWire = comp.reduce((n, x) => n + x.length, 0);
  row('chunk assembler', '8 MiB of digits, deflated', compWire, () => {
    const asm = new FrameAssembler();
    for (const x of comp) asm.push(x);
  }, 9);
  void FLAG_DEFLATE;
}

// ---- control messages ----
{
  const raw = (s: string): Uint8Array => {
    const b = new TextEncoder().encode(s);
    const out = new Uint8Array(1 + b.length);
    out[0] = KIND_CONTROL;
    out.set(b, 1);
    return out;
  };
  const deep = raw(`{"type":"propose","session":1,"params":{"a":${'['.repeat(2000)}${']'.repeat(2000)}}}`.slice(0, MAX_CONTROL_BYTES - 1));
  row('control decoder', '4 KiB of nested arrays (invalid JSON when cut)', deep.length, () => decodeControl(deep), 999);
  const nums = raw(`{"type":"propose","session":1,"params":{"a":[${Array.from({ length: 2000 }, () => '1').join(',')}]}}`.slice(0, 4000) + ']}}');
  row('control decoder', '4 KiB of numbers in a proposal', nums.length, () => decodeControl(nums), 999);
  const abort8 = raw(JSON.stringify({ type: 'abort', session: 1, reason: 'x'.repeat(8 << 20) }));
  row('control decoder', '8 MiB abort', abort8.length, () => decodeControl(abort8), 99, 'refused by its length');
}

// ---- engine frame decoder ----
{
  const entries = Array.from({ length: 65535 }, (_, op) => ({ op, payload: new Uint8Array(0) }));
  const table = encodeFrame({ phase: 'online', session: 1, round: 1, sender: 1, entries });
  row('engine frame decoder', '65,535 empty entries (the most a table holds)', table.length, () => decodeFrame(table), 25, 'one view per 8 bytes');
  const big = encodeFrame({ phase: 'online', session: 1, round: 1, sender: 1, entries: [{ op: 1, payload: randomBytes(8 << 20, 3) }] });
  row('engine frame decoder', '8 MiB payload, one entry', big.length, () => decodeFrame(big), 99);
  const abort = new Uint8Array(FRAME_HEADER_BYTES + (8 << 20)).fill(65);
  const v = new DataView(abort.buffer);
  v.setUint16(0, FRAME_MAGIC, true);
  v.setUint8(2, FRAME_VERSION);
  v.setUint8(3, 2);
  row('engine frame decoder', '8 MiB abort reason', abort.length, () => decodeFrame(abort), 99, 'decodes 500 characters');
}

// ---- hold queue ----
{
  // a peer has at most MAX_WAITING_FRAMES (8) frames held or waiting in the worker
  const n = 8;
  const rounds = 10_000;
  let t = 0;
  let fire: (() => void) | null = null;
  const clock = { now: () => t, defer: (cb: () => void) => cb(), setTimer: (cb: () => void) => ((fire = cb), 1), clearTimer: () => {} };
  const fifo = new TimedFifo<number>(() => {}, clock, { maxAheadMs: 90_000 });
  row('hold queue', `${n} frames held, then released (× ${rounds})`, rounds * n * CHUNK_HEADER_BYTES, () => {
    for (let k = 0; k < rounds; k++) {
      t = 0;
      for (let i = 0; i < n; i++) fifo.push(i, 1 + i);
      t = 1e9;
      fire!();
    }
  }, 9, 'per frame of ≥ 24 wire bytes');
  const refused = new TimedFifo<number>(() => {}, clock, { maxAheadMs: 90_000 });
  row('hold queue', 'one frame due past 2^31 ms', CHUNK_HEADER_BYTES, () => {
    try {
      refused.push(0, t + 2 ** 31);
    } catch (err) {
      if (!(err instanceof MpcError)) throw err;
    }
  }, 999, 'refused (the link refuses it first and closes)');
}

const pad = (s: string, n: number): string => s.padEnd(n);
console.log(`${pad('decoder', 22)}${pad('input', 62)}${pad('bytes in', 12)}${pad('ms', 10)}${pad('ns/byte', 10)}note`);
for (const r of rows) {
  console.log(`${pad(r.decoder, 22)}${pad(r.input, 62)}${pad(String(r.bytesIn), 12)}${pad(r.ms.toFixed(3), 10)}${pad(r.nsPerByte.toFixed(2), 10)}${r.note}`);
}
