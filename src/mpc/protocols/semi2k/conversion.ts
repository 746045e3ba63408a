/**
 * Conversions between arithmetic and boolean shares: MSB extraction (the comparison kernel), full
 * A2B by Kogge–Stone adders, and B2A from shared random bits.
 */
import { enforce } from '../../errors';
import { backtypeBytes, type Words } from '../../ring';
import type { OpNode } from '../../sched/graph';
import { andLanes, andOpened, andWords, bitB, laneTriple, openXor, widthMask } from './boolean';
import { carryLevelMessages, lowBitsShifted, releaseLanes, uninitLanes, xorLanes, xorLanesInto } from './lanes';
import type { Party } from './party';
import { aShare, bShare, type AShare, type BShare } from './shares';

/**
 * Party j's arithmetic share as a fresh XOR sharing: party j holds share ⊕ z, the others hold
 * their part of a PRSS zero sharing z. No traffic.
 */
export function xorShareOf(p: Party, x: AShare, owner: number): Words {
  const z = p.prss.zeroB(p.ring, x.n, p.ring.k);
  if (p.self === owner) p.ring.xor_(z, x.data);
  return z;
}

/**
 * The carry out of the top of `width`-bit XOR-shared addends a and b (width a power of two),
 * by a carry-lookahead tree: G = a ∧ b (1 round), then log2(width) levels that halve the width:
 * P ← P_odd ∧ P_even and G ← G_odd ⊕ (P_odd ∧ G_even), both ANDs in one message. SPU computes
 * the last level's P too, though nothing uses it; `lastP` keeps that for cost parity.
 */
async function carryTree(p: Party, node: OpNode, a: Words, b: Words, n: number, width: number, lastP: boolean): Promise<Words> {
  const bt = backtypeBytes(width);
  const carry = await carryTreeLanes(p, node, p.ring.pack(a, bt), p.ring.pack(b, bt), n, width, lastP);
  const out = p.ring.unpack(carry, 1, n);
  releaseLanes(carry);
  return out;
}

/**
 * carryTree on lanes (lanes.ts) from the first AND to the last; the carry as one byte per element,
 * from the lane pool. a and b go back to the pool (if they came from it).
 */
function carryTreeLanes(p: Party, node: OpNode, a: Uint8Array, b: Uint8Array, n: number, width: number, lastP: boolean): Promise<Uint8Array> {
  // a plain function, so that a and b are not held for the whole tree (see boolean.ts xorOpened)
  const P = xorLanes(a, b);
  const G = andLanes(p, node, a, b, n, width);
  releaseLanes(a, b);
  return carryLevels(p, node, P, G, n, width, lastP);
}

/**
 * The levels of the carry tree, each one wasm pass before its round (carryLevelMessages) and the
 * two ANDs' combines after it. Every intermediate goes back to the lane pool once it is read for
 * the last time.
 */
async function carryLevels(p: Party, node: OpNode, first: Uint8Array, firstG: Promise<Uint8Array>, n: number, width: number, lastP: boolean): Promise<Uint8Array> {
  let P = first;
  let G = await firstG;
  for (let w = width; w > 1; w /= 2) {
    const half = n * backtypeBytes(w / 2);
    // the triples in the order the ANDs open: P's (unless this is the last level without it), G's
    const t1 = w > 2 || lastP ? laneTriple(p, n, w / 2) : null;
    const t2 = laneTriple(p, n, w / 2);
    const ed1 = t1 ? uninitLanes(2 * half) : null;
    const ed2 = uninitLanes(2 * half);
    const Go = carryLevelMessages(P, G, n, w, t1, t2, ed1, ed2);
    releaseLanes(P, G);
    const [P2, t] = await Promise.all([t1 && ed1 ? andOpened(p, node, t1, ed1) : null, andOpened(p, node, t2, ed2)]);
    xorLanesInto(t, Go);
    releaseLanes(Go);
    G = t;
    // P2 is null only at the last level (w = 2)
    if (!P2 || w === 2) {
      if (P2) releaseLanes(P2);
      return G;
    }
    P = P2;
  }
  releaseLanes(P);
  return G;
}

