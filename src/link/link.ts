/**
 * One link to one peer over one reliable, ordered data channel: chunking and reassembly of frames,
 * our own backpressure on `bufferedAmount`, control messages (with ping/pong RTT), per-peer counters
 * and one idempotent teardown path. The channel itself is behind `ChannelPort`, so this file runs in
 * Node tests with a fake channel; simplePeerPort.ts adapts a simple-peer instance.
 *
 * Backpressure: in Chromium a small window starts fast but sustains less, a large one starts slowly
 * and then sustains more (figures: limits.md §1.4). So by default the link starts with a 256 KiB
 * window and widens it to 4 MiB once 16 MiB have been written. With both directions busy at once
 * that wide window made Chromium's P2P socket discard packets on a fresh connection and stall one
 * direction for seconds, while 64 KiB / 16 KiB moved the first round at full speed (limits.md
 * §1.5), but once warm it left the channel idle whenever the worker computed: the party worker's
 * frames channels start at that and grow (FRAMES_CHANNEL_OPTIONS, sendWindow.ts; BENCHMARKS.md,
 * "#16 the send window"). The page's mesh link, which carries
 * control messages and frames only where a worker channel is not open, and the Node party's
 * (libdatachannel, 31 MB/s one way with the default) keep the default. Chunks are 128 KiB of
 * payload (+24 B header), in the range of sizes that runs at full speed and below Chromium's
 * 262144-byte message limit. The window never exceeds high-water plus one chunk, far from the
 * 16 MiB at which Chromium's send() throws "send queue is full".
 *
 * Keep-warm (keepWarmMs, off unless asked; the worker's frames channels ask): for a while after
 * a frame went or came, the link writes a one-byte message whenever it has written nothing for
 * keepWarmMs. A channel idle for some tens of ms delivers its next frame 2–3 ms later than a busy
 * one (limits.md §1.5), and between two rounds of a run it is idle while the parties compute.
 * They are counted apart (keepWarmSent, keepWarmBytesSent), never as frame or control bytes.
 *
 * Compression is per frame (the sender asks for it; chunk flags tell the receiver): deflated when
 * queued, inflated after reassembly. Frame-byte counters stay the engine's frames; the wire
 * counters show what compression left of them.
 *
 * What the peer sends is bounded here too (docs/bounds.md): `due` messages only for the next
 * MAX_DUES_AHEAD frames and at most MAX_DUE_AHEAD_MS ahead, and at most MAX_QUEUED_CONTROLS of our
 * control messages (its pings' pongs among them) waiting while it does not read.
 */
import { deflateForWire } from './compress';
import { frameLength, frameParts, joinFrame } from '../mpc/sched/frameBytes';
import type { FrameBytes } from '../mpc/transport';
import { asNetError, NetError } from './errors';
import { PeerClock } from './peerClock';
import { SendWindow, windowSteps, type WindowStep } from './sendWindow';
import {
  CHUNK_HEADER_BYTES,
  chunkCount,
  decodeControl,
  FLAG_DEFLATE,
  DEFAULT_CHUNK_PAYLOAD,
  DEFAULT_MAX_FRAME_BYTES,
  encodeChunkOf,
  encodeControl,
  FrameAssembler,
  KIND_CHUNK,
  KIND_CONTROL,
  KIND_KEEP_WARM,
  type AssembledFrame,
  type ControlMessage,
} from './channelWire';

/** What a link needs from a data channel. */
export interface ChannelPort {
  /** Write one message (never split by the channel). */
  send(msg: Uint8Array): void;
  /** Bytes accepted by send() and not yet handed to the network. */
  readonly bufferedAmount: number;
  /** The channel then calls PeerLink.handleBufferedAmountLow when bufferedAmount falls to `bytes`. */
  setLowThreshold(bytes: number): void;
  /** Largest message the channel accepts, when known (SCTP maxMessageSize). */
  readonly maxMessageSize: number | undefined;
  close(): void;
}

