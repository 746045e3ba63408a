/**
 * Session setup without a trusted party (trust 'ot'): two offline rounds.
 *  1. to every peer: a fresh ristretto255 key-agreement point X (32 B), the base-OT sender's
 *     A for the COT channel peer → self (32 B), the tag of the base OTs this party keeps for
 *     the pair (16 B, zero if none) and its next run number for the pair (4 B)
 *  2. for every pair whose tags differ (or are zero): the 128 base-OT receiver points B_i for
 *     the channel self → peer (4 KiB), with this party's Δ as choice bits
 * Afterwards every pair has base OTs in both directions (kept in the OtStore for later runs,
 * with a new run number each run: iknp.ts), and the PRSS seeds come from pairwise Diffie–Hellman:
 * no party's seed or coin ever leaves it (design.md §3.4, preprocessing.md §5).
 */
import { blake3 } from '@noble/hashes/blake3.js';
import { SEED_BYTES, Prg } from '../prg/prg';
import type { OpGraph } from '../sched/graph';
import type { Scheduler } from '../sched/scheduler';
import { ascii, BASE_OTS, baseOtReceive, baseOtSenderFinish, baseOtSenderStart, publicPoint, dhSecret, POINT_BYTES, randomScalar } from './ot/base';
import { MAX_RUNS } from './ot/ext';
import { IknpReceiver, IknpSender } from './ot/iknp';
import type { PeerCot } from './corr/otDealer';
import { SoftSpokenReceiver, SoftSpokenSender } from './ot/softSpoken';

/**
 * The OT extension: 'iknp' (16 B per COT on the wire), or SoftSpokenOT with k = 4 to 8
 * (⌈128/k⌉ bits per COT: 32, 26, 22, 19 or 16, for about 2^k/k PRG rows per base OT instead of
 * IKNP's 1 or 2). Both parties of a session must use the same.
 */
export type OtExtension = 'iknp' | 'softspoken4' | 'softspoken5' | 'softspoken6' | 'softspoken7' | 'softspoken8';

export const OT_EXTENSION_NAMES: readonly OtExtension[] = ['iknp', 'softspoken4', 'softspoken5', 'softspoken6', 'softspoken7', 'softspoken8'];

/** SoftSpokenOT's k of an extension, or null for IKNP. */
export function softSpokenK(extension: OtExtension): number | null {
  return extension === 'iknp' ? null : Number(extension.slice('softspoken'.length));
}

/** Bits on the wire per COT, receiver to sender: 128 for IKNP, one per group for SoftSpokenOT. */
export function bitsPerCot(extension: OtExtension): number {
  const k = softSpokenK(extension);
  return k === null ? 128 : Math.ceil(128 / k);
}

const TAG_BYTES = 16;
const HELLO_BYTES = 2 * POINT_BYTES + TAG_BYTES + 4;
/** PRG streams of the party's own seed in 'ot' mode. */
const VALUES_STREAM = 3;
const SETUP_STREAM = 4;

/** Payload bytes one party sends in the setup: the hello to every peer, the base OTs to the `freshPeers` without kept ones. */
export function setupBytesSent(parties: number, freshPeers: number): number {
  return (parties - 1) * HELLO_BYTES + freshPeers * BASE_OTS * POINT_BYTES;
}

/** The base OTs of one pair, both directions, as one party keeps them. */
export interface PairBaseOts {
  /** Hash of the base-OT transcript: both parties of the pair compute the same. */
  readonly tag: Uint8Array;
  /**
   * This party as COT sender (channel self → peer): its base-OT choice bits (IKNP's Δ; SoftSpokenOT's
   * Δ is their complement) and the keys k_i^(Δ_i).
   */
  readonly delta: Uint8Array;
  readonly keys: Uint8Array;
  /** This party as COT receiver (channel peer → self): both keys of every base OT. */
  readonly keys0: Uint8Array;
  readonly keys1: Uint8Array;
  /** The next unused run number of the pair. */
  nextRun: number;
}

/**
 * Base OTs kept across runs, by peer index: the worker keeps one for its lifetime and passes it
 * to every run. A pair redoes its base OTs when either side has none (a peer rejoined) or the
 * tags differ. Never share one store between two parties.
 */
export class OtStore {
  private readonly pairs = new Map<number, PairBaseOts>();

  get(peer: number): PairBaseOts | undefined {
    return this.pairs.get(peer);
  }
  set(peer: number, v: PairBaseOts): void {
    this.pairs.set(peer, v);
  }
  /** Drop the base OTs with a peer (it left): the next run redoes them. */
  forget(peer: number): void {
    this.pairs.delete(peer);
  }
  clear(): void {
    this.pairs.clear();
  }
}

export interface OtSession {
  /** COT channels by peer (null at own index). */
  readonly cots: (PeerCot | null)[];
  /** The PRSS seeds: the one shared with the previous party, and the one shared with the next. */
  readonly prssSelf: Uint8Array;
  readonly prssNext: Uint8Array;
  /** This party's own coins for the correlations' values. */
  readonly values: Prg;
  /** Pairs whose base OTs were made in this setup (not taken from the store). */
  readonly freshPairs: number[];
}