/**
 * Most significant bit of a shared value, as a 1-bit boolean share (SPU MsbA2B; 2 parties).
 *  1. XOR-share each party's arithmetic share: m (party 0's) and n (party 1's); no traffic
 *  2. the carry into bit k−1 of m + n: a carry tree over the low k−1 bits, padded to k bits by a
 *     shift left of 1 (a padding bit with G = P = 0 changes no carry)
 *  3. msb = m_(k−1) ⊕ n_(k−1) ⊕ carry
 * Cost: the registry's msb_a2b (spu-exp.md §1 has the per-level table for k = 128).
 */
export async function msbA2B(p: Party, x: AShare): Promise<BShare> {
  p.requireParties(2, 'msb_a2b');
  const { ring } = p;
  const k = ring.k;
  const node = p.node('msb_a2b', x.n, x.deps);
  const m = xorShareOf(p, x, 0);
  const n = xorShareOf(p, x, 1);
  const low = (1n << BigInt(k - 1)) - 1n;
  const carry = await carryTree(p, node, ring.shl(ring.andScalar(m, low), 1), ring.shl(ring.andScalar(n, low), 1), x.n, k, true);
  const msb = ring.xor(ring.bit(m, k - 1), ring.bit(n, k - 1));
  ring.xor_(msb, carry);
  return bShare(x.n, 1, msb, [node.id]);
}

/**
 * Most significant bit of a value known to satisfy |x| < 2^l (2 parties; the fast profile's
 * comparison). Then x + 2^l lies in [0, 2^(l+1)) and its bit l is [x ≥ 0], so only the carry into
 * bit l matters: a carry tree over the low l bits, padded to the next power of two W, without the
 * unused last P: for l ≤ 64 one level fewer than msb_a2b and narrower openings (the registry's
 * msb_bounded). Wrong (silently) if |x| ≥ 2^l: the profile's input bound ensures it.
 */
export function msbBounded(p: Party, x: AShare, l: number): Promise<BShare> {
  p.requireParties(2, 'msb_bounded');
  const { ring } = p;
  const W = 2 ** Math.ceil(Math.log2(l));
  const node = p.node('msb_bounded', x.n, x.deps);
  const shifted = p.self === 0 ? ring.addScalar(x.data, 1n << BigInt(l)) : x.data;
  if (l >= 64) return msbBoundedWords(p, node, { ...x, data: shifted }, l, W);
  const { a, b, bitL } = boundedAddends(p, shifted, l, W);
  const n = x.n;
  return carryTreeLanes(p, node, a, b, n, W, false).then((carry) => {
    // msb(x) = NOT bit l of x + 2^l; party 0 applies the NOT
    xorLanesInto(carry, bitL);
    const bits = ring.unpack(carry, 1, n);
    releaseLanes(carry, bitL);
    return bShare(n, 1, p.self === 0 ? ring.xorScalar(bits, 1n) : bits, [node.id]);
  });
}

/**
 * The carry tree's addends for msbBounded: the low l bits of XOR sharings m (party 0's share) and
 * n (party 1's) shifted to W bits, and m_l ⊕ n_l. Only bits 0 … l matter, so the zero sharings are
 * drawn at 8 bytes. A function of its own so that its temporaries die before the first round.
 */
function boundedAddends(p: Party, shifted: Words, l: number, W: number): { a: Uint8Array; b: Uint8Array; bitL: Uint8Array } {
  const n = p.ring.size(shifted);
  const own = p.ring.pack(shifted, 8);
  const mShare = p.prss.zeroLanes(n, 8);
  const nShare = p.prss.zeroLanes(n, 8);
  xorLanesInto(p.self === 0 ? mShare : nShare, own);
  const m = lowBitsShifted(mShare, n, l, W - l);
  const o = lowBitsShifted(nShare, n, l, W - l);
  xorLanesInto(m.bitL, o.bitL);
  releaseLanes(mShare, nShare, o.bitL);
  return { a: m.lanes, b: o.lanes, bitL: m.bitL };
}