export interface LinkOptions {
  /** Payload bytes per chunk message (clamped to the channel's max message size). */
  chunkPayload: number;
  /** Window while the association warms up: pause above `warmupHighWater`, resume at `warmupLowWater`. */
  warmupHighWater: number;
  warmupLowWater: number;
  /** Bytes written before switching to the steady window. */
  warmupBytes: number;
  /** Windows between the warm-up and the steady one, each from its byte count on (sendWindow.ts). */
  windowSteps: readonly WindowStep[];
  highWater: number;
  lowWater: number;
  /** Control messages bypass queued frame chunks but still wait if the buffer is above this. */
  controlLimit: number;
  maxFrameBytes: number;
  /** Write a one-byte keep-warm message after this long without a write (ms); 0: never. */
  keepWarmMs: number;
  /** ... but only this long after a frame's chunk last went or came (ms). */
  keepWarmForMs: number;
  /**
   * Before handing a received frame up, write all the window allows of the frames we still send,
   * past the per-task limit (pump): for a consumer that computes for long in the same thread.
   */
  flushBeforeFrame: boolean;
}

export const DEFAULT_LINK_OPTIONS: Readonly<LinkOptions> = {
  chunkPayload: DEFAULT_CHUNK_PAYLOAD,
  warmupHighWater: 256 * 1024,
  warmupLowWater: 128 * 1024,
  warmupBytes: 16 * 1024 * 1024,
  windowSteps: [],
  highWater: 4 * 1024 * 1024,
  lowWater: 1024 * 1024,
  controlLimit: 8 * 1024 * 1024,
  maxFrameBytes: DEFAULT_MAX_FRAME_BYTES,
  keepWarmMs: 0,
  keepWarmForMs: 0,
  flushBeforeFrame: false,
};

/**
 * The party worker's frames channels (FrameChannels, Chromium's data channels): a 64 KiB / 16 KiB
 * window for the first 16 MiB, which a fresh connection moves without Chromium's discard stall,
 * then 4 MiB / 1 MiB, which keeps data flowing while the worker computes (sendWindow.ts); before a
 * received frame goes up to the engine, the link writes all the window allows (flushBeforeFrame);
 * and keep-warm, a byte every 5 ms for up to 2 s after the last frame, so the waits between a
 * run's rounds keep the path warm and an idle lobby does not trickle. BENCHMARKS.md, "#16 the send
 * window": growing to 12 MiB after 4 MiB stalled a fresh room's first run (19.9 s against 4.7 s).
 */
export const FRAMES_CHANNEL_OPTIONS: Readonly<Partial<LinkOptions>> = {
  warmupHighWater: 64 * 1024,
  warmupLowWater: 16 * 1024,
  warmupBytes: 16 * 1024 * 1024,
  windowSteps: [],
  highWater: 4 * 1024 * 1024,
  lowWater: 1024 * 1024,
  keepWarmMs: 5,
  keepWarmForMs: 2000,
  flushBeforeFrame: true,
};

/**
 * Counters of one link. Frame bytes: the engine's frames as sendFrame took them (its header and
 * table included, before compression). Wire bytes: what went into the channel for them (after
 * compression, chunk headers included).
 */
