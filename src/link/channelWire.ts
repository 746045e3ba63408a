/**
 * What goes into a data channel. Every message starts with a one-byte kind:
 *
 *   CHUNK   | kind u8 = 1 | flags u8 | 0 u16 | session u32 | seq u32 | index u32 | count u32 | length u32 | bytes |
 *   CONTROL | kind u8 = 2 | UTF-8 JSON of a ControlMessage |
 *   KEEP-WARM | kind u8 = 3 |            (nothing else; counted and dropped, see link.ts)
 *
 * A frame (an opaque engine frame, possibly several MB) travels as `count` chunks with the same
 * `session`, `seq` (frames per link, in send order) and total `length`; chunk `index` runs
 * 0..count-1 and the bytes concatenate to the frame. The channel is reliable and ordered, so the
 * receiver insists on exact order and fails loudly (ERR_BAD_FRAME) on anything else. Chunk sizes
 * are the sender's choice; the receiver does not assume one. Integers are little-endian.
 *
 * Flags (the same on every chunk of a frame): FLAG_DEFLATE = the chunks carry the frame compressed
 * (compress.ts), `length` is then the compressed length, and the receiver inflates after
 * reassembly. Unknown flag bits are refused.
 *
 * Everything here reads what a peer sent, so each decoder is bounded by what actually arrived
 * (docs/bounds.md): a chunk header's `length` reserves nothing by itself, control messages are
 * refused above MAX_CONTROL_BYTES before they are decoded.
 */
import { deflateForWire, inflateFrame, type InflateMeter } from './compress';
import { NetError } from './errors';
import { MAX_WAITING_FRAMES, type InboxLimits } from '../mpc/io/inbox';
import { copyFrameRange, frameLength, frameParts, joinFrame } from '../mpc/sched/frameBytes';
import type { FrameBytes } from '../mpc/transport';

export const KIND_CHUNK = 1;
export const KIND_CONTROL = 2;
/** One byte that keeps an idle channel's path warm between rounds (link.ts, keepWarmMs). */
export const KIND_KEEP_WARM = 3;
export const CHUNK_HEADER_BYTES = 24;
export const FLAG_DEFLATE = 1;
const KNOWN_FLAGS = FLAG_DEFLATE;

/** Chromium's SCTP maxMessageSize is 262144; a chunk message must stay below it (limits.md §1). */
export const DEFAULT_CHUNK_PAYLOAD = 128 * 1024;
/** Frames above this are refused by the receiver before allocating (a peer cannot make us OOM). */
export const DEFAULT_MAX_FRAME_BYTES = 512 * 1024 * 1024;
/**
 * What a peer's frames may take in an engine transport's inbox (src/mpc/io/inbox.ts) on either side
 * of the link, the page's MeshTransport or the worker's PortTransport: MAX_WAITING_FRAMES, and two of
 * the largest frames a link accepts (a round's and the next one's).
 */
export const INBOX_LIMITS: InboxLimits = { frames: MAX_WAITING_FRAMES, bytes: 2 * DEFAULT_MAX_FRAME_BYTES };
/**
 * What the assembler reserves for a frame before its bytes arrive. Beyond it the buffer grows as
 * they do (doubling), so a header alone cannot reserve a frame's declared length.
 */
export const ASSEMBLY_INITIAL_BYTES = 256 * 1024;
/**
 * Control messages are small JSON (the largest, 'shares', is about 1.2 KB); larger ones are refused
 * before decoding, so a peer cannot make us parse megabytes of JSON.
 */
export const MAX_CONTROL_BYTES = 4096;
/** An abort's reason is cut to this many characters, on sending and on receiving. */
export const MAX_REASON_CHARS = 200;

/** The largest SCTP stream id a data channel can have. */
const MAX_STREAM_ID = 65534;

