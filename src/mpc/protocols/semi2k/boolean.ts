/**
 * Boolean (XOR) shares with a bit width: local XOR, AND with public values and shifts, and the
 * Beaver AND of two shared values. Opened values travel packed into the smallest of
 * 1/2/4/8/16 bytes that holds the width (SPU's backtype), which is why a comparison's cost is not
 * a multiple of 16 bytes.
 */
import { backtypeBytes, type Words } from '../../ring';
import { checkSameSize } from '../../ring/packing';
import type { OpNode } from '../../sched/graph';
import type { Party } from './party';
import { andCombineInto, releaseLanes, uninitLanes, xorLanesInto, xorLanesTo } from './lanes';
import { bShare, mergeDeps, type BShare } from './shares';
import { TfpDealer, type LaneTriple } from './tfpDealer';

/** Mask with the low nbits bits set. */
export function widthMask(p: Party, nbits: number): bigint {
  return nbits >= p.ring.k ? p.ring.mask : (1n << BigInt(nbits)) - 1n;
}

/**
 * Gather every party's nbits-wide `data` (n elements) and return the XOR. The packed bytes are
 * both the message and, once the round is over, where the peers' bytes are XORed in: `data`
 * itself is not held during the round.
 */
export function openXor(p: Party, node: OpNode, data: Words, n: number, nbits: number): Promise<Words> {
  const bt = backtypeBytes(nbits);
  const x = p.ring.pack(data, bt);
  // xorOpened writes the peers' bytes into x, the message: the scheduler sends a copy
  return xorOpened(p, p.allGather(node, x, true), x).then((opened) => p.ring.unpack(opened, bt, n));
}

/**
 * mine ⊕ every peer's bytes, in `mine` (the message, free once the round is over). The work
 * before a round is done in plain functions and only what is needed after it is passed to an
 * async function like this one: an async function keeps its arguments until it returns.
 */
async function xorOpened(p: Party, gathered: Promise<Uint8Array[]>, mine: Uint8Array): Promise<Uint8Array> {
  const got = await gathered;
  for (let j = 0; j < p.parties; j++) if (j !== p.self) xorLanesInto(mine, got[j]!);
  return mine;
}

/**
 * Beaver AND of XOR-shared words, attributed to `node` (SPU AndBB): andLanes on the words packed
 * to backtype(nbits) bytes each.
 */
export async function andWords(p: Party, node: OpNode, x: Words, y: Words, n: number, nbits: number): Promise<Words> {
  checkSameSize(x, y, 'and_bb');
  const bt = backtypeBytes(nbits);
  const z = await andLanes(p, node, p.ring.pack(x, bt), p.ring.pack(y, bt), n, nbits);
  const out = p.ring.unpack(z, bt, n);
  releaseLanes(z);
  return out;
}

/**
 * Beaver AND of XOR-shared values in lanes (lanes.ts), attributed to `node` (SPU AndBB).
 *  1. take a boolean triple (a, b, c = a ∧ b) of width nbits, in lanes
 *  2. open e = x ⊕ a and d = y ⊕ b in one message, each backtype(nbits) bytes per element: the
 *     lanes are the payload as they are, and what the peers send is XORed straight into them
 *  3. z = c ⊕ (e ∧ b) ⊕ (d ∧ a), and party 0 adds e ∧ d (one fused pass, into c)
 * x and y are read before this returns, so the caller may release them then; the message and the
 * triple's a and b go back to the lane pool once z is made.
 */
export function andLanes(p: Party, node: OpNode, x: Uint8Array, y: Uint8Array, n: number, nbits: number): Promise<Uint8Array> {
  const len = n * backtypeBytes(nbits);
  const t = laneTriple(p, n, nbits);
  const ed = uninitLanes(2 * len);
  xorLanesTo(ed.subarray(0, len), x, t.a);
  xorLanesTo(ed.subarray(len), y, t.b);
  return andOpened(p, node, t, ed);
}

/**
 * Steps 2 and 3 of andLanes, for a message ed = [x ⊕ a | y ⊕ b] the caller made from triple t
 * (the carry tree makes both of a level's in one pass). ed and t's a and b go back to the lane
 * pool; the result is t's c.
 */
export function andOpened(p: Party, node: OpNode, t: LaneTriple, ed: Uint8Array): Promise<Uint8Array> {
  const len = ed.length / 2;
  // xorOpened writes the peers' bytes into ed, the message: the scheduler sends a copy
  return xorOpened(p, p.allGather(node, ed, true), ed).then((opened) => {
    andCombineInto(t.c, opened.subarray(0, len), opened.subarray(len), t.a, t.b, p.self === 0);
    releaseLanes(opened, t.a, t.b);
    return t.c;
  });
}

/**
 * A boolean triple in lanes: the TFP dealer makes it so; a triple from elsewhere (the offline
 * phase's pool, a recording wrapper) comes as ring words and is packed.
 */
export function laneTriple(p: Party, n: number, nbits: number): LaneTriple {
  if (p.dealer instanceof TfpDealer) return p.dealer.andTripleLanes(n, nbits);
  const t = p.dealer.andTriple(n, nbits);
  const bt = backtypeBytes(nbits);
  return { a: p.ring.pack(t.a, bt), b: p.ring.pack(t.b, bt), c: p.ring.pack(t.c, bt) };
}

/** z = x ∧ y for boolean shares (SPU AndBB). */
export async function andBB(p: Party, x: BShare, y: BShare): Promise<BShare> {
  const nbits = Math.max(x.nbits, y.nbits);
  const node = p.node('and_bb', x.n, mergeDeps(x, y));
  return bShare(x.n, nbits, await andWords(p, node, x.data, y.data, x.n, nbits), [node.id]);
}

/** Bit j of a boolean share, as a 1-bit boolean share (local). */
export function bitB(p: Party, x: BShare, j: number): BShare {
  return bShare(x.n, 1, p.ring.bit(x.data, j), x.deps);
}

/** Logical right shift by m (local); the width shrinks by m. */
export function rshiftB(p: Party, x: BShare, m: number): BShare {
  return bShare(x.n, Math.max(1, x.nbits - m), p.ring.lshr(x.data, m), x.deps);
}

/** Left shift by m within the ring (local); the width grows by m, up to k. */
export function lshiftB(p: Party, x: BShare, m: number): BShare {
  return bShare(x.n, Math.min(p.ring.k, x.nbits + m), p.ring.shl(x.data, m), x.deps);
}
