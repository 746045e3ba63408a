/**
 * Correlated randomness from a trusted first party (SPU BeaverTfpUnsafe, spu-exp.md §8.13).
 *
 * Security model: semi-honest, and party 0 is trusted. At setup every party sends its PRG seed to
 * party 0. Afterwards every party expands its own seed into its share of each requested value, and
 * party 0, replaying everyone's streams, reconstructs the values and adds a correction to its own
 * share so that the shares satisfy the required relation (c = a·b, ...). Zero online traffic. Party 0
 * could learn every mask and hence every secret: this is a demonstration trust model.
 *
 * Every party must make the same sequence of requests so that the streams stay in lockstep; the
 * protocols guarantee it by requesting in program order.
 */
import type { Correlations, PrivPair, SquarePair, Triple, TruncPair } from '../../offline/correlations';
import { Prg } from '../../prg/prg';
import type { Ring, Words } from '../../ring';
import { backtypeBytes } from '../../ring';
import { gfMul, gfSub } from '../../ring/gfp';
import { allocLanes, maskLanes, releaseLanes, spreadLanes } from './lanes';

const DEALER_STREAM = 0;
const PRIVATE_STREAM = 1;

/** A boolean triple in lanes (lanes.ts): XOR shares of a, b and c = a ∧ b. */
export interface LaneTriple {
  readonly a: Uint8Array;
  readonly b: Uint8Array;
  readonly c: Uint8Array;
}

/**
 * Party 0's share of c in a boolean triple, from every party's draws (lane arrays of one length,
 * made by allocLanes): (⊕a ∧ ⊕b) ⊕ (⊕ of the others' c). Its own c is not drawn (drawCompleted).
 */
function completeAndTriple(as: readonly Uint8Array[], bs: readonly Uint8Array[], cs: readonly Uint8Array[], self: number): Uint8Array {
  const view = (x: Uint8Array) => new Int32Array(x.buffer, x.byteOffset, (x.length + 3) >>> 2);
  const len = as[0]!.length;
  const A = as.map(view), B = bs.map(view), C = cs.map((c, j) => (j === self ? null : view(c)));
  const out = allocLanes(len);
  const Z = view(out);
  if (A.length === 2) {
    const [A0, A1] = A as [Int32Array, Int32Array], [B0, B1] = B as [Int32Array, Int32Array], C1 = C[1 - self]!;
    for (let w = 0; w < Z.length; w++) Z[w] = ((A0[w]! ^ A1[w]!) & (B0[w]! ^ B1[w]!)) ^ C1[w]!;
    return out;
  }
  for (let w = 0; w < Z.length; w++) {
    let a = 0, b = 0, c = 0;
    for (let j = 0; j < A.length; j++) {
      a ^= A[j]![w]!;
      b ^= B[j]![w]!;
      c ^= C[j]?.[w] ?? 0;
    }
    Z[w] = (a & b) ^ c;
  }
  return out;
}

export class TfpDealer implements Correlations {
  private readonly own: Prg;
  /** Party 0 only: a replica of every party's stream (index = party; own index unused). */
  private readonly replicas: Prg[] | null;
  /** Party 0's private coins, for values no stream may reveal (fresh random bits). */
  private readonly coins: Prg;

  constructor(
    private readonly self: number,
    private readonly ring: Ring,
    ownSeed: Uint8Array,
    allSeeds: readonly Uint8Array[] | null,
  ) {
    this.own = new Prg(ownSeed, DEALER_STREAM);
    this.coins = new Prg(ownSeed, PRIVATE_STREAM);
    this.replicas = allSeeds ? allSeeds.map((s) => new Prg(s, DEALER_STREAM)) : null;
  }

  /** Every party's draw of nWords words: [mine] elsewhere, all parties' draws on party 0. */
  private draw(nWords: number): { mine: Words; all: Words[] | null } {
    const mine = this.own.words(nWords);
    if (!this.replicas) return { mine, all: null };
    const all = this.replicas.map((p, j) => (j === this.self ? mine : p.words(nWords)));
    return { mine, all };
  }

