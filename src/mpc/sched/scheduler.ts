/**
 * The round scheduler: protocol code awaits `exchange(...)`; the scheduler does not send at once.
 * It collects every exchange issued while runnable work drains and, when nothing can proceed
 * without the network (a macrotask boundary: all microtasks have run), sends ONE frame per peer
 * carrying all of them: one round. Independent branches (`Promise.all`) therefore share rounds,
 * and the executed DAG is batched by its communication depth (design.md §3.2).
 *
 * With batching off, each exchange is a round of its own, in operation-id order: what a naive
 * send/receive loop does.
 *
 * Operation ids are assigned in call order, identical on every party because every party runs
 * the same program on data-independent control flow. The receiver checks phase, session, round,
 * sender, ids and lengths, and fails loudly on any mismatch.
 */
import { MpcError } from '../errors';
import type { FrameBytes, Transport } from '../transport';
import { frameLength } from './frameBytes';
import { withDeadline, withProgressDeadline } from './deadline';
import { hostClock, type Clock } from './clock';
import { countFrame, emptyCounters, snapshotCounters, type Counters } from './counters';
import type { OpNode } from './graph';
import { decodeFrame, encodeAbort, encodeFrameParts, FRAME_ENTRY_BYTES, FRAME_HEADER_BYTES, type FrameEntry, type Phase } from './frame';

export interface ExchangeRequest {
  /** The operation this traffic belongs to (for the graph and the error messages). */
  readonly node: OpNode;
  /**
   * Bytes for each party (index = party); null or empty for none. Own index ignored. Sent as they
   * are, not copied: from the call on they must never change (nor go back to a pool), since the
   * transport may still read them after the exchange resolves and, in process, the peers read them
   * as their received bytes. A caller that writes them again sets `rewritesOut`.
   */
  readonly out: readonly (Uint8Array | null)[];
  /**
   * The caller writes `out` again once the exchange resolves (an opening summed or XORed into the
   * share it sent): the scheduler sends a copy of each.
   */
  readonly rewritesOut?: boolean;
  /** Bytes expected from each party (index = party). Own index ignored. */
  readonly expect: readonly number[];
  readonly phase?: Phase;
}

/** What happened in one round, for timelines and step mode. */
export interface RoundRecord {
  readonly phase: Phase;
  /** 1-based within its phase. */
  readonly round: number;
  /** Graph node ids served by this round, in op-id order. */
  readonly nodes: readonly number[];
  readonly opNames: readonly string[];
  /** Payload bytes per party (index = party). */
  readonly payloadBytesSent: readonly number[];
  readonly payloadBytesReceived: readonly number[];
  /**
   * The same bytes by entry: entryBytesSent[i][party] is what the round's i-th exchange (nodes[i])
   * sent to that party; they add up to payloadBytesSent. Sizes only, never the payloads.
   */
  readonly entryBytesSent: readonly (readonly number[])[];
  /** What the i-th exchange received from each party; they add up to payloadBytesReceived. */
  readonly entryBytesReceived: readonly (readonly number[])[];
  /** Clock times (ms): when the frames left, and when the last peer frame arrived. */
  readonly sentAt: number;
  readonly doneAt: number;
  /** Time since the previous round completed: local computation before this round. */
  readonly computeMs: number;
}

/** A round about to be sent: what step mode shows before it lets the round go. */
export interface PendingRound {
  readonly phase: Phase;
  readonly round: number;
  readonly opNames: readonly string[];
  /** Graph node ids of the operations in this round. */
  readonly nodes: readonly number[];
  /** Payload bytes about to go to each party (index = party). */
  readonly payloadBytes: readonly number[];
  /** The same by entry: entryBytes[i][party] for nodes[i]; they add up to payloadBytes. */
  readonly entryBytes: readonly (readonly number[])[];
  /** What each entry expects from each party: a frame of any other length is rejected. */
  readonly entryBytesExpected: readonly (readonly number[])[];
  /** The first bytes of the payload to each party: masked values, which look random. */
  readonly preview: readonly Uint8Array[];
}

export interface SchedulerOptions {
  /** Merge everything ready into one round (default true). */
  readonly batching?: boolean;
  /** Session id written into every frame; frames of another session are rejected. */
  readonly session?: number;
  readonly clock?: Clock;
  /** Reject a round whose peer frames have not all arrived after this many ms (0 = never). */
  readonly roundTimeoutMs?: number;
  /** Called after every round completes, with the counters so far. */
  readonly onRound?: (r: RoundRecord, traffic: Counters) => void;
  /** Awaited before each round is sent: step mode holds the round here. */
  readonly beforeRound?: (pending: PendingRound) => Promise<void>;
  /**
   * Give up on a peer that goes silent while its frame is awaited (see Liveness). Without it, the
   * transport's own `liveness` if it has one (LivenessTransport), else silence is never fatal.
   */
  readonly liveness?: Liveness;
}

