/**
 * Every correlation of the Correlations interface, made by the parties themselves from random
 * COTs (preprocessing.md §2.3–§3 and §5), in the TfpDealer's output layout:
 *
 *   triple       each party draws a_i, b_i; every cross term a_i·b_j is a Gilboa OLE on the
 *                channel i → j (P_i sends with x = a_i, P_j chooses with the bits of b_j)
 *   square       a² = Σ a_i² + 2·Σ_{i<j} a_i·a_j: one OLE per pair (its direction alternates)
 *   andTriple    each cross term a_i ∧ b_j is a bit-OLE: 1 COT and a 1-bit correction
 *   randBits     β = ⊕ β_j, folded party by party: s ← s + β_j − 2·s·β_j, where s·β_j is a
 *                bit × word OLE between each holder of s and P_j (N − 1 steps)
 *   truncPair    eprint 2020/338 as §3.4: r = 2^(k−1)·β_m + 2^m·H + L, with L = Σ_{i<m} 2^i·β_i
 *                from random bits, H = Σ H_j and each H_j < 2^(k−1−m−⌈log2 N⌉): rc = H exactly
 *   privPair     one OLE per element (2 parties), the first half of the elements on 0 → 1 and
 *                the rest on 1 → 0 (privHalf); privBitPair one bit × word OLE on 0 → 1;
 *                privPairGf one Gilboa OLE over GF(2^127 − 1) per element, halved the same way
 *
 * Every product is an OLE on a COT channel (ole/gilboa.ts): the channel i → j has P_i as COT
 * sender (its value x) and P_j as receiver (the bits of its value as choices).
 *
 * One chunk of requests is one round of COT extension (every receiver sends its u matrices)
 * and one round of corrections (N − 1 rounds when random bits are folded for N > 2 parties).
 * The chunks are pipelined: chunk c + 1's extension is issued beside chunk c's first corrections,
 * so the scheduler sends both in one round. Why: on a link between tabs the rounds were strictly
 * alternating (the receiver's u out, the sender's corrections back), each party idle while the
 * other computed; now both compute at once and both directions carry data at once, and C chunks
 * take 1 + C rounds instead of 2C (BENCHMARKS.md, "Dealer-free exp between two tabs").
 * Every party takes part in every exchange, with empty payloads where it has nothing for a peer,
 * so that the scheduler's operation ids agree.
 */
import { MpcError } from '../../errors';
import type { Prg } from '../../prg/prg';
import { gfReduceFromRing } from '../../ring/gfp';
import type { Ring, Words } from '../../ring';
import type { OpGraph } from '../../sched/graph';
import type { Scheduler } from '../../sched/scheduler';
import { hostClock } from '../../sched/clock';
import { bitsOfWords, packBits, wordsOfBits } from '../bits';
import { concatWords } from '../../ring/packing';
import type { CorrelationRequest, CorrelationValue, PrivPair, SquarePair, Triple, TruncPair } from '../correlations';
import { correctionBytes, cotsOf, GF_BITS, oleReceive, oleSend, type OleSpec } from '../ole/gilboa';
import { xorInto, type RandomCotReceiver, type RandomCotSender } from '../ot/ext';
import { bitsPerCot, type OtExtension } from '../otSetup';

/** The two COT directions between this party and one peer. */
export interface PeerCot {
  /** This party sends (holds Δ). */
  readonly sender: RandomCotSender;
  /** This party receives (chooses). */
  readonly receiver: RandomCotReceiver;
}

/**
 * This party's OT extension work in a session: the COTs it extended as receiver and as sender
 * (padded to 128s, as extended) and the CPU ms each role's extend calls took.
 */
export interface CotExtensionWork {
  receiverCots: number;
  receiverMs: number;
  senderCots: number;
  senderMs: number;
}

/**
 * Random COTs per second as bench/otBench.ts counts them: one COT's receiver and sender
 * extension, the per-COT times of both roles added; null before both roles extended.
 */