export interface LinkStats {
  framesSent: number;
  frameBytesSent: number;
  chunksSent: number;
  /** Wire bytes of frames: chunk messages written, headers included. */
  frameWireBytesSent: number;
  controlSent: number;
  controlBytesSent: number;
  framesReceived: number;
  frameBytesReceived: number;
  chunksReceived: number;
  frameWireBytesReceived: number;
  controlReceived: number;
  controlBytesReceived: number;
  /** Keep-warm messages (one byte each, no frame or control content) written and read. */
  keepWarmSent: number;
  keepWarmBytesSent: number;
  keepWarmReceived: number;
  keepWarmBytesReceived: number;
  /** Frames sent / received deflated, and the CPU time deflate / inflate took (ms). */
  framesCompressedSent: number;
  framesCompressedReceived: number;
  deflateMs: number;
  inflateMs: number;
  /** Frame bytes accepted by sendFrame but not yet written to the channel. */
  queuedBytes: number;
  /** Highest bufferedAmount seen right after a write. */
  maxBufferedAmount: number;
  /** Last measured round-trip time over the channel, ms; null before the first pong. */
  rttMs: number | null;
  /**
   * Bytes already in the channel's send buffer when that ping was written: what it queued behind
   * here (its pong also queues behind the peer's own). Near 0 on an idle link; null before the
   * first pong. A keep-warm byte written just before is left out; one written before a frame's
   * chunks that are still buffered is in (1 B among kilobytes).
   */
  rttQueuedBytes: number | null;
}

/** How one frame travelled: bytes on the wire (chunk headers included) and compression. */
export interface FrameWireInfo {
  readonly wireBytes: number;
  readonly compressed: boolean;
  /** deflate time for a sent frame, inflate time for a received one (ms). */
  readonly codecMs: number;
  /**
   * A received frame under carried network emulation: when it is due here (this side's
   * performance.now()), converted from the sender's clock. Absent otherwise.
   */
  readonly dueAt?: number;
}

export interface LinkHandlers {
  onFrame(session: number, bytes: Uint8Array, info: FrameWireInfo): void;
  onControl(msg: ControlMessage): void;
  onRtt?(ms: number): void;
  /** Called exactly once; `err` is null for a deliberate close. */
  onClose(err: NetError | null): void;
}

interface OutFrame {
  readonly session: number;
  readonly seq: number;
  /** What the chunks carry: the frame's parts (read while it goes, never written), or its deflated body. */
  readonly parts: readonly Uint8Array[];
  /** Their length in bytes. */
  readonly length: number;
  readonly flags: number;
  readonly count: number;
  next: number; // next chunk index to write
}

const hostNow = (): number => globalThis.performance.now();

/**
 * A `due` names a frame at most this many frames after the one being received: the sender queues it
 * just before its frame, and control messages overtake at most the frames queued at the sender,
 * which the engine keeps to a round or two.
 */
export const MAX_DUES_AHEAD = 256;
/**
 * A carried frame may be due at most this far in the future (ms, our clock). Held longer, it would
 * end its run anyway (the page gives up on a run with no progress for 90 s); beyond it a peer's
 * time is a lie or a broken clock, and a time past 2^31 ms made the hold queue spin (netem.ts).
 */
export const MAX_DUE_AHEAD_MS = 90_000;
/**
 * Control messages waiting for channel room, at most. Ours are few (one per run event and per
 * carried frame); a peer that pings but does not read its channel would grow the pongs forever.
 */
export const MAX_QUEUED_CONTROLS = 256;

const KEEP_WARM_MESSAGE = new Uint8Array([KIND_KEEP_WARM]);

/** Frame bytes written to the channel in one task at most (see pump). */
const MAX_BYTES_PER_TASK = 512 * 1024;
/**
 * And at most this long (ms, wall clock) per task once a chunk is written: while both tabs move
 * data on a small machine, the browser's network threads (higher OS priority) leave the page's
 * main thread a fraction of a core, and a few sends make a long task (BENCHMARKS.md, "Figures
 * from code comments").
 */
const MAX_MS_PER_TASK = 4;