/**
 * Tells a peer whose frame is slow from one whose frame will never come (a peer still connected
 * that dropped it, or whose engine stopped). A wall-clock round timeout cannot: a round of many
 * megabytes, or a peer that computes for many seconds before it sends, is slow but alive.
 */
export interface Liveness {
  /**
   * Reject the round with ERR_TIMEOUT once `activity(peer)` has not changed for this long while
   * the peer's frame is awaited (ms).
   */
  readonly silenceMs: number;
  /**
   * Changes whenever `peer` shows that its frame is still coming: chunk bytes from it arriving,
   * or word that its engine has not sent this round yet (it computes, or its user holds the round
   * in step mode). Pings do not count: a peer that dropped a frame still answers them.
   */
  activity(peer: number): number;
  /**
   * Extra silence a frame of `bytes` may take for reasons no counter shows (an emulated slow
   * network holds it whole), ms. Default none.
   */
  graceMs?(bytes: number): number;
  /** How often to look (ms). Default silenceMs / 8, at most 1 s. */
  readonly checkMs?: number;
}

/**
 * A transport that carries the scheduler's Liveness: the party worker's, whose scheduler options
 * pass through code that does not forward them (runExpSession).
 */
export interface LivenessTransport extends Transport {
  readonly liveness: Liveness;
}

interface Pending {
  readonly id: number;
  readonly req: ExchangeRequest;
  readonly phase: Phase;
  resolve(v: Uint8Array[]): void;
  reject(e: unknown): void;
}

export class Scheduler {
  readonly self: number;
  readonly parties: number;
  readonly batching: boolean;
  readonly session: number;
  private readonly clock: Clock;
  private readonly opts: SchedulerOptions;
  private readonly counters: Counters;
  private readonly rounds = { online: 0, offline: 0 };
  private queue: Pending[] = [];
  private nextOp = 0;
  private flushScheduled = false;
  private running = false;
  private lastDone: number;
  private failure: unknown = null;
  private readonly liveness: Liveness | null;

  constructor(
    private readonly transport: Transport,
    opts: SchedulerOptions = {},
  ) {
    this.self = transport.self;
    this.parties = transport.parties;
    this.batching = opts.batching ?? true;
    this.session = opts.session ?? 0;
    this.clock = opts.clock ?? hostClock;
    this.opts = opts;
    this.liveness = opts.liveness ?? (transport as Partial<LivenessTransport>).liveness ?? null;
    this.counters = emptyCounters(this.parties);
    this.lastDone = this.clock.now();
  }

  /** Queue traffic for the next round; resolves with the bytes each peer sent back. */
  exchange(req: ExchangeRequest): Promise<Uint8Array[]> {
    if (this.failure) return Promise.reject(this.failure);
    if (req.out.length !== this.parties || req.expect.length !== this.parties) {
      throw new MpcError(
        'ERR_PARTY_COUNT',
        `${req.node.name}: exchange lists ${req.out.length} outputs for ${this.parties} parties`,
      );
    }
    return new Promise<Uint8Array[]>((resolve, reject) => {
      this.queue.push({ id: this.nextOp++, req, phase: req.phase ?? 'online', resolve, reject });
      this.scheduleFlush();
    });
  }

  /** A copy of the counters so far. */
  traffic(): Counters {
    return snapshotCounters(this.counters);
  }

  /**
   * Fail every pending and future exchange with `err` (idempotent), and tell every peer why so
   * that they stop too instead of waiting for frames that will never come. Whatever the cause:
   * a peer gone or an abort reaching this party is news to the others when it concerned only
   * this party and that one (a lost link between two of three parties left the third waiting).
   * Each party tells at most once, so the word spreads without echoing on.
   */
  abort(err: unknown): void {
    if (this.failure) return;
    this.failure = err;
    const reason = err instanceof Error ? err.message : String(err);
    for (let peer = 0; peer < this.parties; peer++) {
      if (peer === this.self) continue;
      try {
        this.transport.send(peer, encodeAbort(this.session, this.self, reason));
      } catch {
        // the peer may already be gone; the abort is best effort
      }
    }
    const q = this.queue;
    this.queue = [];
    for (const p of q) p.reject(err);
  }

  private scheduleFlush(): void {
    if (this.flushScheduled || this.running) return;
    this.flushScheduled = true;
    this.clock.defer(() => {
      this.flushScheduled = false;
      void this.runRounds();
    });
  }