  /**
   * Like draw, for values of only byteWidth significant bytes: the PRG expands just those bytes
   * (a boolean triple of 1-bit words needs 1 byte per element, not 16).
   */
  private drawNarrow(n: number, byteWidth: number): { mine: Words; all: Words[] | null } {
    if (byteWidth >= this.ring.bytes) return this.draw(n * this.ring.wpe);
    const one = (p: Prg) => {
      const b = new Uint8Array(n * byteWidth);
      p.fill(b);
      return this.ring.unpack(b, byteWidth, n);
    };
    const mine = one(this.own);
    if (!this.replicas) return { mine, all: null };
    return { mine, all: this.replicas.map((p, j) => (j === this.self ? mine : one(p))) };
  }

  /**
   * Like draw, for a value whose share party 0 computes (`completing`): its own draw would cancel,
   * so party 0 skips it (nobody replays party 0's own stream) and its entry in `all` is empty.
   */
  private drawCompleted(nWords: number): { mine: Words; all: Words[] | null } {
    if (!this.replicas) return { mine: this.own.words(nWords), all: null };
    const none = new BigUint64Array(0);
    return { mine: none, all: this.replicas.map((p, j) => (j === this.self ? none : p.words(nWords))) };
  }

  private sum(xs: readonly Words[]): Words {
    if (xs.length === 1) return xs[0]!.slice();
    const s = this.ring.add(xs[0]!, xs[1]!);
    for (let j = 2; j < xs.length; j++) this.ring.add_(s, xs[j]!);
    return s;
  }

  /**
   * Party 0's share of `value` given every other party's drawn share in `all`: value − Σ_(j≠0)
   * all[j], computed in `value` (a temporary), which it returns. Its own draw would cancel: see
   * drawCompleted.
   */
  private completing(value: Words, all: readonly Words[]): Words {
    for (let j = 0; j < all.length; j++) if (j !== this.self) this.ring.sub_(value, all[j]!);
    return value;
  }

  /** Beaver triple: shares of a, b and c = a·b. */
  triple(n: number): Triple {
    const w = n * this.ring.wpe;
    const a = this.draw(w), b = this.draw(w), c = this.drawCompleted(w);
    if (a.all && b.all && c.all) {
      return { a: a.mine, b: b.mine, c: this.completing(this.ring.mul(this.sum(a.all), this.sum(b.all)), c.all) };
    }
    return { a: a.mine, b: b.mine, c: c.mine };
  }

  /** Square pair: shares of a and a² (SPU's Square request). */
  square(n: number): SquarePair {
    const w = n * this.ring.wpe;
    const a = this.draw(w), b = this.drawCompleted(w);
    if (a.all && b.all) {
      const A = this.sum(a.all);
      return { a: a.mine, b: this.completing(this.ring.mul(A, A), b.all) };
    }
    return { a: a.mine, b: b.mine };
  }

  /** Boolean triple on nbits-bit words: XOR shares of a, b and c = a ∧ b. */
  andTriple(n: number, nbits: number): Triple {
    const bt = backtypeBytes(nbits);
    const t = this.andTripleLanes(n, nbits);
    return { a: this.ring.unpack(t.a, bt, n), b: this.ring.unpack(t.b, bt, n), c: this.ring.unpack(t.c, bt, n) };
  }

  /**
   * The same triple in the wire layout of boolean openings (lanes.ts: backtype(nbits) bytes per
   * element), which the boolean circuits use as it is. The PRG streams advance exactly as for
   * andTriple (ceil(nbits/8) bytes per element), so either may serve any party.
   */
  andTripleLanes(n: number, nbits: number): LaneTriple {
    const bw = Math.ceil(nbits / 8);
    const bt = backtypeBytes(nbits);
    const one = (p: Prg): Uint8Array => {
      const drawn = allocLanes(n * bw);
      p.fill(drawn);
      const x = spreadLanes(drawn, n, bw, bt);
      maskLanes(x, n, nbits);
      return x;
    };
    const draw = () => {
      const mine = one(this.own);
      return { mine, all: this.replicas ? this.replicas.map((p, j) => (j === this.self ? mine : one(p))) : null };
    };
    const a = draw(), b = draw();
    if (a.all && b.all && this.replicas) {
      // party 0 completes c from the others' draws (see drawCompleted)
      const cs = this.replicas.map((p, j) => (j === this.self ? allocLanes(0) : one(p)));
      const c = completeAndTriple(a.all, b.all, cs, this.self);
      // the other parties' draws are done with (this party's a and b are the triple's)
      releaseLanes(...[...a.all, ...b.all, ...cs].filter((x) => x !== a.mine && x !== b.mine));
      return { a: a.mine, b: b.mine, c };
    }
    return { a: a.mine, b: b.mine, c: draw().mine };
  }

