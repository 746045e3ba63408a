/**
 * Private × private multiplication (SPU MulPriv / MulPrivModMP; 2 parties): party 0 holds u,
 * party 1 holds v, and both end with additive shares of u·v.
 *  1. take a private pair: party 0 gets a, party 1 gets b, both get shares c_i of a·b
 *  2. party 0 sends u + a, party 1 sends v + b (one round)
 *  3. party 0: h_0 = u·(v + b) + c_0;  party 1: h_1 = −b·(u + a) + c_1;  h_0 + h_1 = u·v
 */
import { enforce, MpcError } from '../../errors';
import { wordsAsBytes, type Words } from '../../ring';
import { gfAdd, gfMul, gfNeg } from '../../ring/gfp';
import type { Party } from './party';
import { aShare, type AShare, type BShare } from './shares';

function exchangeWithOther(p: Party, name: string, mine: Uint8Array, expectBytes: number, n: number, deps: readonly number[]) {
  const node = p.node(name, n, deps);
  const other = 1 - p.self;
  const out: (Uint8Array | null)[] = [null, null];
  out[other] = mine;
  const expect = [0, 0];
  expect[other] = expectBytes;
  return { node, done: p.sched.exchange({ node, out, expect }).then((got) => got[other]!) };
}

/** u·v over Z_2^k for u private to party 0 and v private to party 1; each passes its own value. */
export async function mulPriv(p: Party, mine: Words, deps: readonly number[] = []): Promise<AShare> {
  p.requireParties(2, 'mul_priv');
  const { ring } = p;
  const n = ring.size(mine);
  const pair = p.dealer.privPair(n);
  const { node, done } = exchangeWithOther(p, 'mul_priv', wordsAsBytes(ring.add(mine, pair.mask)), n * ring.bytes, n, deps);
  const theirs = receivedWords(await done, n * ring.wpe);
  const h = p.self === 0 ? ring.mul(mine, theirs) : ring.neg(ring.mul(pair.mask, theirs));
  ring.add_(h, pair.c);
  return aShare(n, h, [node.id]);
}

/**
 * The same over GF(2^127 − 1): inputs and outputs are canonical field elements in the FM128
 * word layout (16 bytes each). Returns this party's additive share mod p.
 */
export function mulPrivGf(p: Party, mine: Words, deps: readonly number[] = []): Promise<{ share: Words; node: number }> {
  p.requireParties(2, 'mul_priv_gf');
  enforce(p.ring.k === 128, 'ERR_UNSUPPORTED', 'mul_priv_gf needs FM128 (GF(2^127 − 1) elements take 16 bytes)');
  const n = mine.length / 2;
  const pair = p.dealer.privPairGf(n);
  const { node, done } = exchangeWithOther(p, 'mul_priv_gf', wordsAsBytes(gfAdd(mine, pair.mask)), n * 16, n, deps);
  // party 0: u·(v + b) + c_0; party 1: −b·(u + a) + c_1 (only u, b and c are kept for the round)
  const u = p.self === 0 ? mine : pair.mask;
  const { c } = pair;
  return done.then((bytes) => {
    const uv = gfMul(u, receivedWords(bytes, 2 * n));
    return { share: gfAdd(p.self === 0 ? uv : gfNeg(uv), c), node: node.id };
  });
}

/**
 * u·v for private bits (party 0 holds bits u, party 1 bits v, as ring elements 0/1), with
 * arithmetic shares of the product as output. The masked values are single bits, packed eight to
 * a byte, instead of a ring element each as in a ring MulPriv (one round).
 *  1. a private bit pair: party 0 gets a, party 1 gets b, both shares c_i of a·b
 *  2. party 0 sends e = u ⊕ a, party 1 sends d = v ⊕ b
 *  3. u = e + a·(1 − 2e) and v = d + b·(1 − 2d), so
 *     u·v = e·d + d·a·(1 − 2e) + e·b·(1 − 2d) + a·b·(1 − 2e)(1 − 2d),
 *     where party 0 knows a, party 1 knows b, and a·b is shared
 */
export function mulPrivBits(p: Party, mine: Words, deps: readonly number[] = []): Promise<AShare> {
  p.requireParties(2, 'mul_priv_bits');
  const { ring } = p;
  const n = ring.size(mine);
  const pair = p.dealer.privBitPair(n);
  const limbs = 2 * ring.wpe; // 32-bit limbs per element; element i's low limb is limbs·i
  const own = new Uint32Array(mine.buffer, mine.byteOffset, limbs * n);
  const maskLimbs = new Uint32Array(pair.mask.buffer, pair.mask.byteOffset, limbs * n);
  const masked = new Uint8Array(Math.ceil(n / 8));
  const maskBits = new Uint8Array(n); // the mask's bits alone, so that its ring words die before the round
  for (let i = 0; i < n; i++) {
    maskBits[i] = maskLimbs[limbs * i]! & 1;
    masked[i >> 3]! |= ((own[limbs * i]! ^ maskBits[i]!) & 1) << (i & 7);
  }
  const z = pair.c; // z = s·c + t per element, s = (1 − 2e)(1 − 2d) = ±1 and t a small integer, in place
  const { node, done } = exchangeWithOther(p, 'mul_priv_bits', masked, masked.length, n, deps);
  return done.then((theirs) => combinePrivBits(p.self, theirs, masked, maskBits, z, limbs, node.id));
}