/** msbBounded on ring words, for l ≥ 64 (bit l beyond the 8-byte lanes). */
async function msbBoundedWords(p: Party, node: OpNode, shifted: AShare, l: number, W: number): Promise<BShare> {
  const { ring } = p;
  const m = xorShareOf(p, shifted, 0);
  const n = xorShareOf(p, shifted, 1);
  const low = (1n << BigInt(l)) - 1n;
  const pad = W - l;
  const carry = await carryTree(p, node, ring.shl(ring.andScalar(m, low), pad), ring.shl(ring.andScalar(n, low), pad), shifted.n, W, false);
  const bitL = ring.xor(ring.bit(m, l), ring.bit(n, l));
  ring.xor_(bitL, carry);
  return bShare(shifted.n, 1, p.self === 0 ? ring.xorScalar(bitL, 1n) : bitL, [node.id]);
}

/**
 * Kogge–Stone addition of two XOR-shared `width`-bit values (mod 2^width), attributed to `node`.
 * G = a ∧ b (1 round), then for offsets 1, 2, …, k/2: G ← G ⊕ (P ∧ (G ≪ o)) and P ← P ∧ (P ≪ o),
 * both ANDs in one message; the sum is a ⊕ b ⊕ (G ≪ 1). 1 + log2(width) rounds.
 */
export async function koggeStone(p: Party, node: OpNode, a: Words, b: Words, n: number, width: number = p.ring.k): Promise<Words> {
  const { ring } = p;
  const mask = width >= ring.k ? ring.mask : (1n << BigInt(width)) - 1n;
  const shl = (x: Words, o: number) => (width >= ring.k ? ring.shl(x, o) : ring.andScalar(ring.shl(x, o), mask));
  const G = await andWords(p, node, a, b, n, width);
  let P = ring.xor(a, b);
  for (let o = 1; o < width; o *= 2) {
    const [g, pp] = await Promise.all([andWords(p, node, P, shl(G, o), n, width), andWords(p, node, P, shl(P, o), n, width)]);
    ring.xor_(G, g);
    P = pp;
  }
  const s = ring.xor(a, b);
  ring.xor_(s, shl(G, 1));
  return s;
}

/**
 * The low 32 bits of a shared value as XOR shares, and the carry into each of those bits
 * (2 parties; pade's shortcut around a full A2B): a 32-bit Kogge–Stone adder over the low bits of
 * XOR sharings of the two parties' arithmetic shares m and n; carries = sum ⊕ m ⊕ n.
 */
export async function a2bLow32(p: Party, x: AShare): Promise<{ sum: BShare; carries: BShare }> {
  p.requireParties(2, 'a2b_low32');
  const { ring } = p;
  const node = p.node('a2b_low32', x.n, x.deps);
  const mask = (1n << 32n) - 1n;
  const m = ring.andScalar(xorShareOf(p, x, 0), mask);
  const n = ring.andScalar(xorShareOf(p, x, 1), mask);
  const sum = await koggeStone(p, node, m, n, x.n, 32);
  return { sum: bShare(x.n, 32, sum, [node.id]), carries: bShare(x.n, 32, ring.xor(sum, ring.xor(m, n)), [node.id]) };
}

/**
 * A fixed-point value's fraction t mod 2^f and its integer bits f … f+count−1, as arithmetic
 * shares (2 parties, f + count ≤ 32): a2b_low32, then the carry into bit f and the bits by 1-bit
 * B2As, all in one round. The fraction is (t_0 mod 2^f) + (t_1 mod 2^f) − 2^f·carry_f, from each
 * party's own share's low bits.
 */