export async function otSetup(
  sched: Scheduler,
  graph: OpGraph,
  entropy: (out: Uint8Array) => void,
  store: OtStore,
  extension: OtExtension = 'iknp',
): Promise<OtSession> {
  const { self, parties } = sched;
  const peers = [...Array(parties).keys()].filter((q) => q !== self);
  const ownSeed = new Uint8Array(SEED_BYTES);
  entropy(ownSeed);
  const setupRand = new Prg(ownSeed, SETUP_STREAM);
  const rand = (out: Uint8Array) => setupRand.fill(out);

  // 1. hello: key agreement point, base-OT sender point, kept tag and run number
  const x = randomScalar(rand);
  const X = publicPoint(x);
  const senders = new Map<number, { a: bigint; A: Uint8Array }>();
  const out1 = new Array<Uint8Array | null>(parties).fill(null);
  const expect1 = new Array<number>(parties).fill(0);
  for (const q of peers) {
    const s = baseOtSenderStart(rand);
    senders.set(q, s);
    const kept = store.get(q);
    const m = new Uint8Array(HELLO_BYTES);
    m.set(X, 0);
    m.set(s.A, POINT_BYTES);
    if (kept) {
      m.set(kept.tag, 2 * POINT_BYTES);
      new DataView(m.buffer).setUint32(2 * POINT_BYTES + TAG_BYTES, kept.nextRun, true);
    }
    out1[q] = m;
    expect1[q] = HELLO_BYTES;
  }
  const helloNode = graph.add('setup_ot_hello', 'setup', 1, []);
  const hello = await sched.exchange({ node: helloNode, out: out1, expect: expect1, phase: 'offline' });
  const theirs = (q: number) => {
    const m = hello[q]!;
    return {
      X: m.subarray(0, POINT_BYTES),
      A: m.subarray(POINT_BYTES, 2 * POINT_BYTES),
      tag: m.subarray(2 * POINT_BYTES, 2 * POINT_BYTES + TAG_BYTES),
      nextRun: new DataView(m.buffer, m.byteOffset).getUint32(2 * POINT_BYTES + TAG_BYTES, true),
    };
  };
  const reuse = new Map<number, boolean>();
  for (const q of peers) {
    const kept = store.get(q);
    const t = theirs(q);
    reuse.set(q, !!kept && equalBytes(kept.tag, t.tag) && Math.max(kept.nextRun, t.nextRun) < MAX_RUNS);
  }

  // 2. base OTs where needed: this party as base-OT receiver for the channel self → q
  const out2 = new Array<Uint8Array | null>(parties).fill(null);
  const expect2 = new Array<number>(parties).fill(0);
  const received = new Map<number, { delta: Uint8Array; keys: Uint8Array; msg: Uint8Array }>();
  for (const q of peers) {
    if (reuse.get(q)) continue;
    const delta = new Uint8Array(BASE_OTS / 8);
    rand(delta);
    const { msg, keys } = baseOtReceive(theirs(q).A, delta, rand);
    received.set(q, { delta, keys, msg });
    out2[q] = msg;
    expect2[q] = BASE_OTS * POINT_BYTES;
  }
  const baseNode = graph.add('setup_base_ot', 'setup', 1, [helloNode.id]);
  const base = await sched.exchange({ node: baseNode, out: out2, expect: expect2, phase: 'offline' });

  const cots: (PeerCot | null)[] = new Array<PeerCot | null>(parties).fill(null);
  const freshPairs: number[] = [];
  for (const q of peers) {
    let pair = store.get(q);
    let run: number;
    if (reuse.get(q) && pair) {
      run = Math.max(pair.nextRun, theirs(q).nextRun);
    } else {
      const s = senders.get(q)!;
      const r = received.get(q)!;
      const { keys0, keys1 } = baseOtSenderFinish(s.a, s.A, base[q]!);
      // the same transcript on both sides: the lower party's A and B first
      const [Alo, Ahi, Blo, Bhi] = self < q ? [s.A, theirs(q).A, r.msg, base[q]!] : [theirs(q).A, s.A, base[q]!, r.msg];
      const tag = blake3.create({ dkLen: TAG_BYTES }).update(ascii('TabMPC base OT tag v1')).update(Alo).update(Ahi).update(Blo).update(Bhi).digest();
      pair = { tag, delta: r.delta, keys: r.keys, keys0, keys1, nextRun: 0 };
      store.set(q, pair);
      freshPairs.push(q);
      run = 0;
    }
    pair.nextRun = run + 1;
    const [sDir, rDir] = [self < q ? 0 : 1, q < self ? 0 : 1] as const;
    const k = softSpokenK(extension);
    cots[q] =
      k !== null
        ? { sender: new SoftSpokenSender(k, pair.delta, pair.keys, run, sDir), receiver: new SoftSpokenReceiver(k, pair.keys0, pair.keys1, run, rDir, rand) }
        : { sender: new IknpSender(pair.delta, pair.keys, run, sDir), receiver: new IknpReceiver(pair.keys0, pair.keys1, run, rDir, rand) };
  }

  // PRSS: party i's "own" seed is the one it shares with party i − 1
  const pairSeed = (q: number) => dhSecret(x, X, theirs(q).X, self < q, 'TabMPC PRSS pair key v1', 32);
  const seedOf = (key: Uint8Array, i: number) => {
    const idx = new Uint8Array(4);
    new DataView(idx.buffer).setUint32(0, i, true);
    return blake3.create({ dkLen: SEED_BYTES }).update(key).update(idx).digest();
  };
  const prev = (self + parties - 1) % parties;
  const next = (self + 1) % parties;
  return {
    cots,
    prssSelf: seedOf(pairSeed(prev), self),
    prssNext: seedOf(pairSeed(next), next),
    values: new Prg(ownSeed, VALUES_STREAM),
    freshPairs,
  };
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let d = 0;
  for (let i = 0; i < a.length; i++) d |= a[i]! ^ b[i]!;
  let zero = 0;
  for (let i = 0; i < a.length; i++) zero |= a[i]!;
  return d === 0 && zero !== 0;
}