/** Control messages: small JSON, kept apart from MPC frames. */
export type ControlMessage =
  /** RTT probe; `t` is the sender's performance.now(), echoed back in the pong. */
  | { type: 'ping'; id: number; t: number }
  /** `r` is the answering party's performance.now() when it answered: the two clocks' offset. */
  | { type: 'pong'; id: number; t: number; r: number }
  /**
   * Network emulation: frame `seq` of this link is due at the receiver at time `t` of the sender's
   * clock (performance.now()); the receiver holds it until then (see netem.ts, "carried").
   */
  | { type: 'due'; seq: number; t: number }
  /** A party proposes a run; `params` is the run panel's business (plain JSON, no secrets). */
  | { type: 'propose'; session: number; params: Record<string, unknown> }
  /** This party accepted `session` and listens for its frames. */
  | { type: 'ready'; session: number }
  /**
   * Sent every second during `session` while this party's engine has not sent its next frame yet
   * (it computes, or its user holds a step): the receivers' engines do not take the silence for a
   * dropped frame (scheduler.ts, Liveness).
   */
  | { type: 'working'; session: number }
  /** Stop `session` everywhere; the transport rejects with ERR_ABORTED. */
  | { type: 'abort'; session: number; reason: string }
  /** This party's run of `session` is over (done or failed): it takes proposals again. */
  | { type: 'finished'; session: number }
  /**
   * This party has a new worker (the old one crashed or hung) and opened a new frames channel to
   * you with stream id `id`: open yours with the same id, it replaces the old one.
   */
  | { type: 'frames-channel'; id: number }
  /**
   * Share inspector (teaching only, switched on by the user): this party's own shares of the first
   * values of `session`'s input x and result y, as hex ring elements.
   */
  | { type: 'shares'; session: number; field: string; fxp: number; x: string[]; y: string[] };

export interface ChunkHeader {
  readonly session: number;
  readonly seq: number;
  readonly index: number;
  readonly count: number;
  readonly length: number;
  /** FLAG_DEFLATE or 0 (default). */
  readonly flags?: number;
}

/** Number of chunks for a frame of `length` bytes (an empty frame is one empty chunk). */
export function chunkCount(length: number, chunkPayload: number): number {
  return Math.max(1, Math.ceil(length / chunkPayload));
}

/** One chunk message: header plus `payload` (copied in). */
export function encodeChunk(h: ChunkHeader, payload: Uint8Array): Uint8Array {
  return encodeChunkOf(h, [payload], 0, payload.length);
}

/**
 * One chunk message: header plus `length` bytes from byte `start` of a frame sent as parts
 * (copied in: the only copy a frame's payload takes on its way into the channel).
 */
export function encodeChunkOf(h: ChunkHeader, parts: readonly Uint8Array[], start: number, length: number): Uint8Array {
  const out = new Uint8Array(CHUNK_HEADER_BYTES + length);
  const v = new DataView(out.buffer);
  v.setUint8(0, KIND_CHUNK);
  v.setUint8(1, h.flags ?? 0);
  v.setUint32(4, h.session, true);
  v.setUint32(8, h.seq, true);
  v.setUint32(12, h.index, true);
  v.setUint32(16, h.count, true);
  v.setUint32(20, h.length, true);
  copyFrameRange(parts, start, length, out, CHUNK_HEADER_BYTES);
  return out;
}

/**
 * All chunk messages of one frame (one buffer or parts), deflated first if asked (tests and small
 * frames; the link makes them lazily). A frame that shrinks more than the receiver accepts
 * (deflateForWire) goes plain.
 */
export function encodeFrameChunks(session: number, seq: number, frame: FrameBytes, chunkPayload = DEFAULT_CHUNK_PAYLOAD, deflate = false): Uint8Array[] {
  const deflated = deflate ? deflateForWire(joinFrame(frame)) : null;
  const body = deflated ? [deflated] : frameParts(frame);
  const length = frameLength(body);
  const flags = deflated ? FLAG_DEFLATE : 0;
  const count = chunkCount(length, chunkPayload);
  const out: Uint8Array[] = [];
  for (let index = 0; index < count; index += 1) {
    const start = index * chunkPayload;
    out.push(encodeChunkOf({ session, seq, index, count, length, flags }, body, start, Math.min(length, start + chunkPayload) - start));
  }
  return out;
}

/**
 * One control message. An abort's reason is cut to MAX_REASON_CHARS; anything still above
 * MAX_CONTROL_BYTES throws ERR_BAD_FRAME here, as the peer would refuse it.
 */
export function encodeControl(msg: ControlMessage): Uint8Array {
  const m = msg.type === 'abort' && msg.reason.length > MAX_REASON_CHARS ? { ...msg, reason: msg.reason.slice(0, MAX_REASON_CHARS) } : msg;
  const json = new TextEncoder().encode(JSON.stringify(m));
  if (1 + json.length > MAX_CONTROL_BYTES) {
    throw new NetError('ERR_BAD_FRAME', `control message "${msg.type}" of ${1 + json.length} bytes is above the ${MAX_CONTROL_BYTES}-byte limit`);
  }
  const out = new Uint8Array(1 + json.length);
  out[0] = KIND_CONTROL;
  out.set(json, 1);
  return out;
}