export class PeerLink {
  private readonly options: LinkOptions;
  private readonly chunkPayload: number;
  private readonly assembler: FrameAssembler;
  private readonly frames: OutFrame[] = []; // frames waiting or partly written, in order
  private readonly controls: Uint8Array[] = []; // control messages waiting for buffer room
  private seq = 0; // seq of the next frame we send
  private readonly window: SendWindow;
  private pumping = false; // re-entrancy guard for pump()
  private resumeScheduled = false; // a pump() is due in a later task
  private pingTimer: ReturnType<typeof setInterval> | null = null;
  private pingId = 0;
  /** The last ping, as queued, and the bytes in the channel's send buffer when it was written. */
  private pingMsg: Uint8Array | null = null;
  private pingBehind = 0;
  private readonly peerClock = new PeerClock();
  /** Arrival times the peer named for frames not yet complete, by frame seq (its clock). */
  private readonly dues = new Map<number, number>();
  private closed = false; // destroy() ran
  private keepWarmTimer: ReturnType<typeof setInterval> | null = null;
  private keepWarmUntil = 0; // keep warm until then (our clock)
  private lastWriteAt = 0;
  private lastWriteWasKeepWarm = false;
  private closeError: NetError | null = null;
  private readonly counters: LinkStats = {
    framesSent: 0,
    frameBytesSent: 0,
    chunksSent: 0,
    frameWireBytesSent: 0,
    controlSent: 0,
    controlBytesSent: 0,
    framesReceived: 0,
    frameBytesReceived: 0,
    chunksReceived: 0,
    frameWireBytesReceived: 0,
    controlReceived: 0,
    controlBytesReceived: 0,
    keepWarmSent: 0,
    keepWarmBytesSent: 0,
    keepWarmReceived: 0,
    keepWarmBytesReceived: 0,
    framesCompressedSent: 0,
    framesCompressedReceived: 0,
    deflateMs: 0,
    inflateMs: 0,
    queuedBytes: 0,
    maxBufferedAmount: 0,
    rttMs: null,
    rttQueuedBytes: null,
  };

  constructor(
    /** The peer's party index (named in errors). */
    readonly peer: number,
    private readonly port: ChannelPort,
    private readonly handlers: LinkHandlers,
    options: Partial<LinkOptions> = {},
    /** Monotonic milliseconds (tests pass a fake clock). */
    private readonly now: () => number = hostNow,
  ) {
    this.options = { ...DEFAULT_LINK_OPTIONS, ...options };
    const max = port.maxMessageSize;
    this.chunkPayload = Math.max(1, Math.min(this.options.chunkPayload, max ? max - CHUNK_HEADER_BYTES : Infinity));
    this.assembler = new FrameAssembler(this.options.maxFrameBytes, now);
    this.window = new SendWindow(windowSteps(this.options));
    port.setLowThreshold(this.window.low);
  }

  get destroyed(): boolean {
    return this.closed;
  }

  stats(): LinkStats {
    return { ...this.counters };
  }

  /** Whether the peer's clock offset is known (a pong came back), so `dueAt` can be carried. */
  get clockSynced(): boolean {
    return this.peerClock.offsetMs() !== null;
  }

  /** Lengths of the link's queues (tests and docs/bounds.md), and what its assembler reserves. */
  queueLengths(): { frames: number; controls: number; dues: number; reservedBytes: number } {
    return { frames: this.frames.length, controls: this.controls.length, dues: this.dues.size, reservedBytes: this.assembler.reservedBytes };
  }

  /** How far off the peer's clock offset may be now (ms), so how early a carried frame may come; null before any pong. */
  clockErrorMs(): number | null {
    return this.peerClock.errorMs(this.now());
  }

