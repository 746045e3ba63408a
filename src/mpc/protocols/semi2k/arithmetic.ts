/**
 * Arithmetic shares over Z_2^k: input, open, linear operations, Beaver multiplication, squaring.
 * SEMI2K, N parties, semi-honest; correlated randomness from the trusted first party.
 * Declared costs (rounds, bytes) are in the kernel registry, kernels.ts, which the conformance
 * suite checks against the measured traffic; the comments here say what is sent and why.
 */
import { wordsAsBytes, type Words } from '../../ring';
import { checkSameSize } from '../../ring/packing';
import { threadPool as pool } from '../../ring/pool';
import type { Party } from './party';
import { aShare, mergeDeps, type AShare } from './shares';

// ---------------------------------------------------------------- input and output

/** Share a public value: a PRSS zero sharing, party 0 adds the value. No traffic. */
export function p2a(p: Party, pub: Words): AShare {
  const n = p.ring.size(pub);
  const node = p.node('p2a', n, []);
  const z = p.prss.zeroA(p.ring, n);
  if (p.self === 0) p.ring.add_(z, pub);
  return aShare(n, z, [node.id]);
}

/**
 * Share a private input of party `owner` (SPU v2a): a PRSS zero sharing, the owner adds its
 * value. No traffic. Every party must know n; only the owner passes the value.
 */
export function v2a(p: Party, owner: number, value: Words | null, n: number): AShare {
  const node = p.node('v2a', n, []);
  const z = p.prss.zeroA(p.ring, n);
  if (p.self === owner) {
    if (!value) throw new Error(`v2a: party ${owner} owns the input but passed no value`);
    checkSameSize(z, value, 'v2a');
    p.ring.add_(z, value);
  }
  return aShare(n, z, [node.id]);
}

/** Open (SPU A2P): every party sends its share to every other, then sums (one round). */
export async function a2p(p: Party, x: AShare): Promise<Words> {
  const node = p.node('a2p', x.n, x.deps);
  return openSum(p, node, x.data, x.n);
}

/** Gather every party's `data` (n elements) and return the sum. */
export async function openSum(p: Party, node: import('../../sched/graph').OpNode, data: Words, n: number): Promise<Words> {
  const got = await p.allGather(node, wordsAsBytes(data));
  const sum = pool.fresh(data.length);
  sum.set(data);
  addPeers(p, sum, got, n);
  return sum;
}

/** Like openSum, summing into `data` itself: for a caller whose share is a temporary. */
export async function openSumInPlace(p: Party, node: import('../../sched/graph').OpNode, data: Words, n: number): Promise<void> {
  // the sum goes into `data`, the message: the scheduler sends a copy
  addPeers(p, data, await p.allGather(node, wordsAsBytes(data), true), n);
}

/** sum ← sum + every peer's share, read from the bytes that arrived. */
function addPeers(p: Party, sum: Words, got: readonly Uint8Array[], n: number): void {
  if (sum.length !== n * p.ring.wpe) throw new Error(`openSum: ${sum.length} words for ${n} elements`);
  for (let j = 0; j < p.parties; j++) {
    if (j !== p.self) p.ring.unpackAdd_(sum, got[j]!, p.ring.bytes);
  }
}

// ---------------------------------------------------------------- linear, local

export function addAA(p: Party, x: AShare, y: AShare): AShare {
  return aShare(x.n, p.ring.add(x.data, y.data), mergeDeps(x, y));
}

export function subAA(p: Party, x: AShare, y: AShare): AShare {
  return aShare(x.n, p.ring.sub(x.data, y.data), mergeDeps(x, y));
}

/** x + c for one public ring constant c (party 0 adds). */
export function addAC(p: Party, x: AShare, c: bigint): AShare {
  return aShare(x.n, p.self === 0 ? p.ring.addScalar(x.data, c) : x.data.slice(), x.deps);
}

/** x · c for one public ring constant c. */
export function mulAC(p: Party, x: AShare, c: bigint): AShare {
  return aShare(x.n, p.ring.mulScalar(x.data, c), x.deps);
}

/** x << m (multiplication by 2^m). */
export function lshiftA(p: Party, x: AShare, m: number): AShare {
  return aShare(x.n, p.ring.shl(x.data, m), x.deps);
}

// ---------------------------------------------------------------- multiplication

/**
 * Beaver multiplication z = x·y [Beaver91] (SPU MulAA).
 *  1. take a triple (a, b, c = a·b)
 *  2. open e = x − a and d = y − b, both in one message (one round)
 *  3. z = c + e·b + d·a, and party 0 adds e·d
 */
export async function mulAA(p: Party, x: AShare, y: AShare): Promise<AShare> {
  checkSameSize(x.data, y.data, 'mul_aa');
  const { ring } = p;
  const node = p.node('mul_aa', x.n, mergeDeps(x, y));
  const t = p.dealer.triple(x.n);
  const w = x.n * ring.wpe;
  const ed = pool.take(2 * w);
  const e = ed.subarray(0, w);
  const d = ed.subarray(w);
  ring.subInto(e, x.data, t.a);
  ring.subInto(d, y.data, t.b);
  await openSumInPlace(p, node, ed, 2 * x.n);
  const z = t.c;
  ring.beaverCombine_(z, e, d, t.a, t.b, p.self === 0);
  // the temporaries (e, d) and the triple's a, b go back to the thread's pool (pool.ts), reused by
  // the next multiplication in this session or the next one on this thread
  pool.give(ed);
  pool.release(t.a);
  pool.release(t.b);
  return aShare(x.n, z, [node.id]);
}

/**
 * Squaring z = x² (SPU SquareA).
 *  1. take a pair (a, a²)
 *  2. open e = x − a (one round)
 *  3. z = a² + 2e·a, and party 0 adds e²
 */
export async function squareA(p: Party, x: AShare): Promise<AShare> {
  const { ring } = p;
  const node = p.node('square_a', x.n, x.deps);
  const pair = p.dealer.square(x.n);
  const e = pool.take(x.n * ring.wpe);
  ring.subInto(e, x.data, pair.a);
  await openSumInPlace(p, node, e, x.n);
  const z = pair.b;
  // 2e·a + e² is the Beaver combine with d = e and b = a
  ring.beaverCombine_(z, e, e, pair.a, pair.a, p.self === 0);
  pool.give(e);
  pool.release(pair.a);
  return aShare(x.n, z, [node.id]);
}
