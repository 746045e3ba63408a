/**
 * Per-frame compression (fflate raw DEFLATE, level 1). A compressed frame travels as
 *
 *   | original length u32 LE | DEFLATE stream |
 *
 * and its chunks carry FLAG_DEFLATE (channelWire.ts). The original length lets the receiver refuse an
 * oversized frame before inflating (a peer cannot make us allocate without bound) and check that
 * the stream inflates to exactly that many bytes. Level 1 because MPC frames are uniformly random
 * shares: no level finds redundancy in them (limits.md §5, ratio 1.0002), so the cheapest one
 * wastes the least CPU.
 *
 * Inflation is bounded by what arrived, not by what the peer declares (docs/bounds.md): the
 * declared length may be at most MAX_INFLATE_RATIO × the stream + INFLATE_SLACK_BYTES, and the
 * decoder stops the moment its output would pass the declared length. fflate's own inflateSync
 * cannot do that: given an output buffer it drops the writes past its end but decodes the rest of
 * the stream anyway, so a 264 KB bomb cost 1.6 s of CPU whatever the buffer. Its streaming Inflate
 * only stops between pieces, and each piece of p bytes may still inflate to 1032·p. So the decoder
 * here is fflate's (MIT, © 2020 Arjun Barrett; table-driven canonical Huffman, LSB-first), with an
 * output limit and a budget for building Huffman tables (MAX_TABLE_WORK_PER_BYTE), the other way
 * a stream buys CPU cheaply.
 */
import { deflateSync } from 'fflate';
import { NetError } from './errors';

export const DEFLATE_LEVEL = 1;
/** Bytes in front of the DEFLATE stream: the frame's original length. */
export const DEFLATE_PREFIX_BYTES = 4;
/**
 * A compressed frame may declare at most this many bytes per byte of its stream (plus the slack).
 * Real frames stay far below it: shares of full ring elements do not shrink (1.0), prime's
 * one-digit-per-byte comparisons shrink to 20–56 % (BENCHMARKS.md), bits alone to 1/5.2. A frame
 * that would shrink more is sent uncompressed (deflateForWire), so none is ever refused for it.
 */
export const MAX_INFLATE_RATIO = 16;
/** Allowed on top of the ratio, so tiny frames (a header, a few entries) may still be compressed. */
export const INFLATE_SLACK_BYTES = 1024;
/**
 * Huffman table entries a stream may make the decoder fill, per byte of stream (plus the slack).
 * A dynamic block's header of a dozen bytes can ask for two tables of 2^15 entries, about 2 ns each
 * to fill: with no budget that cost 2.3 µs per byte received (bench/decoderCost.ts). fflate's level 1
 * fills at most 1.1 per stream byte beyond the slack (3,000 frames of random, skewed, Fibonacci-
 * distributed, text-like and constant bytes, up to 300 KB), since its blocks are long.
 */
export const MAX_TABLE_WORK_PER_BYTE = 32;
export const TABLE_WORK_SLACK = 4096;

/** The most a compressed body of `streamBytes` may declare (on top of maxFrameBytes). */
export function inflateAllowance(streamBytes: number): number {
  return MAX_INFLATE_RATIO * streamBytes + INFLATE_SLACK_BYTES;
}

/** Compress one frame into the body its chunks carry. */
export function deflateFrame(frame: Uint8Array): Uint8Array {
  const stream = deflateSync(frame, { level: DEFLATE_LEVEL });
  const out = new Uint8Array(DEFLATE_PREFIX_BYTES + stream.length);
  new DataView(out.buffer).setUint32(0, frame.length, true);
  out.set(stream, DEFLATE_PREFIX_BYTES);
  return out;
}

/**
 * The body to send for `frame` compressed, or null when the receiver would refuse it as a bomb
 * (it shrinks more than MAX_INFLATE_RATIO): such a frame goes uncompressed instead.
 */
export function deflateForWire(frame: Uint8Array): Uint8Array | null {
  const body = deflateFrame(frame);
  return frame.length <= inflateAllowance(body.length - DEFLATE_PREFIX_BYTES) ? body : null;
}

/** What one inflation cost: for tests and benches that assert the bounds. */
export interface InflateMeter {
  /** Bytes the decoder wrote (never more than the declared length). */
  outputBytes: number;
  /** Huffman table entries it filled. */
  tableWork: number;
  /** Bytes it allocated: the output buffer and the tables. */
  allocatedBytes: number;
}