export function cotsPerSecond(w: CotExtensionWork): number | null {
  if (w.receiverCots === 0 || w.senderCots === 0) return null;
  return 1000 / (w.receiverMs / w.receiverCots + w.senderMs / w.senderCots);
}

/** Default bound on the COTs of one chunk on one channel: 2^17 COTs, 2 MiB of u matrix. */
export const DEFAULT_CHUNK_COTS = 1 << 17;

interface SendOp {
  readonly peer: number;
  readonly step: number;
  readonly spec: OleSpec;
  /** x: Words for ring and gf (n elements), 0/1 bytes for xor; read when the step runs. */
  readonly x: () => Words | Uint8Array;
  readonly done: (share: Words | Uint8Array) => void;
}

interface RecvOp {
  readonly peer: number;
  readonly step: number;
  readonly spec: OleSpec;
  /** y as 0/1 bytes, one per COT in the spec's order. */
  readonly y: Uint8Array;
  readonly done: (share: Words | Uint8Array) => void;
}

/** A piece of one request: registers its OLEs when made, gives its value once all steps ran. */
interface Job {
  readonly steps: number;
  finish(): CorrelationValue;
}

/** COTs per element of a request on the busiest channel, to cut requests into chunks. */
function cotsPerElement(req: CorrelationRequest, k: number): number {
  switch (req.kind) {
    case 'triple':
    case 'square':
    case 'privPair':
      return k;
    case 'andTriple':
      return req.param;
    case 'truncPair':
      return req.param + 1;
    case 'randBits':
    case 'privBitPair':
      return 1;
    case 'privPairGf':
      return GF_BITS;
  }
}

/**
 * The channel of a square pair's product a_i·a_j: i → j (i < j) for even request numbers, j → i
 * for odd ones, so that both parties of a pair send about as much (a square has one OLE per pair).
 */
function squareDown(reqIndex: number): boolean {
  return reqIndex % 2 === 1;
}

/**
 * The elements of a MulPriv piece on the channel 0 → 1 (party 0 sends with its mask as x); the
 * rest go 1 → 0. Why: with every MulPriv on 0 → 1, party 0 sent 2.1× what party 1 sent in exp prime
 * (its corrections, k(k+1)/2 bits per element, against the receiver's ⌈128/k⌉ bits per COT), and
 * computed more too, while the other direction of the link and party 1 waited; halved, both send
 * about as much. Each half is the same Gilboa OLE with the roles swapped: masks stay uniform (the
 * sender's from its PRG, the receiver's from its random choice bits), so nothing else changes.
 */
export function privHalf(n: number): number {
  return Math.ceil(n / 2);
}

/** One piece of a request: n of its elements. */
interface Piece {
  readonly req: number;
  readonly n: number;
}

/** The requests cut into pieces, and the pieces into chunks of at most chunkCots COTs per channel. */
export function chunksOf(requests: readonly CorrelationRequest[], k: number, chunkCots: number): Piece[][] {
  const chunks: Piece[][] = [];
  let chunk: Piece[] = [];
  let load = 0;
  for (let i = 0; i < requests.length; i++) {
    const r = requests[i]!;
    const per = Math.max(1, cotsPerElement(r, k));
    let left = r.n;
    if (left === 0) chunk.push({ req: i, n: 0 });
    while (left > 0) {
      if (load + per > chunkCots && chunk.length > 0) {
        chunks.push(chunk);
        chunk = [];
        load = 0;
      }
      const take = Math.min(left, Math.max(1, Math.floor((chunkCots - load) / per)));
      chunk.push({ req: i, n: take });
      load += take * per;
      left -= take;
    }
  }
  if (chunk.length > 0) chunks.push(chunk);
  return chunks;
}

