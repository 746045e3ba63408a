/**
 * The engine's frame: what one party sends one peer in one round.
 *
 *   | magic u16 = 0x4d54 | version u8 | phase u8 | session u32 | round u32 | sender u16 | count u16 |
 *   | count × (op id u32, payload length u32) | payloads, in table order |
 *
 * All integers little-endian. Header and table are counted as frame bytes, never as payload
 * bytes (design.md §3.3).
 */
import { MpcError } from '../errors';

export const FRAME_MAGIC = 0x4d54; // "TM"
export const FRAME_VERSION = 1;
export const FRAME_HEADER_BYTES = 16;
export const FRAME_ENTRY_BYTES = 8;

/** Online traffic is the protocol itself; offline is setup (seed exchange). Counted apart. */
export type Phase = 'online' | 'offline';

/** Phase byte of an abort frame: a party failed and tells its peers why, so nobody waits forever. */
const ABORT_PHASE = 2;

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

/** Serialise a frame into one buffer. */
export function encodeFrame(frame: Frame): Uint8Array {
  let payloadBytes = 0;
  for (const e of frame.entries) payloadBytes += e.payload.length;
  const tableBytes = FRAME_ENTRY_BYTES * frame.entries.length;
  const out = new Uint8Array(FRAME_HEADER_BYTES + tableBytes + payloadBytes);
  const v = new DataView(out.buffer);
  v.setUint16(0, FRAME_MAGIC, true);
  v.setUint8(2, FRAME_VERSION);
  v.setUint8(3, frame.phase === 'online' ? 0 : 1);
  v.setUint32(4, frame.session, true);
  v.setUint32(8, frame.round, true);
  v.setUint16(12, frame.sender, true);
  v.setUint16(14, frame.entries.length, true);
  let t = FRAME_HEADER_BYTES;
  let p = FRAME_HEADER_BYTES + tableBytes;
  for (const e of frame.entries) {
    v.setUint32(t, e.op, true);
    v.setUint32(t + 4, e.payload.length, true);
    out.set(e.payload, p);
    t += FRAME_ENTRY_BYTES;
    p += e.payload.length;
  }
  return out;
}

/** Parse a frame; throws ERR_BAD_FRAME naming the first thing that is wrong. */
export function decodeFrame(bytes: Uint8Array): Frame {
  const bad = (why: string): never => {
    throw new MpcError('ERR_BAD_FRAME', `malformed frame (${bytes.length} bytes): ${why}`);
  };
  if (bytes.length < FRAME_HEADER_BYTES) bad(`shorter than the ${FRAME_HEADER_BYTES}-byte header`);
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (v.getUint16(0, true) !== FRAME_MAGIC) bad('bad magic number');
  if (v.getUint8(2) !== FRAME_VERSION) bad(`unknown version ${v.getUint8(2)}`);
  const phaseByte = v.getUint8(3);
  if (phaseByte === ABORT_PHASE) {
    throw new MpcError('ERR_ABORTED', `party ${v.getUint16(12, true)} aborted: ${asciiDecode(bytes.subarray(FRAME_HEADER_BYTES))}`);
  }
  if (phaseByte > 1) bad(`unknown phase ${phaseByte}`);
  const count = v.getUint16(14, true);
  const tableEnd = FRAME_HEADER_BYTES + FRAME_ENTRY_BYTES * count;
  if (bytes.length < tableEnd) bad(`table of ${count} entries does not fit`);
  const entries: FrameEntry[] = [];
  let p = tableEnd;
  for (let i = 0; i < count; i++) {
    const t = FRAME_HEADER_BYTES + FRAME_ENTRY_BYTES * i;
    const op = v.getUint32(t, true);
    const len = v.getUint32(t + 4, true);
    if (p + len > bytes.length) bad(`entry ${i} (op ${op}) runs past the end`);
    entries.push({ op, payload: bytes.subarray(p, p + len) });
    p += len;
  }
  if (p !== bytes.length) bad(`${bytes.length - p} trailing bytes`);
  return {
    phase: phaseByte === 0 ? 'online' : 'offline',
    session: v.getUint32(4, true),
    round: v.getUint32(8, true),
    sender: v.getUint16(12, true),
    entries,
  };
}

/** A frame telling a peer that this party stopped, and why (ASCII text, at most 500 characters). */
export function encodeAbort(session: number, sender: number, reason: string): Uint8Array {
  const text = reason.slice(0, 500);
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