/** mulPrivBits after its round: z = ±c + t per element, on the limbs of c, in place. */
function combinePrivBits(self: number, theirs: Uint8Array, masked: Uint8Array, maskBits: Uint8Array, z: Words, limbs: number, node: number): AShare {
  const n = maskBits.length;
  const zl = new Uint32Array(z.buffer, z.byteOffset, limbs * n);
  for (let i = 0; i < n; i++) {
    const mb = (masked[i >> 3]! >> (i & 7)) & 1;
    const tb = (theirs[i >> 3]! >> (i & 7)) & 1;
    const e = self === 0 ? mb : tb;
    const d = self === 0 ? tb : mb;
    const m = maskBits[i]!;
    // party 0 adds e·d + d·a·(1 − 2e); party 1 adds e·b·(1 − 2d)
    const t = self === 0 ? e * d + d * m * (1 - 2 * e) : e * m * (1 - 2 * d);
    const negate = e !== d; // (1 − 2e)(1 − 2d) = −1
    let carry = negate ? t + 1 : t; // −c = ¬c + 1
    for (let k = limbs * i; k < limbs * (i + 1); k++) {
      const v = (negate ? ~zl[k]! >>> 0 : zl[k]!) + carry;
      zl[k] = v >>> 0;
      carry = Math.floor(v / 4294967296);
    }
  }
  return aShare(n, z, [node]);
}

/**
 * x·b for an arithmetic share x and a 1-bit XOR share b (2 parties; SPU MulA1B, after it was
 * added in Nov 2024). With b = b_0 ⊕ b_1 = b_0 + b_1 − 2·b_0·b_1 and x = x_0 + x_1:
 *   x·b = x_0·b_0 + x_1·b_1 + b_0·x_1·(1 − 2b_1) + b_1·x_0·(1 − 2b_0)
 * The first two terms are local; the last two are private products (party 0's b_0 times party
 * 1's x_1(1 − 2b_1), and the other way round), both in one message (one round).
 */
export function mulA1B(p: Party, x: AShare, bit: BShare): Promise<AShare> {
  p.requireParties(2, 'mul_a1b');
  const { ring } = p;
  const n = x.n;
  const { message, u1, u2, acc } = a1bLocal(p, x, bit);
  const { node, done } = exchangeWithOther(p, 'mul_a1b', wordsAsBytes(message), 2 * n * ring.bytes, n, [...x.deps, ...bit.deps]);
  return done.then((bytes) => {
    const theirs = receivedWords(bytes, 2 * n * ring.wpe);
    // each private product as in mulPriv: party 0: u·(v + b) + c_0; party 1: −b·(u + a) + c_1
    for (const [u, t] of [[u1, theirs.subarray(0, n * ring.wpe)], [u2, theirs.subarray(n * ring.wpe)]] as const) {
      if (p.self === 0) ring.add_(acc, ring.mul(u, t));
      else ring.sub_(acc, ring.mul(u, t));
    }
    return aShare(n, acc, [node.id]);
  });
}

/**
 * mulA1B's work before its round, in a function of its own so that its temporaries are garbage
 * while the round is on: the masked message, the two factors this party multiplies by what
 * arrives (its values for party 0, its masks for party 1), and x·b + c_1 + c_2.
 */
function a1bLocal(p: Party, x: AShare, bit: BShare): { message: Words; u1: Words; u2: Words; acc: Words } {
  const { ring } = p;
  const n = x.n;
  const b = ring.andScalar(bit.data, 1n);
  const xm = ring.mul(x.data, ring.addScalar(ring.neg(ring.shl(b, 1)), 1n));
  // party 0 supplies (b_0, x_0(1 − 2b_0)); party 1 supplies (x_1(1 − 2b_1), b_1)
  const first = p.self === 0 ? b : xm;
  const second = p.self === 0 ? xm : b;
  const pair1 = p.dealer.privPair(n);
  const pair2 = p.dealer.privPair(n);
  const message = ring.concat([ring.add(first, pair1.mask), ring.add(second, pair2.mask)]);
  const acc = ring.mul(x.data, b);
  ring.add_(acc, pair1.c);
  ring.add_(acc, pair2.c);
  return p.self === 0 ? { message, u1: first, u2: second, acc } : { message, u1: pair1.mask, u2: pair2.mask, acc };
}

/**
 * A received payload of nWords 64-bit words, as words: a view of the frame where it is 8-byte
 * aligned (the usual case), else a copy. Read only: it is the peer's frame.
 */
function receivedWords(bytes: Uint8Array, nWords: number): Words {
  if (bytes.length !== 8 * nWords) throw new MpcError('ERR_SHAPE', `received ${bytes.length} bytes for ${nWords} words`);
  if (bytes.byteOffset % 8 === 0) return new BigUint64Array(bytes.buffer, bytes.byteOffset, nWords);
  return new BigUint64Array(bytes.slice().buffer);
}