/** Every OLE of one piece on every channel from → to, as the jobs below make them. */
function olesOf(req: CorrelationRequest, reqIndex: number, n: number, parties: number, k: number): { from: number; to: number; step: number; spec: OleSpec }[] {
  const out: { from: number; to: number; step: number; spec: OleSpec }[] = [];
  const all = (spec: OleSpec) => {
    for (let i = 0; i < parties; i++) for (let j = 0; j < parties; j++) if (i !== j) out.push({ from: i, to: j, step: 1, spec });
  };
  const fold = (count: number, sh: number) => {
    for (let j = 1; j < parties; j++) for (let i = 0; i < j; i++) out.push({ from: i, to: j, step: j, spec: { kind: 'ring', n: count, B: 1, shift: sh + 1 } });
  };
  switch (req.kind) {
    case 'triple':
      all({ kind: 'ring', n, B: k, shift: 0 });
      break;
    case 'square':
      for (let i = 0; i < parties; i++) {
        for (let j = i + 1; j < parties; j++) {
          const [from, to] = squareDown(reqIndex) ? [j, i] : [i, j];
          out.push({ from, to, step: 1, spec: { kind: 'ring', n, B: k - 1, shift: 1 } });
        }
      }
      break;
    case 'andTriple':
      all({ kind: 'xor', count: n * req.param });
      break;
    case 'randBits':
      fold(n, 0);
      break;
    case 'truncPair':
      for (let i = 0; i < req.param; i++) fold(n, i);
      fold(n, 0);
      break;
    case 'privPair':
      out.push({ from: 0, to: 1, step: 1, spec: { kind: 'ring', n: privHalf(n), B: k, shift: 0 } });
      out.push({ from: 1, to: 0, step: 1, spec: { kind: 'ring', n: n - privHalf(n), B: k, shift: 0 } });
      break;
    case 'privBitPair':
      out.push({ from: 0, to: 1, step: 1, spec: { kind: 'ring', n, B: 1, shift: 0 } });
      break;
    case 'privPairGf':
      out.push({ from: 0, to: 1, step: 1, spec: { kind: 'gf', n: privHalf(n) } });
      out.push({ from: 1, to: 0, step: 1, spec: { kind: 'gf', n: n - privHalf(n) } });
      break;
  }
  return out;
}

/** What the offline phase of `requests` sends, known in advance (setup rounds not included). */
export interface OfflinePlan {
  readonly rounds: number;
  /** Payload bytes each party sends (index = party). */
  readonly sent: readonly number[];
}

/**
 * The rounds and bytes of making `requests` (OtDealer.generate), exactly, without making them:
 * per chunk, the receivers' extension messages (IKNP 16 B per COT; SoftSpokenOT 128/k bits per
 * COT and, on the first extension of a channel in the run, its 4 KiB of GGM level sums), then the
 * senders' corrections. extension: 'iknp' or 'softspoken4'..'softspoken8'. Rounds: with the
 * scheduler's batching (the default), each chunk's extension shares the round of the previous
 * chunk's first corrections, so C chunks of S correction steps take 1 + Σ S rounds; without it,
 * every exchange is a round: Σ (1 + S).
 *
 * @keep the offline phase's cost model: otSession.test.ts holds the phase to it, byte for byte.
 */
export function planOffline(
  requests: readonly CorrelationRequest[],
  parties: number,
  k: number,
  extension: OtExtension,
  { chunkCots = DEFAULT_CHUNK_COTS, batching = true }: { readonly chunkCots?: number; readonly batching?: boolean } = {},
): OfflinePlan {
  const sent = new Array<number>(parties).fill(0);
  const extended = new Set<string>();
  let rounds = 0;
  const perCot = bitsPerCot(extension);
  for (const chunk of chunksOf(requests, k, chunkCots)) {
    const cots = new Map<string, number>();
    let steps = 1;
    for (const piece of chunk) {
      const req = requests[piece.req]!;
      if ((req.kind === 'randBits' || req.kind === 'truncPair') && parties > 2) steps = parties - 1;
      for (const o of olesOf(req, piece.req, piece.n, parties, k)) {
        const key = `${o.from}>${o.to}`;
        cots.set(key, (cots.get(key) ?? 0) + cotsOf(o.spec));
        sent[o.from]! += correctionBytes(o.spec, k);
      }
    }
    for (const [key, c] of cots) {
      const padded = Math.ceil(c / 128) * 128;
      if (padded === 0) continue;
      const to = Number(key.split('>')[1]);
      sent[to]! += (padded * perCot) / 8;
      if (perCot < 128 && !extended.has(key)) sent[to]! += 2 * 128 * 16;
      extended.add(key);
    }
    rounds += (batching && rounds > 0 ? 0 : 1) + steps;
  }
  return { rounds, sent };
}

