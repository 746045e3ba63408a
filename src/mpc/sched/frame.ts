/**
 * The engine's frame: what one party sends one peer in one round.
 *
 *   | magic u16 = 0x4d54 | version u8 | phase u8 | session u32 | round u32 | sender u16 | count u16 |
 *   | count × (op id u32, payload length u32) | payloads, in table order |
 *
 * All integers little-endian. Header and table are counted as frame bytes, never as payload
 * bytes (design.md §3.3).
 *
 * A frame is sent as parts (encodeFrameParts): header and table in one small buffer, then the
 * payloads as they are, so a round copies no payload on its way out; the bytes on the wire are
 * the same as encodeFrame's one buffer. decodeFrame reads either.
 *
 * Decoding reads what a peer sent (docs/bounds.md): it allocates one entry (a view, no copy) per
 * 8 table bytes that arrived, and of an abort's reason decodes at most ABORT_REASON_MAX characters.
 * Over parts, an entry is a view of the part that holds it; only an entry (or a header and table)
 * that straddles parts is copied, and never more bytes than arrived.
 */
import { MpcError } from '../errors';
import type { FrameBytes } from '../transport';
import { frameLength, joinFrame } from './frameBytes';

export const FRAME_MAGIC = 0x4d54; // "TM"
export const FRAME_VERSION = 1;
export const FRAME_HEADER_BYTES = 16;
export const FRAME_ENTRY_BYTES = 8;

/** Online traffic is the protocol itself; offline is setup (seed exchange). Counted apart. */
export type Phase = 'online' | 'offline';

/** Phase byte of an abort frame: a party failed and tells its peers why, so nobody waits forever. */
const ABORT_PHASE = 2;
/** Characters of an abort's reason sent, and decoded: the rest of a longer one is only counted. */
export const ABORT_REASON_MAX = 500;

export interface FrameEntry {
  readonly op: number;
  readonly payload: Uint8Array;
}

export interface Frame {
  readonly phase: Phase;
  readonly session: number;
  readonly round: number;
  readonly sender: number;
  readonly entries: readonly FrameEntry[];
}

/** Serialise a frame into one buffer (the parts of encodeFrameParts, joined). */
export function encodeFrame(frame: Frame): Uint8Array {
  return joinFrame(encodeFrameParts(frame));
}

/**
 * Serialise a frame as parts: header and table in one fresh buffer, then every non-empty payload
 * itself (not copied). The parts are the frame only while the payloads do not change.
 */
export function encodeFrameParts(frame: Frame): Uint8Array[] {
  const tableBytes = FRAME_ENTRY_BYTES * frame.entries.length;
  const head = new Uint8Array(FRAME_HEADER_BYTES + tableBytes);
  const v = new DataView(head.buffer);
  v.setUint16(0, FRAME_MAGIC, true);
  v.setUint8(2, FRAME_VERSION);
  v.setUint8(3, frame.phase === 'online' ? 0 : 1);
  v.setUint32(4, frame.session, true);
  v.setUint32(8, frame.round, true);
  v.setUint16(12, frame.sender, true);
  v.setUint16(14, frame.entries.length, true);
  const parts: Uint8Array[] = [head];
  let t = FRAME_HEADER_BYTES;
  for (const e of frame.entries) {
    v.setUint32(t, e.op, true);
    v.setUint32(t + 4, e.payload.length, true);
    if (e.payload.length > 0) parts.push(e.payload);
    t += FRAME_ENTRY_BYTES;
  }
  return parts;
}

/**
 * Parse a frame, one buffer or parts; throws ERR_BAD_FRAME naming the first thing that is wrong.
 * Payloads are views of what was passed (see the file's comment for parts).
 */