  /** TruncAPr pair for a shift by m: shares of r, (r mod 2^(k−1)) ≫ m, and msb(r). */
  truncPair(n: number, m: number): TruncPair {
    const w = n * this.ring.wpe;
    const r = this.draw(w), rc = this.drawCompleted(w), rb = this.drawCompleted(w);
    if (r.all && rc.all && rb.all) {
      const R = this.sum(r.all);
      const RC = this.ring.lshr(this.ring.shl(R, 1), m + 1);
      const RB = this.ring.bit(R, this.ring.k - 1);
      return { r: r.mine, rc: this.completing(RC, rc.all), rb: this.completing(RB, rb.all) };
    }
    return { r: r.mine, rc: rc.mine, rb: rb.mine };
  }

  /** Additive shares of `count` uniformly random bits (0 or 1 in the ring). */
  randBits(count: number): Words {
    const a = this.drawCompleted(count * this.ring.wpe);
    if (a.all) {
      return this.completing(this.ring.andScalar(this.coins.words(count * this.ring.wpe), 1n), a.all);
    }
    return a.mine;
  }

  /**
   * Private multiplication pair over Z_2^k (two parties): party 0 gets a, party 1 gets b, both
   * get shares of a·b.
   */
  privPair(n: number): PrivPair {
    const w = n * this.ring.wpe;
    const mask = this.draw(w);
    const c = this.drawCompleted(w);
    if (mask.all && c.all) {
      return { mask: mask.mine, c: this.completing(this.ring.mul(mask.all[0]!, mask.all[1]!), c.all) };
    }
    return { mask: mask.mine, c: c.mine };
  }

  /**
   * Private bit pair (two parties): party 0 gets a random bit a, party 1 a random bit b, both get
   * arithmetic shares of a·b in the ring.
   */
  privBitPair(n: number): PrivPair {
    const mask = this.drawNarrow(n, 1);
    const c = this.drawCompleted(n * this.ring.wpe);
    const bitsMine = this.ring.andScalar(mask.mine, 1n);
    if (mask.all && c.all) {
      const ab = this.ring.and(mask.all[0]!, mask.all[1]!); // a·b of bits is a ∧ b
      return { mask: bitsMine, c: this.completing(this.ring.andScalar(ab, 1n), c.all) };
    }
    return { mask: bitsMine, c: c.mine };
  }

  /** The same over GF(2^127 − 1): masks and shares are canonical field elements (FM128 layout). */
  privPairGf(n: number): PrivPair {
    const w = 2 * n;
    const mask = this.draw(w);
    const c = this.drawCompleted(w);
    const gf = (x: Words) => canonicalGfInPlace(x);
    if (mask.all && c.all) {
      // party 0's share a·b − Σ_(j≠0) c_j; its own draw of c cancels
      let share = gfMul(gf(mask.all[0]!), gf(mask.all[1]!));
      for (let j = 0; j < c.all.length; j++) if (j !== this.self) share = gfSub(share, gf(c.all[j]!));
      return { mask: mask.mine, c: share };
    }
    return { mask: gf(mask.mine), c: gf(c.mine) };
  }

}

/**
 * Uniform 128-bit draws as uniform GF(2^127 − 1) elements, in place: the low 127 bits, and 0 for
 * the one value p itself. One pass over the top limbs instead of a reduction mod p.
 */
function canonicalGfInPlace(x: Words): Words {
  const limbs = new Uint32Array(x.buffer, x.byteOffset, 2 * x.length);
  for (let i = 3; i < limbs.length; i += 4) {
    limbs[i]! &= 0x7fffffff;
    if (limbs[i] === 0x7fffffff && (limbs[i - 1]! & limbs[i - 2]! & limbs[i - 3]!) === -1) limbs.fill(0, i - 3, i + 1);
  }
  return x;
}
