/**
 * Private × private multiplication (SPU MulPriv / MulPrivModMP; 2 parties): party 0 holds u,
 * party 1 holds v, and both end with additive shares of u·v.
 *  1. take a private pair: party 0 gets a, party 1 gets b, both get shares c_i of a·b
 *  2. party 0 sends u + a, party 1 sends v + b                          b bytes, 1 round
 *  3. party 0: h_0 = u·(v + b) + c_0;  party 1: h_1 = −b·(u + a) + c_1;  h_0 + h_1 = u·v
 */
import { enforce } from '../../errors';
import { wordsAsBytes, type Words } from '../../ring';
import { gfAdd, gfMul, gfNeg } from '../../ring/gfp';
import type { Party } from './party';
import { aShare, type AShare } from './shares';

function exchangeWithOther(p: Party, name: string, mine: Words, n: number, bytes: number, deps: readonly number[]) {
  const node = p.node(name, n, deps);
  const other = 1 - p.self;
  const out: (Uint8Array | null)[] = [null, null];
  out[other] = wordsAsBytes(mine);
  const expect = [0, 0];
  expect[other] = n * bytes;
  return { node, done: p.sched.exchange({ node, out, expect }).then((got) => got[other]!) };
}

/** u·v over Z_2^k for u private to party 0 and v private to party 1; each passes its own value. */
export async function mulPriv(p: Party, mine: Words, deps: readonly number[] = []): Promise<AShare> {
  p.requireParties(2, 'mul_priv');
  const { ring } = p;
  const n = ring.size(mine);
  const pair = p.dealer.privPair(n);
  const { node, done } = exchangeWithOther(p, 'mul_priv', ring.add(mine, pair.mask), n, ring.bytes, deps);
  const theirs = ring.unpack(await done, ring.bytes, n);
  const h = p.self === 0 ? ring.mul(mine, theirs) : ring.neg(ring.mul(pair.mask, theirs));
  ring.add_(h, pair.c);
  return aShare(n, h, [node.id]);
}

/**
 * The same over GF(2^127 − 1): inputs and outputs are canonical field elements in the FM128
 * word layout (16 bytes each). Returns this party's additive share mod p.
 */
export async function mulPrivGf(p: Party, mine: Words, deps: readonly number[] = []): Promise<{ share: Words; node: number }> {
  p.requireParties(2, 'mul_priv_gf');
  enforce(p.ring.k === 128, 'ERR_UNSUPPORTED', 'mul_priv_gf needs FM128 (GF(2^127 − 1) elements take 16 bytes)');
  const n = mine.length / 2;
  const pair = p.dealer.privPairGf(n);
  const { node, done } = exchangeWithOther(p, 'mul_priv_gf', gfAdd(mine, pair.mask), n, 16, deps);
  const theirs = p.ring.unpack(await done, 16, n);
  const h = p.self === 0 ? gfMul(mine, theirs) : gfNeg(gfMul(pair.mask, theirs));
  return { share: gfAdd(h, pair.c), node: node.id };
}