export class OtDealer {
  /** The extension work so far (measured with the host clock around each extend call). */
  readonly extension: CotExtensionWork = { receiverCots: 0, receiverMs: 0, senderCots: 0, senderMs: 0 };
  private sendOps: SendOp[] = [];
  private recvOps: RecvOp[] = [];

  constructor(
    private readonly self: number,
    private readonly parties: number,
    private readonly ring: Ring,
    /** This party's own coins: never leave it. */
    private readonly rand: Prg,
    /** Index = peer; null at this party's own index. */
    private readonly cots: readonly (PeerCot | null)[],
    private readonly chunkCots = DEFAULT_CHUNK_COTS,
  ) {}

  /** Make every requested correlation, in order, through `sched` (phase 'offline'). */
  async generate(sched: Scheduler, graph: OpGraph, requests: readonly CorrelationRequest[]): Promise<CorrelationValue[]> {
    for (const r of requests) {
      if ((r.kind === 'privPair' || r.kind === 'privBitPair' || r.kind === 'privPairGf') && this.parties !== 2) {
        throw new MpcError('ERR_PARTY_COUNT', `${r.kind} is a 2-party correlation; this session has ${this.parties} parties`);
      }
      if (!(Number.isInteger(r.n) && r.n >= 0)) throw new MpcError('ERR_SHAPE', `${r.kind}: size ${r.n} is not a count`);
      if (r.kind === 'andTriple' && !(Number.isInteger(r.param) && r.param >= 1 && r.param <= this.ring.k)) {
        throw new MpcError('ERR_RANGE', `andTriple: width ${r.param} outside 1..${this.ring.k}`);
      }
    }
    const parts: CorrelationValue[][] = requests.map(() => []);
    const chunks = chunksOf(requests, this.ring.k, this.chunkCots);
    // the pipeline: chunk c + 1's extension goes in the round of chunk c's first corrections
    const start = (c: number) => this.extendChunk(sched, graph, chunks[c]!.map((piece) => this.job(requests[piece.req]!, piece.req, piece.n)));
    let next = chunks.length > 0 ? start(0) : null;
    for (let c = 0; c < chunks.length; c++) {
      const values = await this.correctChunk(sched, graph, next!, () => {
        next = c + 1 < chunks.length ? start(c + 1) : null;
      });
      chunks[c]!.forEach((piece, i) => parts[piece.req]!.push(values[i]!));
    }
    return requests.map((r, i) => merge(r, parts[i]!));
  }

  // ---- the correlations -------------------------------------------------------------------

  private job(req: CorrelationRequest, reqIndex: number, n: number): Job {
    switch (req.kind) {
      case 'triple':
        return this.tripleJob(n);
      case 'square':
        return this.squareJob(n, squareDown(reqIndex));
      case 'andTriple':
        return this.andJob(n, req.param);
      case 'randBits': {
        const bits = this.foldJob(n, 0);
        return { steps: bits.steps, finish: () => bits.share };
      }
      case 'truncPair':
        return this.truncJob(n, req.param);
      case 'privPair':
        return this.privJob(n);
      case 'privBitPair':
        return this.privBitJob(n);
      case 'privPairGf':
        return this.privGfJob(n);
    }
  }

  private peers(): number[] {
    return [...Array(this.parties).keys()].filter((q) => q !== this.self);
  }

  private randomWords(n: number): Words {
    return this.rand.words(n * this.ring.wpe);
  }