/** The frame inside a compressed body; throws ERR_BAD_FRAME saying what is wrong. */
export function inflateFrame(body: Uint8Array, maxFrameBytes: number, meter?: InflateMeter): Uint8Array {
  const bad = (why: string, cause?: unknown): never => {
    throw new NetError('ERR_BAD_FRAME', `compressed frame of ${body.length} bytes: ${why}`, cause === undefined ? undefined : { cause });
  };
  if (body.length < DEFLATE_PREFIX_BYTES) bad(`shorter than its ${DEFLATE_PREFIX_BYTES}-byte length prefix`);
  const length = new DataView(body.buffer, body.byteOffset, body.byteLength).getUint32(0, true);
  if (length > maxFrameBytes) bad(`declares ${length} bytes, above the limit of ${maxFrameBytes}`);
  const stream = body.subarray(DEFLATE_PREFIX_BYTES);
  const allowed = inflateAllowance(stream.length);
  if (length > allowed) bad(`declares ${length} bytes, more than ${MAX_INFLATE_RATIO} × its ${stream.length}-byte stream + ${INFLATE_SLACK_BYTES} (a decompression bomb)`);
  // Exactly the frame, so the page can transfer it to the worker without another copy.
  const out = new Uint8Array(length);
  const m: InflateMeter = meter ?? { outputBytes: 0, tableWork: 0, allocatedBytes: 0 };
  m.allocatedBytes += length;
  const written = inflateInto(stream, out, MAX_TABLE_WORK_PER_BYTE * stream.length + TABLE_WORK_SLACK, m, bad);
  if (written < length) bad(`inflates to ${written} bytes, not the declared ${length}`);
  return out;
}

// ---- the bounded decoder (after fflate 0.8.3's inflt, MIT) ----

/** Extra bits and base of the length codes 257..285, and of the distance codes 0..29. */
const LEN_EXTRA = new Uint8Array([0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0, 0, 0, 0]);
const LEN_BASE = new Uint16Array([3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258, 0, 0, 0]);
const DIST_EXTRA = new Uint8Array([0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13, 0, 0]);
const DIST_BASE = new Uint16Array([
  1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577, 0, 0,
]);
/** Order of the code length code lengths in a dynamic block header. */
const CL_ORDER = new Uint8Array([16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]);

/** 15-bit reversal, for looking codes up by the bits as they come (LSB first). */
const REV = new Uint16Array(32768);
for (let i = 0; i < 32768; i++) {
  let x = ((i & 0xaaaa) >> 1) | ((i & 0x5555) << 1);
  x = ((x & 0xcccc) >> 2) | ((x & 0x3333) << 2);
  x = ((x & 0xf0f0) >> 4) | ((x & 0x0f0f) << 4);
  REV[i] = (((x & 0xff00) >> 8) | ((x & 0x00ff) << 8)) >> 1;
}

function maxOf(a: Uint8Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) if (a[i]! > m) m = a[i]!;
  return m;
}

/**
 * Lookup table for code lengths `cd` (max `mb` bits): entry [next mb bits] = symbol << 4 | length,
 * 0 where no code matches. Costs 2^mb entries, charged to the meter by the caller.
 */
function huffTable(cd: Uint8Array, mb: number): Uint16Array {
  const count = new Uint16Array(mb + 1);
  for (let i = 0; i < cd.length; i++) if (cd[i]) count[cd[i]! - 1]!++;
  const next = new Uint16Array(mb + 1);
  for (let i = 1; i < mb; i++) next[i] = (next[i - 1]! + count[i - 1]!) << 1;
  const table = new Uint16Array(1 << mb);
  const rvb = 15 - mb;
  const top = (1 << mb) - 1;
  for (let i = 0; i < cd.length; i++) {
    const len = cd[i]!;
    if (!len) continue;
    const sv = (i << 4) | len;
    const r = mb - len;
    let v = next[len - 1]!++ << r;
    // an over-subscribed code runs past the table: those codes cannot be valid, drop them
    for (const end = v | ((1 << r) - 1); v <= end && v <= top; ++v) table[REV[v]! >> rvb] = sv;
  }
  return table;
}

const bitsAt = (d: Uint8Array, p: number, mask: number): number => {
  const o = p >>> 3;
  // past the end a typed array reads undefined, which | and << treat as 0 (callers check the end)
  return ((d[o]! | (d[o + 1]! << 8)) >> (p & 7)) & mask;
};
const bits16At = (d: Uint8Array, p: number): number => {
  const o = p >>> 3;
  return (d[o]! | (d[o + 1]! << 8) | (d[o + 2]! << 16)) >> (p & 7);
};

let fixedLit: Uint16Array | null = null;
let fixedDist: Uint16Array | null = null;

/**
 * Inflate the raw DEFLATE `stream` into `out`; returns the bytes written. Calls `bad` (which
 * throws) the moment the output would pass out.length, the table budget is spent, or the stream
 * is corrupt or ends early. Work is at most out.length bytes written plus `tableBudget` table
 * entries plus one step per bit of input.
 */
