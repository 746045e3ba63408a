/**
 * Conversions between arithmetic and boolean shares: MSB extraction (the comparison kernel), full
 * A2B by Kogge–Stone adders, and B2A from shared random bits.
 */
import type { Words } from '../../ring';
import type { OpNode } from '../../sched/graph';
import { andWords, openXor, widthMask } from './boolean';
import type { Party } from './party';
import { aShare, bShare, type AShare, type BShare } from './shares';

/**
 * Party j's arithmetic share as a fresh XOR sharing: party j holds share ⊕ z, the others hold
 * their part of a PRSS zero sharing z. No traffic.
 */
function xorShareOf(p: Party, x: AShare, owner: number): Words {
  const z = p.prss.zeroB(p.ring, x.n, p.ring.k);
  if (p.self === owner) p.ring.xor_(z, x.data);
  return z;
}

/**
 * Most significant bit of a shared value, as a 1-bit boolean share (SPU MsbA2B; 2 parties).
 *  1. XOR-share each party's arithmetic share: m (party 0's) and n (party 1's); no traffic
 *  2. the carry into bit k−1 of m + n by a carry-lookahead tree over the low k−1 bits, padded to k
 *     by a shift left of 1: G = m ∧ n (1 round), then log2(k) levels that halve the width:
 *     P ← P_odd ∧ P_even and G ← G_odd ⊕ (P_odd ∧ G_even), both ANDs in one message
 *  3. msb = m_(k−1) ⊕ n_(k−1) ⊕ carry
 * Cost for k = 128: 32 + 32 + 16 + 8 + 4·4 = 104 bytes in 8 rounds.
 */
export async function msbA2B(p: Party, x: AShare): Promise<BShare> {
  p.requireParties(2, 'msb_a2b');
  const { ring } = p;
  const k = ring.k;
  const node = p.node('msb_a2b', x.n, x.deps);
  const m = xorShareOf(p, x, 0);
  const n = xorShareOf(p, x, 1);
  const low = (1n << BigInt(k - 1)) - 1n;
  const mL = ring.shl(ring.andScalar(m, low), 1);
  const nL = ring.shl(ring.andScalar(n, low), 1);
  let P = ring.xor(mL, nL);
  let G = await andWords(p, node, mL, nL, x.n, k);
  for (let width = k; width > 1; width /= 2) {
    const Ps = ring.deinterleave(P, width);
    const Gs = ring.deinterleave(G, width);
    const [P2, t] = await Promise.all([
      andWords(p, node, Ps.odd, Ps.even, x.n, width / 2),
      andWords(p, node, Ps.odd, Gs.even, x.n, width / 2),
    ]);
    P = P2;
    G = ring.xor(Gs.odd, t);
  }
  const msb = ring.xor(ring.bit(m, k - 1), ring.bit(n, k - 1));
  ring.xor_(msb, G);
  return bShare(x.n, 1, msb, [node.id]);
}

/**
 * Kogge–Stone addition of two XOR-shared k-bit values, attributed to `node`.
 * G = a ∧ b (1 round), then for offsets 1, 2, …, k/2: G ← G ⊕ (P ∧ (G ≪ o)) and P ← P ∧ (P ≪ o),
 * both ANDs in one message; the sum is a ⊕ b ⊕ (G ≪ 1). 1 + log2(k) rounds, (2 + 4·log2 k)·(k/8)
 * bytes per peer.
 */
async function koggeStone(p: Party, node: OpNode, a: Words, b: Words, n: number): Promise<Words> {
  const { ring } = p;
  const k = ring.k;
  const G = await andWords(p, node, a, b, n, k);
  let P = ring.xor(a, b);
  for (let o = 1; o < k; o *= 2) {
    const [g, pp] = await Promise.all([
      andWords(p, node, P, ring.shl(G, o), n, k),
      andWords(p, node, P, ring.shl(P, o), n, k),
    ]);
    ring.xor_(G, g);
    P = pp;
  }
  const s = ring.xor(a, b);
  ring.xor_(s, ring.shl(G, 1));
  return s;
}

/**
 * Arithmetic to boolean, full width (SPU A2B): XOR-share every party's arithmetic share, then add
 * the N values with a tree of Kogge–Stone adders, the adders of one level in the same rounds.
 * ⌈log2 N⌉·(1 + log2 k) rounds; 480·(N−1) bytes per adder per party for k = 128.
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
 *  2. open c = x ⊕ r, packed by width                       (N−1)·backtype(nbits) bytes, 1 round
 *  3. x = Σ_j 2^j·(c_j + r_j − 2·c_j·r_j), with party 0 adding the public c_j
 */
export async function b2a(p: Party, x: BShare): Promise<AShare> {
  const { ring } = p;
  const n = x.n;
  const nbits = x.nbits;
  const node = p.node(nbits === 1 ? 'b2a_bit' : 'b2a', n, x.deps);
  const r = p.dealer.randBits(n * nbits); // bit-major: bit j of element i at j·n + i
  const rBits: Words[] = [];
  const rXor = ring.alloc(n);
  for (let j = 0; j < nbits; j++) {
    const rj = ring.slice(r, j * n, (j + 1) * n);
    rBits.push(rj);
    ring.xor_(rXor, ring.shl(ring.andScalar(rj, 1n), j));
  }
  const c = await openXor(p, node, ring.andScalar(ring.xor(x.data, rXor), widthMask(p, nbits)), n, nbits);
  const out = ring.alloc(n);
  for (let j = 0; j < nbits; j++) {
    const cj = ring.bit(c, j);
    // (1 − 2·c_j)·r_j + [party 0]·c_j
    const t = ring.mul(rBits[j]!, ring.addScalar(ring.neg(ring.shl(cj, 1)), 1n));
    if (p.self === 0) ring.add_(t, cj);
    ring.add_(out, j === 0 ? t : ring.shl(t, j));
  }
  return aShare(n, out, [node.id]);
}