/** Parse and validate a control message body; throws ERR_BAD_FRAME saying what is wrong. */
export function decodeControl(msg: Uint8Array): ControlMessage {
  if (msg.length > MAX_CONTROL_BYTES) throw new NetError('ERR_BAD_FRAME', `control message of ${msg.length} bytes is above the ${MAX_CONTROL_BYTES}-byte limit`);
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(msg.subarray(1)));
  } catch {
    throw new NetError('ERR_BAD_FRAME', 'control message is not UTF-8 JSON');
  }
  if (typeof value !== 'object' || value === null) throw new NetError('ERR_BAD_FRAME', 'control message is not a JSON object');
  const o = value as Record<string, unknown>;
  const uint = (k: string): boolean => typeof o[k] === 'number' && Number.isInteger(o[k]) && (o[k] as number) >= 0;
  switch (o['type']) {
    case 'ping':
      if (uint('id') && Number.isFinite(o['t'])) return o as ControlMessage;
      break;
    case 'pong':
      if (uint('id') && Number.isFinite(o['t']) && Number.isFinite(o['r'])) return o as ControlMessage;
      break;
    case 'due':
      if (uint('seq') && Number.isFinite(o['t'])) return o as ControlMessage;
      break;
    case 'propose':
      if (uint('session') && typeof o['params'] === 'object' && o['params'] !== null && !Array.isArray(o['params'])) return o as ControlMessage;
      break;
    case 'ready':
    case 'working':
    case 'finished':
      if (uint('session')) return o as ControlMessage;
      break;
    case 'abort':
      if (uint('session') && typeof o['reason'] === 'string') {
        // shown to the user and put into errors: as short as a sender may make it
        return { type: 'abort', session: o['session'] as number, reason: (o['reason'] as string).slice(0, MAX_REASON_CHARS) };
      }
      break;
    case 'frames-channel':
      if (uint('id') && (o['id'] as number) <= MAX_STREAM_ID) return o as ControlMessage;
      break;
    case 'shares': {
      const hexes = (k: string): boolean => Array.isArray(o[k]) && (o[k] as unknown[]).length <= 16 && (o[k] as unknown[]).every((h) => typeof h === 'string' && /^[0-9a-f]{1,32}$/.test(h));
      if (uint('session') && (o['field'] === 'FM64' || o['field'] === 'FM128') && uint('fxp') && hexes('x') && hexes('y')) return o as ControlMessage;
      break;
    }
    default:
      throw new NetError('ERR_BAD_FRAME', `unknown control message type ${JSON.stringify(o['type'])?.slice(0, 40) ?? 'undefined'}`);
  }
  throw new NetError('ERR_BAD_FRAME', `control message "${String(o['type'])}" is missing fields or has wrong types`);
}

/** A complete frame out of the assembler. */
export interface AssembledFrame {
  readonly session: number;
  /** The frame's number on its link. */
  readonly seq: number;
  /** A fresh buffer owned by the receiver (transferable to a worker), inflated if it came compressed. */
  readonly bytes: Uint8Array;
  /** Chunk messages of this frame as they came off the channel, headers included. */
  readonly wireBytes: number;
  readonly compressed: boolean;
  /** Time spent inflating it (0 if it came uncompressed). */
  readonly inflateMs: number;
}

/**
 * Reassembles frames from chunk messages of one link, in order. `push` returns the frame when its
 * last chunk arrives, null before. Any deviation (wrong seq, index, count or length, a chunk that
 * would overflow the frame, a frame above the size limit) throws ERR_BAD_FRAME; after that the
 * link is unusable and must be torn down.
 *
 * One frame at a time per link, so what a peer can make it hold is one frame: at most
 * maxFrameBytes declared, and a buffer of at most 2 × the bytes arrived + ASSEMBLY_INITIAL_BYTES
 * (reservedBytes). A frame of up to ASSEMBLY_INITIAL_BYTES costs what it did before, one buffer
 * and one copy; a larger one costs at most one more copy of itself in doublings.
 */
export class FrameAssembler {
  private nextSeq = 0; // seq of the frame we expect next
  private current: { session: number; flags: number; count: number; length: number; next: number; filled: number; wire: number; bytes: Uint8Array } | null = null;
  private peak = 0;
  /** What the last compressed frame cost to inflate (tests and benches assert the bounds with it). */
  lastInflate: InflateMeter | null = null;

  constructor(
    private readonly maxFrameBytes = DEFAULT_MAX_FRAME_BYTES,
    /** Monotonic milliseconds, for inflateMs (tests pass a fake clock). */
    private readonly now: () => number = () => globalThis.performance.now(),
  ) {}

  /** True while a frame is partly received. */
  get pending(): boolean {
    return this.current !== null;
  }