  private randomBits(count: number): Uint8Array {
    const b = new Uint8Array(count);
    this.rand.fill(b);
    for (let i = 0; i < count; i++) b[i]! &= 1;
    return b;
  }

  private tripleJob(n: number): Job {
    const { ring } = this;
    const a = this.randomWords(n), b = this.randomWords(n);
    const c = ring.mul(a, b);
    const spec: OleSpec = { kind: 'ring', n, B: ring.k, shift: 0 };
    const yb = bitsOfWords(b, n, ring.wpe, ring.k);
    const add = (s: Words | Uint8Array) => ring.add_(c, s as Words);
    for (const q of this.peers()) {
      this.sendOps.push({ peer: q, step: 1, spec, x: () => a, done: add });
      this.recvOps.push({ peer: q, step: 1, spec, y: yb, done: add });
    }
    return { steps: 1, finish: (): Triple => ({ a, b, c }) };
  }

  private squareJob(n: number, down: boolean): Job {
    const { ring } = this;
    const a = this.randomWords(n);
    const b = ring.mul(a, a);
    // 2·a_i·a_j for i < j on the channel i → j (or j → i: squareDown): the OLE's scale 2^1 makes
    // the factor 2, and the top bit of the receiver's a, weighted 2^k, drops out
    const spec: OleSpec = { kind: 'ring', n, B: ring.k - 1, shift: 1 };
    const add = (s: Words | Uint8Array) => ring.add_(b, s as Words);
    for (const q of this.peers()) {
      if (q > this.self !== down) this.sendOps.push({ peer: q, step: 1, spec, x: () => a, done: add });
      else this.recvOps.push({ peer: q, step: 1, spec, y: bitsOfWords(a, n, ring.wpe, ring.k - 1), done: add });
    }
    return { steps: 1, finish: (): SquarePair => ({ a, b }) };
  }

  private andJob(n: number, nbits: number): Job {
    const { ring } = this;
    const mask = nbits >= ring.k ? ring.mask : (1n << BigInt(nbits)) - 1n;
    const a = ring.andScalar(this.randomWords(n), mask);
    const b = ring.andScalar(this.randomWords(n), mask);
    const c = ring.and(a, b);
    const spec: OleSpec = { kind: 'xor', count: n * nbits };
    const xa = bitsOfWords(a, n, ring.wpe, nbits);
    const yb = bitsOfWords(b, n, ring.wpe, nbits);
    const cross = new Uint8Array(n * nbits);
    const add = (s: Words | Uint8Array) => xorInto(cross, s as Uint8Array);
    for (const q of this.peers()) {
      this.sendOps.push({ peer: q, step: 1, spec, x: () => xa, done: add });
      this.recvOps.push({ peer: q, step: 1, spec, y: yb, done: add });
    }
    return {
      steps: 1,
      finish: (): Triple => {
        ring.xor_(c, wordsOfBits(cross, n, ring.wpe, nbits));
        return { a, b, c };
      },
    };
  }

  /**
   * Shares of 2^sh·β for `count` random bits β = ⊕_j β_j. Party 0 starts with S = 2^sh·β_0;
   * in step j, S ← S + 2^sh·β_j − 2·S·β_j, where 2·S·β_j = Σ_{i<j} 2·S_i·β_j are bit × word OLEs
   * on the channels i → j (S_i is a multiple of 2^sh, so x = S_i ≫ sh with the OLE's scale
   * 2^(sh+1): only k − sh − 1 bits of correction per bit).
   */
  private foldJob(count: number, sh: number): { steps: number; readonly share: Words } {
    const { ring } = this;
    const beta = this.randomBits(count);
    const betaW = ring.shl(wordsOfBits(beta, count, ring.wpe, 1), sh);
    const state = { share: this.self === 0 ? betaW : ring.alloc(count) };
    const spec: OleSpec = { kind: 'ring', n: count, B: 1, shift: sh + 1 };
    const sub = (s: Words | Uint8Array) => ring.sub_(state.share, s as Words);
    for (let j = 1; j < this.parties; j++) {
      if (this.self < j) {
        this.sendOps.push({ peer: j, step: j, spec, x: () => ring.lshr(state.share, sh), done: sub });
      } else if (this.self === j) {
        ring.add_(state.share, betaW); // this party holds no share of S before step j
        for (let i = 0; i < j; i++) this.recvOps.push({ peer: i, step: j, spec, y: beta, done: sub });
      }
    }
    return {
      steps: this.parties - 1,
      get share() {
        return state.share;
      },
    };
  }