  /**
   * Queue one frame (one buffer or parts) for `session`, deflated first if `compress`. The link
   * reads `frame` while it sends, over later tasks, so nobody may write it afterwards (transport.ts). Returns the bytes it will take on the wire. With `dueAt` (our
   * performance.now()), a `due` control message goes first, and the receiver's FrameWireInfo says
   * when the frame is due there.
   */
  sendFrame(session: number, frame: FrameBytes, compress = false, dueAt?: number): FrameWireInfo {
    this.assertOpen();
    if (dueAt !== undefined) this.queueControl(encodeControl({ type: 'due', seq: this.seq, t: dueAt }));
    let body = frameParts(frame);
    const frameBytes = frameLength(body);
    let length = frameBytes;
    let codecMs = 0;
    let deflated = false;
    if (compress) {
      const t0 = this.now();
      // null: it shrinks more than a receiver accepts (a bomb's ratio), so it goes as it is
      const b = deflateForWire(joinFrame(frame));
      codecMs = this.now() - t0;
      this.counters.deflateMs += codecMs;
      if (b) {
        body = [b];
        length = b.length;
        deflated = true;
        this.counters.framesCompressedSent += 1;
      }
    }
    const count = chunkCount(length, this.chunkPayload);
    this.frames.push({ session, seq: this.seq, parts: body, length, flags: deflated ? FLAG_DEFLATE : 0, count, next: 0 });
    this.seq = (this.seq + 1) >>> 0;
    this.counters.framesSent += 1;
    this.counters.frameBytesSent += frameBytes;
    this.counters.queuedBytes += length;
    this.pump();
    return { wireBytes: length + count * CHUNK_HEADER_BYTES, compressed: deflated, codecMs };
  }

  sendControl(msg: ControlMessage): void {
    this.assertOpen();
    this.queueControl(encodeControl(msg));
    this.pump();
  }

  private queueControl(msg: Uint8Array): void {
    if (this.controls.length >= MAX_QUEUED_CONTROLS) {
      const err = new NetError('ERR_BACKLOG', `party ${this.peer} does not read its channel: ${this.controls.length} control messages wait to be sent to it`);
      this.destroy(err);
      throw err;
    }
    this.controls.push(msg);
  }

  /** Send a ping now and every `intervalMs` (RTT shows in stats().rttMs and onRtt). */
  startPings(intervalMs: number): void {
    if (this.closed || this.pingTimer) return;
    const ping = (): void => {
      if (this.closed) return;
      this.pingMsg = encodeControl({ type: 'ping', id: (this.pingId = (this.pingId + 1) >>> 0), t: this.now() });
      this.queueControl(this.pingMsg);
      this.pump();
    };
    ping();
    this.pingTimer = setInterval(ping, intervalMs);
  }