export function decodeFrame(frame: FrameBytes): Frame {
  const total = frameLength(frame);
  const bad = (why: string): never => {
    throw new MpcError('ERR_BAD_FRAME', `malformed frame (${total} bytes): ${why}`);
  };
  const reader = new PartsReader(frame instanceof Uint8Array ? [frame] : frame);
  if (total < FRAME_HEADER_BYTES) bad(`shorter than the ${FRAME_HEADER_BYTES}-byte header`);
  const header = reader.read(FRAME_HEADER_BYTES);
  const v = new DataView(header.buffer, header.byteOffset, header.byteLength);
  if (v.getUint16(0, true) !== FRAME_MAGIC) bad('bad magic number');
  if (v.getUint8(2) !== FRAME_VERSION) bad(`unknown version ${v.getUint8(2)}`);
  const phaseByte = v.getUint8(3);
  if (phaseByte === ABORT_PHASE) {
    const rest = total - FRAME_HEADER_BYTES;
    const reason = reader.read(Math.min(rest, ABORT_REASON_MAX));
    const more = rest > ABORT_REASON_MAX ? ` (and ${rest - ABORT_REASON_MAX} more bytes)` : '';
    throw new MpcError('ERR_ABORTED', `party ${v.getUint16(12, true)} aborted: ${asciiDecode(reason)}${more}`);
  }
  if (phaseByte > 1) bad(`unknown phase ${phaseByte}`);
  const count = v.getUint16(14, true);
  const tableEnd = FRAME_HEADER_BYTES + FRAME_ENTRY_BYTES * count;
  if (total < tableEnd) bad(`table of ${count} entries does not fit`);
  const table = reader.read(FRAME_ENTRY_BYTES * count);
  const tv = new DataView(table.buffer, table.byteOffset, table.byteLength);
  const entries: FrameEntry[] = [];
  let p = tableEnd;
  for (let i = 0; i < count; i++) {
    const op = tv.getUint32(FRAME_ENTRY_BYTES * i, true);
    const len = tv.getUint32(FRAME_ENTRY_BYTES * i + 4, true);
    if (p + len > total) bad(`entry ${i} (op ${op}) runs past the end`);
    entries.push({ op, payload: reader.read(len) });
    p += len;
  }
  if (p !== total) bad(`${total - p} trailing bytes`);
  return {
    phase: phaseByte === 0 ? 'online' : 'offline',
    session: v.getUint32(4, true),
    round: v.getUint32(8, true),
    sender: v.getUint16(12, true),
    entries,
  };
}

/**
 * Reads a frame's parts front to back: each read is a view of the part that holds all of it, or
 * a copy where it straddles parts. Callers never read past the end (decodeFrame checks first).
 */
class PartsReader {
  private part = 0;
  private offset = 0;

  constructor(private readonly parts: readonly Uint8Array[]) {}

  read(length: number): Uint8Array {
    this.skipSpent();
    const cur = this.parts[this.part];
    if (cur && this.offset + length <= cur.length) {
      const view = cur.subarray(this.offset, this.offset + length);
      this.offset += length;
      return view;
    }
    const out = new Uint8Array(length);
    let o = 0;
    while (o < length) {
      this.skipSpent();
      const p = this.parts[this.part]!;
      const take = Math.min(p.length - this.offset, length - o);
      out.set(p.subarray(this.offset, this.offset + take), o);
      o += take;
      this.offset += take;
    }
    return out;
  }

  /** Move past used-up (and empty) parts. */
  private skipSpent(): void {
    while (this.part < this.parts.length && this.offset >= this.parts[this.part]!.length) {
      this.part += 1;
      this.offset = 0;
    }
  }
}

/** A frame telling a peer that this party stopped, and why (ASCII text, at most ABORT_REASON_MAX characters). */
export function encodeAbort(session: number, sender: number, reason: string): Uint8Array {
  const text = reason.slice(0, ABORT_REASON_MAX);
  const out = new Uint8Array(FRAME_HEADER_BYTES + text.length);
  const v = new DataView(out.buffer);
  v.setUint16(0, FRAME_MAGIC, true);
  v.setUint8(2, FRAME_VERSION);
  v.setUint8(3, ABORT_PHASE);
  v.setUint32(4, session, true);
  v.setUint16(12, sender, true);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    out[FRAME_HEADER_BYTES + i] = c < 128 ? c : 63; // '?'
  }
  return out;
}

function asciiDecode(b: Uint8Array): string {
  let s = '';
  for (const c of b) s += String.fromCharCode(c & 0x7f);
  return s;
}