  private truncJob(n: number, m: number): Job {
    const { ring } = this;
    const k = ring.k;
    if (!(Number.isInteger(m) && m >= 1 && m <= k - 2)) throw new MpcError('ERR_RANGE', `truncPair: shift ${m} outside 1..${k - 2}`);
    const low = Array.from({ length: m }, (_, i) => this.foldJob(n, i));
    const top = this.foldJob(n, 0);
    const hBits = k - 1 - m - Math.ceil(Math.log2(this.parties));
    const h = hBits <= 0 ? ring.alloc(n) : ring.andScalar(this.randomWords(n), (1n << BigInt(hBits)) - 1n);
    return {
      steps: top.steps,
      finish: (): TruncPair => {
        const r = ring.shl(top.share, k - 1);
        ring.add_(r, ring.shl(h, m));
        for (const l of low) ring.add_(r, l.share);
        return { r, rc: h, rb: top.share };
      },
    };
  }

  private privJob(n: number): Job {
    const { ring } = this;
    const mask = this.randomWords(n);
    const c = ring.alloc(n);
    const h = privHalf(n);
    // elements [0, h) on 0 → 1, [h, n) on 1 → 0; each half's share lands in its place in c
    for (const [from, to, sendsHere] of [[0, h, this.self === 0], [h, n, this.self === 1]] as const) {
      if (to === from) continue;
      const part = ring.slice(mask, from, to);
      const spec: OleSpec = { kind: 'ring', n: to - from, B: ring.k, shift: 0 };
      const done = (s: Words | Uint8Array) => c.set(s as Words, from * ring.wpe);
      if (sendsHere) this.sendOps.push({ peer: 1 - this.self, step: 1, spec, x: () => part, done });
      else this.recvOps.push({ peer: 1 - this.self, step: 1, spec, y: bitsOfWords(part, to - from, ring.wpe, ring.k), done });
    }
    return { steps: 1, finish: (): PrivPair => ({ mask, c }) };
  }

  private privBitJob(n: number): Job {
    const { ring } = this;
    const bits = this.randomBits(n);
    const mask = wordsOfBits(bits, n, ring.wpe, 1);
    const c = ring.alloc(n);
    const spec: OleSpec = { kind: 'ring', n, B: 1, shift: 0 };
    const add = (s: Words | Uint8Array) => ring.add_(c, s as Words);
    if (this.self === 0) this.sendOps.push({ peer: 1, step: 1, spec, x: () => mask, done: add });
    else this.recvOps.push({ peer: 0, step: 1, spec, y: bits, done: add });
    return { steps: 1, finish: (): PrivPair => ({ mask, c }) };
  }

  private privGfJob(n: number): Job {
    const mask = new BigUint64Array(2 * n);
    const c = new BigUint64Array(2 * n);
    const h = privHalf(n);
    // as privJob: elements [0, h) on 0 → 1, [h, n) on 1 → 0
    for (const [from, to, sendsHere] of [[0, h, this.self === 0], [h, n, this.self === 1]] as const) {
      const m = to - from;
      if (m === 0) continue;
      const spec: OleSpec = { kind: 'gf', n: m };
      const done = (s: Words | Uint8Array) => c.set(s as Words, 2 * from);
      if (sendsHere) {
        const part = gfReduceFromRing(this.rand.words(2 * m));
        mask.set(part, 2 * from);
        this.sendOps.push({ peer: 1 - this.self, step: 1, spec, x: () => part, done });
      } else {
        const bits = this.randomBits(m * GF_BITS);
        mask.set(gfReduceFromRing(wordsOfBits(bits, m, 2, GF_BITS)), 2 * from);
        this.recvOps.push({ peer: 1 - this.self, step: 1, spec, y: bits, done });
      }
    }
    return { steps: 1, finish: (): PrivPair => ({ mask, c }) };
  }