  /** Feed one message received from the channel. Malformed input tears the link down. */
  handleMessage(msg: Uint8Array): void {
    if (this.closed) return;
    let frame: AssembledFrame | null = null;
    let control: ControlMessage | null = null;
    try {
      if (msg[0] === KIND_CHUNK) {
        this.counters.chunksReceived += 1;
        this.counters.frameWireBytesReceived += msg.length;
        this.keepWarm();
        frame = this.assembler.push(msg);
      } else if (msg[0] === KIND_KEEP_WARM && msg.length === 1) {
        this.counters.keepWarmReceived += 1;
        this.counters.keepWarmBytesReceived += 1;
        return;
      } else if (msg[0] === KIND_CONTROL) {
        this.counters.controlReceived += 1;
        this.counters.controlBytesReceived += msg.length;
        control = decodeControl(msg);
      } else {
        throw new NetError('ERR_BAD_FRAME', `message of ${msg.length} bytes has unknown kind ${String(msg[0])}`);
      }
    } catch (err) {
      const e = asNetError(err, 'ERR_BAD_FRAME', 'unreadable message');
      this.destroy(new NetError('ERR_BAD_FRAME', `party ${this.peer} sent a malformed message: ${e.message}`, { cause: e }));
      return;
    }
    // Handlers run outside the try: a consumer's bug is not the peer's malformed frame.
    if (frame) {
      // The engine may compute for seconds once it has this frame, and nothing pumps meanwhile:
      // hand the channel all the window allows of what we still send first.
      if (this.options.flushBeforeFrame) this.pump(true);
      this.counters.framesReceived += 1;
      this.counters.frameBytesReceived += frame.bytes.length;
      if (frame.compressed) {
        this.counters.framesCompressedReceived += 1;
        this.counters.inflateMs += frame.inflateMs;
      }
      const info: FrameWireInfo = { wireBytes: frame.wireBytes, compressed: frame.compressed, codecMs: frame.inflateMs };
      const due = this.dues.get(frame.seq);
      this.dues.delete(frame.seq);
      const dueAt = due === undefined ? null : this.peerClock.toLocal(due);
      if (dueAt !== null) {
        const ahead = dueAt - this.now();
        if (!(ahead <= MAX_DUE_AHEAD_MS)) {
          this.destroy(new NetError('ERR_BAD_FRAME', `party ${this.peer} sent frame ${frame.seq} due ${ahead.toFixed(0)} ms from now, more than the ${MAX_DUE_AHEAD_MS} ms a frame may be held`));
          return;
        }
      }
      this.handlers.onFrame(frame.session, frame.bytes, dueAt === null ? info : { ...info, dueAt });
    } else if (control?.type === 'ping') {
      try {
        this.sendControl({ type: 'pong', id: control.id, t: control.t, r: this.now() });
      } catch {
        // the pongs piled up: the link is destroyed with ERR_BACKLOG, which onClose reports
      }
    } else if (control?.type === 'pong') {
      const t1 = this.now();
      this.peerClock.sample(control.t, control.r, t1);
      if (control.id === this.pingId) {
        this.counters.rttMs = t1 - control.t;
        this.counters.rttQueuedBytes = this.pingBehind;
        this.handlers.onRtt?.(this.counters.rttMs);
      }
    } else if (control?.type === 'due') {
      // ordered channel: a frame's `due` comes before its first chunk (it is queued before the frame)
      const ahead = (control.seq - this.assembler.expectedSeq) >>> 0;
      if (control.seq > 0xffffffff || ahead >= MAX_DUES_AHEAD) {
        this.destroy(new NetError('ERR_BAD_FRAME', `party ${this.peer} sent a due time for frame ${control.seq}, not within the ${MAX_DUES_AHEAD} frames after frame ${this.assembler.expectedSeq}`));
        return;
      }
      this.dues.set(control.seq, control.t);
    } else if (control) {
      this.handlers.onControl(control);
    }
  }

  handleBufferedAmountLow(): void {
    this.pump();
  }

  /**
   * Tear down (idempotent): drop queued data, stop pings, close the channel, report once. A link
   * destroyed with an error rejects later sends with that error.
   */
  destroy(err: NetError | null = null): void {
    if (this.closed) return;
    this.closed = true;
    this.closeError = err;
    if (this.pingTimer) clearInterval(this.pingTimer);
    this.pingTimer = null;
    if (this.keepWarmTimer) clearInterval(this.keepWarmTimer);
    this.keepWarmTimer = null;
    this.frames.length = 0;
    this.controls.length = 0;
    this.counters.queuedBytes = 0;
    try {
      this.port.close();
    } catch {
      // Closing a channel that already failed may throw; the link is gone either way.
    }
    this.handlers.onClose(err);
  }

  private assertOpen(): void {
    if (!this.closed) return;
    throw this.closeError ?? new NetError('ERR_DESTROYED', `the link to party ${this.peer} was closed`);
  }