  private async runRounds(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      while (this.queue.length > 0 && !this.failure) {
        const batch = this.takeBatch();
        try {
          await this.round(batch);
        } catch (err) {
          for (const p of batch) p.reject(err);
          this.abort(err);
        }
        // Let the resumed protocol code issue its next exchanges before we look again.
        if (this.queue.length === 0) break;
        await new Promise<void>((r) => this.clock.defer(r));
      }
    } finally {
      this.running = false;
      if (this.queue.length > 0 && !this.failure) this.scheduleFlush();
    }
  }

  /** Everything queued of the oldest exchange's phase; with batching off, only that exchange. */
  private takeBatch(): Pending[] {
    this.queue.sort((a, b) => a.id - b.id);
    const phase = this.queue[0]!.phase;
    if (!this.batching) return this.queue.splice(0, 1);
    const batch = this.queue.filter((p) => p.phase === phase);
    this.queue = this.queue.filter((p) => p.phase !== phase);
    return batch;
  }

  private async round(batch: Pending[]): Promise<void> {
    const phase = batch[0]!.phase;
    const round = ++this.rounds[phase];
    const traffic = this.counters[phase];
    traffic.rounds += 1;
    const opNames = batch.map((p) => p.req.node.name);
    if (this.opts.beforeRound) await this.opts.beforeRound(this.pending(batch, phase, round, opNames));
    if (this.failure) throw this.failure;

    const computeMs = this.clock.now() - this.lastDone;
    const sentBytes = new Array<number>(this.parties).fill(0);
    const recvBytes = new Array<number>(this.parties).fill(0);
    const sentAt = this.clock.now();
    const outs = batch.map((p) => sentOuts(p.req));
    for (let peer = 0; peer < this.parties; peer++) {
      if (peer === this.self) continue;
      const entries: FrameEntry[] = batch.map((p, i) => ({ op: p.id, payload: outs[i]![peer] ?? EMPTY }));
      const frame = encodeFrameParts({ phase, session: this.session, round, sender: this.self, entries });
      let payload = 0;
      for (const e of entries) payload += e.payload.length;
      sentBytes[peer] = payload;
      countFrame(traffic, peer, 'sent', payload, frameLength(frame));
      this.transport.send(peer, frame);
    }
    for (const p of batch) {
      let s = 0;
      for (let peer = 0; peer < this.parties; peer++) if (peer !== this.self) s += p.req.out[peer]?.length ?? 0;
      p.req.node.payloadBytesSent += s;
      p.req.node.rounds.push(round);
    }

    const entryBytesSent = batch.map((p) => this.sizesTo(p.req.out));
    const received = await this.receiveAll(batch, phase, round, recvBytes);
    const entryBytesReceived = batch.map((_, i) => received.map((entries, peer) => (peer === this.self ? 0 : (entries[i]?.length ?? 0))));
    const doneAt = this.clock.now();
    this.lastDone = doneAt;
    batch.forEach((p, i) => p.resolve(received.map((entries) => entries[i] ?? EMPTY)));
    this.opts.onRound?.({
      phase,
      round,
      nodes: batch.map((p) => p.req.node.id),
      opNames,
      payloadBytesSent: sentBytes,
      payloadBytesReceived: recvBytes,
      entryBytesSent,
      entryBytesReceived,
      sentAt,
      doneAt,
      computeMs,
    }, snapshotCounters(this.counters));
  }

  private pending(batch: Pending[], phase: Phase, round: number, opNames: string[]): PendingRound {
    const payloadBytes = new Array<number>(this.parties).fill(0);
    const preview: Uint8Array[] = [];
    for (let peer = 0; peer < this.parties; peer++) {
      const parts = peer === this.self ? [] : batch.map((p) => p.req.out[peer] ?? EMPTY);
      let total = 0;
      for (const b of parts) total += b.length;
      payloadBytes[peer] = total;
      const head = new Uint8Array(Math.min(PREVIEW_BYTES, total));
      let o = 0;
      for (const b of parts) {
        if (o >= head.length) break;
        const take = b.subarray(0, head.length - o);
        head.set(take, o);
        o += take.length;
      }
      preview.push(head);
    }
    const entryBytes = batch.map((p) => this.sizesTo(p.req.out));
    const entryBytesExpected = batch.map((p) => Array.from({ length: this.parties }, (_, peer) => (peer === this.self ? 0 : (p.req.expect[peer] ?? 0))));
    return { phase, round, opNames, nodes: batch.map((p) => p.req.node.id), payloadBytes, entryBytes, entryBytesExpected, preview };
  }

  /** Bytes of one exchange to each party (own entry 0). */
  private sizesTo(out: readonly (Uint8Array | null)[]): number[] {
    return Array.from({ length: this.parties }, (_, peer) => (peer === this.self ? 0 : (out[peer]?.length ?? 0)));
  }

  /** One frame from each peer, checked against this round's batch; payloads[peer][entry]. */
  private async receiveAll(batch: Pending[], phase: Phase, round: number, recvBytes: number[]): Promise<Uint8Array[][]> {
    const traffic = this.counters[phase];
    const peers = [...Array(this.parties).keys()].filter((p) => p !== this.self);
    const one = async (peer: number): Promise<Uint8Array[]> => {
      const bytes = await this.awaitFrame(peer, batch, phase, round);
      const where = `${phase} round ${round}, frame from party ${peer}`;
      const f = decodeFrame(bytes);
      const fail = (why: string): never => {
        throw new MpcError('ERR_BAD_FRAME', `${where}: ${why}`);
      };
      if (f.session !== this.session) fail(`session ${f.session}, expected ${this.session}`);
      if (f.sender !== peer) fail(`claims sender ${f.sender}`);
      if (f.phase !== phase) fail(`is an ${f.phase} frame`);
      if (f.round !== round) fail(`is for round ${f.round} (out of order or a party skipped a round)`);
      if (f.entries.length !== batch.length) {
        fail(`lists ${f.entries.length} operations, expected ${batch.length} (${batch.map((p) => p.req.node.name).join(', ')})`);
      }
      let payload = 0;
      const out = f.entries.map((e, i) => {
        const p = batch[i]!;
        if (e.op !== p.id) fail(`entry ${i} is operation #${e.op}, expected #${p.id} (${p.req.node.name})`);
        const want = p.req.expect[peer]!;
        if (e.payload.length !== want) fail(`${p.req.node.name} (#${p.id}) carries ${e.payload.length} bytes, expected ${want}`);
        p.req.node.payloadBytesReceived += e.payload.length;
        payload += e.payload.length;
        return e.payload;
      });
      recvBytes[peer] = payload;
      countFrame(traffic, peer, 'received', payload, frameLength(bytes));
      return out;
    };
    const all = Promise.all(peers.map(one));
    const results = await this.withTimeout(all, phase, round);
    const byParty: Uint8Array[][] = Array.from({ length: this.parties }, () => []);
    peers.forEach((peer, i) => (byParty[peer] = results[i]!));
    return byParty;
  }

  /** The peer's next frame; with liveness, ERR_TIMEOUT naming the peer and round once the peer goes silent. */
  private awaitFrame(peer: number, batch: Pending[], phase: Phase, round: number): Promise<FrameBytes> {
    const frame = this.transport.receive(peer);
    const live = this.liveness;
    if (!live || live.silenceMs <= 0) return frame;
    let expected = FRAME_HEADER_BYTES;
    for (const p of batch) expected += FRAME_ENTRY_BYTES + (p.req.expect[peer] ?? 0);
    const silentMs = live.silenceMs + (live.graceMs?.(expected) ?? 0);
    return withProgressDeadline(frame, {
      silentMs,
      checkMs: live.checkMs ?? Math.min(1_000, live.silenceMs / 8),
      progress: () => live.activity(peer),
      clock: this.clock,
      timeoutError: (ms) =>
        new MpcError(
          'ERR_TIMEOUT',
          `${phase} round ${round}: party ${peer} is connected but its frame never came (nothing from it for ${fmtSeconds(ms)} s while waiting)`,
        ),
    });
  }

  private withTimeout<T>(p: Promise<T>, phase: Phase, round: number): Promise<T> {
    const ms = this.opts.roundTimeoutMs ?? 0;
    if (ms <= 0) return p;
    return withDeadline(p, ms, () => new MpcError('ERR_TIMEOUT', `${phase} round ${round}: no frame from a peer within ${ms} ms`), this.clock);
  }
}

const EMPTY = new Uint8Array(0);

/**
 * What `req` sends each party: its own bytes, or copies where the caller writes them again
 * (rewritesOut), one per distinct buffer (allGather sends one buffer to every peer).
 */
function sentOuts(req: ExchangeRequest): readonly (Uint8Array | null)[] {
  if (!req.rewritesOut) return req.out;
  const copies = new Map<Uint8Array, Uint8Array>();
  return req.out.map((b) => {
    if (!b || b.length === 0) return null;
    let c = copies.get(b);
    if (!c) copies.set(b, (c = b.slice()));
    return c;
  });
}
const fmtSeconds = (ms: number): string => String(Math.round(ms / 100) / 10);
/** How much of each round's payload step mode shows. */
const PREVIEW_BYTES = 48;