  // ---- one chunk: extension round, correction round(s) ------------------------------------

  /**
   * Take the ops the chunk's jobs registered, choose with their y bits as COT receiver and issue the
   * extension exchange (u to every peer). Not awaited here: the caller issues it beside the previous
   * chunk's first corrections (correctChunk's `beside`), so that both share a round.
   */
  private extendChunk(sched: Scheduler, graph: OpGraph, jobs: Job[]): ChunkInFlight {
    const sendOps = this.sendOps;
    const recvOps = this.recvOps;
    this.sendOps = [];
    this.recvOps = [];
    const P = this.parties;
    const sendCots = zeros(P), recvCots = zeros(P);
    for (const op of sendOps) sendCots[op.peer]! += cotsOf(op.spec);
    for (const op of recvOps) recvCots[op.peer]! += cotsOf(op.spec);
    const extOut = none(P), extExpect = zeros(P);
    const recvExt: ({ t: Uint8Array; firstIndex: bigint } | null)[] = new Array<null>(P).fill(null);
    for (const q of this.peers()) {
      const nr = pad128(recvCots[q]!);
      if (nr > 0) {
        const y = new Uint8Array(recvCots[q]!);
        let o = 0;
        for (const op of recvOps) {
          if (op.peer !== q) continue;
          y.set(op.y, o);
          o += op.y.length;
        }
        const choices = packBits(y, nr);
        const t0 = hostClock.now();
        const r = this.cots[q]!.receiver.extend(nr, choices);
        this.extension.receiverMs += hostClock.now() - t0;
        this.extension.receiverCots += nr;
        extOut[q] = r.msg;
        recvExt[q] = r;
      }
      const ns = pad128(sendCots[q]!);
      extExpect[q] = ns > 0 ? this.cots[q]!.sender.messageBytes(ns) : 0;
    }
    const extNode = graph.add('ot_extend', 'offline', totalOf(sendCots) + totalOf(recvCots), []);
    const u = sched.exchange({ node: extNode, out: extOut, expect: extExpect, phase: 'offline' });
    // awaited later (correctChunk); a failure before then is the round's, and reported there
    u.catch(() => undefined);
    return { jobs, sendOps, recvOps, sendCots, recvExt, extNode: extNode.id, u };
  }