function inflateInto(stream: Uint8Array, out: Uint8Array, tableBudget: number, meter: InflateMeter, bad: (why: string) => never): number {
  const limit = out.length;
  const totalBits = stream.length * 8;
  const corrupt = (why: string): never => bad(`DEFLATE data is corrupt (${why})`);
  // charged before a table is built, so what is built stays within the budget
  const chargeTables = (entries: number): void => {
    if (meter.tableWork + entries > tableBudget) bad(`its Huffman tables need more than ${tableBudget} entries for a ${stream.length}-byte stream`);
    meter.tableWork += entries;
    meter.allocatedBytes += 2 * entries;
  };
  let pos = 0; // bit position in the stream
  let bt = 0; // bytes written
  let final = 0;
  do {
    if (pos + 3 > totalBits) corrupt('unexpected end');
    final = bitsAt(stream, pos, 1);
    const type = bitsAt(stream, pos + 1, 3);
    pos += 3;
    if (type === 0) {
      const s = ((pos + 7) >>> 3) + 4;
      if (s > stream.length) corrupt('unexpected end');
      const len = stream[s - 4]! | (stream[s - 3]! << 8);
      const nlen = stream[s - 2]! | (stream[s - 1]! << 8);
      if ((len ^ 0xffff) !== nlen) corrupt('stored block length check failed');
      if (s + len > stream.length) corrupt('unexpected end');
      if (bt + len > limit) bad(`inflates to more than the declared ${limit} bytes`);
      out.set(stream.subarray(s, s + len), bt);
      bt += len;
      meter.outputBytes = bt;
      pos = (s + len) * 8;
      continue;
    }
    let lm: Uint16Array;
    let dm: Uint16Array;
    let lbt: number;
    let dbt: number;
    if (type === 1) {
      if (!fixedLit) {
        const lit = new Uint8Array(288);
        lit.fill(8, 0, 144).fill(9, 144, 256).fill(7, 256, 280).fill(8, 280, 288);
        fixedLit = huffTable(lit, 9);
        fixedDist = huffTable(new Uint8Array(32).fill(5), 5);
      }
      lm = fixedLit;
      dm = fixedDist!;
      lbt = 9;
      dbt = 5;
    } else if (type === 2) {
      const hLit = bitsAt(stream, pos, 31) + 257;
      const hcLen = bitsAt(stream, pos + 10, 15) + 4;
      const tl = hLit + bitsAt(stream, pos + 5, 31) + 1;
      pos += 14;
      const ldt = new Uint8Array(tl);
      const clt = new Uint8Array(19);
      for (let i = 0; i < hcLen; ++i) clt[CL_ORDER[i]!] = bitsAt(stream, pos + i * 3, 7);
      pos += hcLen * 3;
      const clb = maxOf(clt);
      const clbmsk = (1 << clb) - 1;
      chargeTables(tl + (1 << clb));
      const clm = huffTable(clt, clb);
      for (let i = 0; i < tl; ) {
        if (pos > totalBits) corrupt('unexpected end');
        const r = clm[bitsAt(stream, pos, clbmsk)]!;
        if (!r) corrupt('invalid code length code');
        pos += r & 15;
        const s = r >> 4;
        if (s < 16) {
          ldt[i++] = s;
        } else {
          let c = 0;
          let n = 0;
          if (s === 16) {
            if (i === 0) corrupt('code length repeat with nothing to repeat');
            n = 3 + bitsAt(stream, pos, 3);
            pos += 2;
            c = ldt[i - 1]!;
          } else if (s === 17) {
            n = 3 + bitsAt(stream, pos, 7);
            pos += 3;
          } else {
            n = 11 + bitsAt(stream, pos, 127);
            pos += 7;
          }
          if (i + n > tl) corrupt('code lengths run past the table');
          while (n--) ldt[i++] = c;
        }
      }
      const lt = ldt.subarray(0, hLit);
      const dt = ldt.subarray(hLit);
      lbt = maxOf(lt);
      dbt = maxOf(dt);
      chargeTables((1 << lbt) + (1 << dbt));
      lm = huffTable(lt, lbt);
      dm = huffTable(dt, dbt);
    } else {
      return corrupt('invalid block type');
    }
    if (pos > totalBits) corrupt('unexpected end');
    const lms = (1 << lbt) - 1;
    const dms = (1 << dbt) - 1;
    for (;;) {
      const c = lm[bits16At(stream, pos) & lms]!;
      pos += c & 15;
      if (pos > totalBits) corrupt('unexpected end');
      if (!c) corrupt('invalid length/literal');
      const sym = c >> 4;
      if (sym < 256) {
        if (bt >= limit) bad(`inflates to more than the declared ${limit} bytes`);
        out[bt++] = sym;
      } else if (sym === 256) {
        break;
      } else {
        const li = sym - 257;
        if (li > 28) corrupt('invalid length code');
        const lb = LEN_EXTRA[li]!;
        const add = LEN_BASE[li]! + (lb ? bitsAt(stream, pos, (1 << lb) - 1) : 0);
        pos += lb;
        const d = dm[bits16At(stream, pos) & dms]!;
        if (!d) corrupt('invalid distance');
        pos += d & 15;
        const dsym = d >> 4;
        if (dsym > 29) corrupt('invalid distance code');
        const db = DIST_EXTRA[dsym]!;
        const dist = DIST_BASE[dsym]! + (db ? bits16At(stream, pos) & ((1 << db) - 1) : 0);
        pos += db;
        if (pos > totalBits) corrupt('unexpected end');
        if (dist > bt) corrupt('distance too far back');
        const end = bt + add;
        if (end > limit) bad(`inflates to more than the declared ${limit} bytes`);
        for (; bt < end; ++bt) out[bt] = out[bt - dist]!;
      }
    }
    meter.outputBytes = bt;
  } while (!final);
  meter.outputBytes = bt;
  return bt;
}