export async function fractionAndIntBits(p: Party, t: AShare, f: number, count: number): Promise<{ frac: AShare; bits: AShare[] }> {
  enforce(f + count <= 32, 'ERR_RANGE', `fraction_and_int_bits: ${f} + ${count} bits do not fit the low 32`);
  const { ring } = p;
  const { sum, carries } = await a2bLow32(p, t);
  const carryF = bitB(p, carries, f);
  const intBits = Array.from({ length: count }, (_, j) => bitB(p, sum, f + j));
  const [carryA, ...bits] = await Promise.all([carryF, ...intBits].map((b) => b2a(p, b)));
  const low = ring.andScalar(t.data, (1n << BigInt(f)) - 1n);
  const frac = aShare(t.n, ring.sub(low, ring.shl(carryA!.data, f)), [...t.deps, ...carryA!.deps]);
  return { frac, bits };
}

/**
 * Arithmetic to boolean, full width (SPU A2B): XOR-share every party's arithmetic share, then add
 * the N values with a tree of Kogge–Stone adders, the adders of one level in the same rounds:
 * ⌈log2 N⌉ levels of adders (cost: the registry's a2b).
 */
export async function a2b(p: Party, x: AShare): Promise<BShare> {
  const node = p.node('a2b', x.n, x.deps);
  let level: Words[] = [];
  for (let j = 0; j < p.parties; j++) level.push(xorShareOf(p, x, j));
  while (level.length > 1) {
    const pairs: Promise<Words>[] = [];
    for (let i = 0; i + 1 < level.length; i += 2) pairs.push(koggeStone(p, node, level[i]!, level[i + 1]!, x.n));
    const sums = await Promise.all(pairs);
    if (level.length % 2 === 1) sums.push(level[level.length - 1]!);
    level = sums;
  }
  return bShare(x.n, p.ring.k, level[0]!, [node.id]);
}

/**
 * Boolean to arithmetic from shared random bits (SPU B2A_Randbit), for any width nbits.
 *  1. take arithmetic shares of nbits random bits r_j per element; the low bit of each share
 *     gives XOR shares of the same bits, so r is also XOR-shared
 *  2. open c = x ⊕ r, packed to backtype(nbits) (one round)
 *  3. x = Σ_j 2^j·(c_j + r_j − 2·c_j·r_j), with party 0 adding the public c_j
 */
export function b2a(p: Party, x: BShare): Promise<AShare> {
  const { ring } = p;
  const n = x.n;
  const nbits = x.nbits;
  const node = p.node(nbits === 1 ? 'b2a_bit' : 'b2a', n, x.deps);
  const r = p.dealer.randBits(n * nbits); // bit-major: bit j of element i at j·n + i
  const rBits: Words[] = [];
  const rXor = ring.alloc(n);
  for (let j = 0; j < nbits; j++) {
    const rj = r.subarray(j * n * ring.wpe, (j + 1) * n * ring.wpe);
    rBits.push(rj);
    ring.xor_(rXor, ring.shl(ring.andScalar(rj, 1n), j));
  }
  // a plain function: x is not held during the round (see boolean.ts xorOpened)
  return openXor(p, node, ring.andScalar(ring.xor(x.data, rXor), widthMask(p, nbits)), n, nbits).then((c) => {
    const out = ring.alloc(n);
    for (let j = 0; j < nbits; j++) {
      const cj = ring.bit(c, j);
      // (1 − 2·c_j)·r_j + [party 0]·c_j
      const t = ring.mul(rBits[j]!, ring.addScalar(ring.neg(ring.shl(cj, 1)), 1n));
      if (p.self === 0) ring.add_(t, cj);
      ring.add_(out, j === 0 ? t : ring.shl(t, j));
    }
    return aShare(n, out, [node.id]);
  });
}