  /**
   * The chunk's corrections, step by step, once its extension arrived: as COT sender, extend with the
   * peers' u and send each OLE's corrections; as receiver, take the peers' corrections. `beside` runs
   * right after the first corrections are issued (in the same task, so the scheduler puts what it
   * issues in the same round).
   */
  private async correctChunk(sched: Scheduler, graph: OpGraph, chunk: ChunkInFlight, beside: () => void): Promise<CorrelationValue[]> {
    const { jobs, sendOps, recvOps, sendCots, recvExt } = chunk;
    const steps = Math.max(1, ...jobs.map((j) => j.steps));
    const P = this.parties;
    const u = await chunk.u;
    const sendExt: ({ q: Uint8Array; firstIndex: bigint } | null)[] = new Array<null>(P).fill(null);
    for (const q of this.peers()) {
      const ns = pad128(sendCots[q]!);
      if (ns > 0) {
        const t0 = hostClock.now();
        sendExt[q] = this.cots[q]!.sender.extend(ns, u[q]!);
        this.extension.senderMs += hostClock.now() - t0;
        this.extension.senderCots += ns;
      }
    }

    // COT offsets of every op within its channel
    const sendAt = offsets(sendOps), recvAt = offsets(recvOps);

    let prev = chunk.extNode;
    for (let s = 1; s <= steps; s++) {
      const out = none(P), expect = zeros(P);
      const writers: Uint8Array[][] = Array.from({ length: P }, () => []);
      sendOps.forEach((op, i) => {
        if (op.step !== s) return;
        const ext = sendExt[op.peer]!;
        const at = sendAt[i]!;
        const delta = this.cots[op.peer]!.sender.delta;
        const { bytes, share } = oleSend(this.ring, op.spec, op.x(), ext.q, ext.firstIndex + BigInt(at), at, delta);
        writers[op.peer]!.push(bytes);
        op.done(share);
      });
      for (const op of recvOps) if (op.step === s) expect[op.peer]! += correctionBytes(op.spec, this.ring.k);
      for (const q of this.peers()) if (writers[q]!.length) out[q] = concatBytes(writers[q]!);
      const node = graph.add('ot_correct', 'offline', 0, [prev]);
      prev = node.id;
      const corrections = sched.exchange({ node, out, expect, phase: 'offline' });
      // should `beside` throw, the session is aborted and this exchange fails unawaited: not unhandled
      corrections.catch(() => undefined);
      if (s === 1) beside();
      const got = await corrections;
      const read = zeros(P);
      recvOps.forEach((op, i) => {
        if (op.step !== s) return;
        const len = correctionBytes(op.spec, this.ring.k);
        const msg = got[op.peer]!.subarray(read[op.peer]!, read[op.peer]! + len);
        read[op.peer]! += len;
        const ext = recvExt[op.peer]!;
        const at = recvAt[i]!;
        op.done(oleReceive(this.ring, op.spec, op.y, msg, ext.t, ext.firstIndex + BigInt(at), at));
      });
    }
    const res = jobs.map((j) => j.finish());
    return res;
  }
}

/** A chunk whose extension is on its way: its jobs, their OLEs, and the receiver's COTs. */
interface ChunkInFlight {
  readonly jobs: Job[];
  readonly sendOps: SendOp[];
  readonly recvOps: RecvOp[];
  readonly sendCots: number[];
  readonly recvExt: ({ t: Uint8Array; firstIndex: bigint } | null)[];
  readonly extNode: number;
  readonly u: Promise<Uint8Array[]>;
}

function none(parties: number): (Uint8Array | null)[] {
  return new Array<Uint8Array | null>(parties).fill(null);
}

function zeros(parties: number): number[] {
  return new Array<number>(parties).fill(0);
}

function offsets(ops: readonly { peer: number; spec: OleSpec }[]): number[] {
  const at = new Map<number, number>();
  return ops.map((op) => {
    const o = at.get(op.peer) ?? 0;
    at.set(op.peer, o + cotsOf(op.spec));
    return o;
  });
}

function pad128(n: number): number {
  return Math.ceil(n / 128) * 128;
}

function totalOf(xs: readonly number[]): number {
  let s = 0;
  for (const x of xs) s += x;
  return s;
}

function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  let len = 0;
  for (const p of parts) len += p.length;
  const out = new Uint8Array(len);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** One request's value from the values of its pieces, in order. */
function merge(req: CorrelationRequest, parts: readonly CorrelationValue[]): CorrelationValue {
  if (parts.length === 1) return parts[0]!;
  const field = <T>(f: (v: T) => Words) => concatWords(parts.map((p) => f(p as T)));
  switch (req.kind) {
    case 'triple':
    case 'andTriple':
      return { a: field<Triple>((v) => v.a), b: field<Triple>((v) => v.b), c: field<Triple>((v) => v.c) };
    case 'square':
      return { a: field<SquarePair>((v) => v.a), b: field<SquarePair>((v) => v.b) };
    case 'truncPair':
      return { r: field<TruncPair>((v) => v.r), rc: field<TruncPair>((v) => v.rc), rb: field<TruncPair>((v) => v.rb) };
    case 'randBits':
      return field<Words>((v) => v);
    case 'privPair':
    case 'privBitPair':
    case 'privPairGf':
      return { mask: field<PrivPair>((v) => v.mask), c: field<PrivPair>((v) => v.c) };
  }
}