  /** The seq of the frame expected next (the one partly received, if any). */
  get expectedSeq(): number {
    return this.nextSeq;
  }

  /** Bytes reserved now for the frame partly received. */
  get reservedBytes(): number {
    return this.current?.bytes.length ?? 0;
  }

  /** The most reservedBytes has been. */
  get peakReservedBytes(): number {
    return this.peak;
  }

  push(msg: Uint8Array): AssembledFrame | null {
    if (msg.length < CHUNK_HEADER_BYTES || msg[0] !== KIND_CHUNK) {
      throw new NetError('ERR_BAD_FRAME', `chunk message of ${msg.length} bytes is shorter than its ${CHUNK_HEADER_BYTES}-byte header or not a chunk`);
    }
    const v = new DataView(msg.buffer, msg.byteOffset, msg.byteLength);
    const flags = v.getUint8(1);
    const session = v.getUint32(4, true);
    const seq = v.getUint32(8, true);
    const index = v.getUint32(12, true);
    const count = v.getUint32(16, true);
    const length = v.getUint32(20, true);
    const body = msg.subarray(CHUNK_HEADER_BYTES);
    const where = `frame ${seq} chunk ${index}/${count}`;
    if ((flags & ~KNOWN_FLAGS) !== 0) throw new NetError('ERR_BAD_FRAME', `${where}: unknown chunk flags 0x${flags.toString(16)}`);
    if (seq !== this.nextSeq) throw new NetError('ERR_BAD_FRAME', `${where}: expected frame ${this.nextSeq} (frames out of order or lost)`);

    let cur = this.current;
    if (!cur) {
      if (index !== 0) throw new NetError('ERR_BAD_FRAME', `${where}: a frame must start with chunk 0 (chunks out of order)`);
      if (length > this.maxFrameBytes) throw new NetError('ERR_BAD_FRAME', `${where}: frame of ${length} bytes is above the limit of ${this.maxFrameBytes}`);
      if (count < 1 || count > Math.max(1, length)) throw new NetError('ERR_BAD_FRAME', `${where}: ${count} chunks cannot carry a frame of ${length} bytes`);
      // the declared length is a claim; reserve only what a small frame needs until bytes arrive
      const first = Math.min(length, Math.max(ASSEMBLY_INITIAL_BYTES, body.length));
      cur = { session, flags, count, length, next: 0, filled: 0, wire: 0, bytes: new Uint8Array(first) };
      this.current = cur;
    } else if (index !== cur.next) {
      throw new NetError('ERR_BAD_FRAME', `${where}: expected chunk ${cur.next} (chunks out of order or lost)`);
    } else if (session !== cur.session || count !== cur.count || length !== cur.length || flags !== cur.flags) {
      throw new NetError('ERR_BAD_FRAME', `${where}: session, chunk count, length or flags changed within the frame`);
    }
    const last = index === cur.count - 1;
    const filled = cur.filled + body.length;
    if (filled > cur.length) throw new NetError('ERR_BAD_FRAME', `${where}: chunks carry more than the frame's ${cur.length} bytes`);
    if (!last && body.length === 0) throw new NetError('ERR_BAD_FRAME', `${where}: empty chunk before the last one`);
    if (filled > cur.bytes.length) {
      // doubling: each byte is copied at most twice in all, and the buffer is never more than twice what arrived
      const grown = new Uint8Array(Math.min(cur.length, Math.max(2 * cur.bytes.length, filled)));
      grown.set(cur.bytes.subarray(0, cur.filled));
      cur.bytes = grown;
    }
    if (cur.bytes.length > this.peak) this.peak = cur.bytes.length;
    cur.bytes.set(body, cur.filled);
    cur.filled = filled;
    cur.wire += msg.length;
    cur.next += 1;
    if (!last) return null;
    if (cur.filled !== cur.length) throw new NetError('ERR_BAD_FRAME', `${where}: frame ended after ${cur.filled} of ${cur.length} bytes`);
    this.current = null;
    this.nextSeq = (this.nextSeq + 1) >>> 0;
    if ((cur.flags & FLAG_DEFLATE) === 0) return { session: cur.session, seq, bytes: cur.bytes, wireBytes: cur.wire, compressed: false, inflateMs: 0 };
    const t0 = this.now();
    const meter: InflateMeter = { outputBytes: 0, tableWork: 0, allocatedBytes: 0 };
    this.lastInflate = meter;
    const bytes = inflateFrame(cur.bytes, this.maxFrameBytes, meter);
    return { session: cur.session, seq, bytes, wireBytes: cur.wire, compressed: true, inflateMs: this.now() - t0 };
  }
}