  /**
   * Write as much as the window allows; bufferedamountlow calls back in when it drains. At most
   * MAX_BYTES_PER_TASK of frame data, or MAX_MS_PER_TASK, per task: RTCDataChannel.send copies
   * synchronously, so writing a whole window at once is a long task, with frames of other peers
   * waiting behind it (BENCHMARKS.md, "Figures from code comments"); the rest follows in the next
   * task. `flush`: up to the window in this task, before a received frame goes up to a consumer
   * that may compute for seconds without giving the thread back (the party worker's engine: in
   * exp of 10^6 values a party's last megabytes waited behind its next round's computing,
   * BENCHMARKS.md, "#16 the send window").
   */
  private pump(flush = false): void {
    if (this.closed || this.pumping) return;
    this.pumping = true;
    let written = 0;
    const t0 = this.now();
    try {
      for (;;) {
        if (!flush && written > 0 && this.frames.length > 0 && (written >= MAX_BYTES_PER_TASK || this.now() - t0 > MAX_MS_PER_TASK)) {
          this.resumeSoon();
          break;
        }
        const control = this.controls[0];
        if (control) {
          if (this.port.bufferedAmount + control.length > this.options.controlLimit) break;
          // a keep-warm byte written last and still buffered is not a frame's (the label says "of frames")
          if (control === this.pingMsg) this.pingBehind = Math.max(0, this.port.bufferedAmount - (this.lastWriteWasKeepWarm ? KEEP_WARM_MESSAGE.length : 0));
          this.write(control);
          this.controls.shift();
          this.counters.controlSent += 1;
          this.counters.controlBytesSent += control.length;
          continue;
        }
        const f = this.frames[0];
        if (!f || this.port.bufferedAmount >= this.window.high) break;
        const start = f.next * this.chunkPayload;
        const take = Math.min(f.length, start + this.chunkPayload) - start;
        const msg = encodeChunkOf({ session: f.session, seq: f.seq, index: f.next, count: f.count, length: f.length, flags: f.flags }, f.parts, start, take);
        this.write(msg);
        written += msg.length;
        if (f.next === 0) this.keepWarm();
        f.next += 1;
        this.counters.chunksSent += 1;
        this.counters.frameWireBytesSent += msg.length;
        this.counters.queuedBytes -= take;
        if (f.next === f.count) this.frames.shift();
        if (this.window.wrote(msg.length)) this.port.setLowThreshold(this.window.low);
      }
    } catch (err) {
      this.destroy(asNetError(err, 'ERR_PEER_GONE', `sending to party ${this.peer} failed`));
    } finally {
      this.pumping = false;
    }
  }

  /** Pump again in a later task (not a microtask, which would not let the page breathe). */
  private resumeSoon(): void {
    if (this.resumeScheduled) return;
    this.resumeScheduled = true;
    setTimeout(() => {
      this.resumeScheduled = false;
      this.pump();
    }, 0);
  }

  /**
   * A frame went or came: keep the channel warm for keepWarmForMs from now (a timer while it
   * runs; the worker's event loop runs it only while the engine waits, which is when it helps).
   */
  private keepWarm(): void {
    const { keepWarmMs, keepWarmForMs } = this.options;
    if (keepWarmMs <= 0 || this.closed) return;
    this.keepWarmUntil = this.now() + keepWarmForMs;
    if (this.keepWarmTimer) return;
    this.keepWarmTimer = setInterval(() => {
      const now = this.now();
      if (this.closed || now > this.keepWarmUntil) {
        if (this.keepWarmTimer) clearInterval(this.keepWarmTimer);
        this.keepWarmTimer = null;
        return;
      }
      if (now - this.lastWriteAt < keepWarmMs || this.frames.length > 0 || this.controls.length > 0 || this.port.bufferedAmount > 0) return;
      try {
        this.write(KEEP_WARM_MESSAGE);
        this.lastWriteWasKeepWarm = true;
        this.counters.keepWarmSent += 1;
        this.counters.keepWarmBytesSent += KEEP_WARM_MESSAGE.length;
      } catch (err) {
        this.destroy(asNetError(err, 'ERR_PEER_GONE', `sending to party ${this.peer} failed`));
      }
    }, keepWarmMs);
  }

  private write(msg: Uint8Array): void {
    this.lastWriteAt = this.now();
    this.lastWriteWasKeepWarm = false;
    this.port.send(msg);
    const buffered = this.port.bufferedAmount;
    if (buffered > this.counters.maxBufferedAmount) this.counters.maxBufferedAmount = buffered;
  }
}
