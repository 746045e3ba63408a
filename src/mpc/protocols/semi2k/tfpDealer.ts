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
import { backtypeBytes, wordsAsBytes } from '../../ring';
import { threadPool } from '../../ring/pool';
import { gfMul, gfMulSub, gfSub } from '../../ring/gfp';
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

  /**
   * Every party's draw of nWords words: [mine] elsewhere, all parties' draws on party 0. The
   * arrays come from the thread's pool (pool.ts says why): party 0 hands the replicas back with
   * `releaseReplicas` once the completion is made; the consumer of a triple may hand back its share.
   */
  private draw(nWords: number): { mine: Words; all: Words[] | null } {
    const mine = pooledWords(this.own, nWords);
    if (!this.replicas) return { mine, all: null };
    const all = this.replicas.map((p, j) => (j === this.self ? mine : pooledWords(p, nWords)));
    return { mine, all };
  }

  /** Hand the other parties' draws in `all` back to the pool (party 0, once nothing reads them). */
  private releaseReplicas(...draws: (Words[] | null)[]): void {
    for (const all of draws) if (all) for (let j = 0; j < all.length; j++) if (j !== this.self) threadPool.release(all[j]!);
  }

  /**
   * Like draw, for a value whose share party 0 computes (`completing`): its own draw would cancel,
   * so party 0 skips it (nobody replays party 0's own stream) and its entry in `all` is empty.
   */
  private drawCompleted(nWords: number): { mine: Words; all: Words[] | null } {
    if (!this.replicas) return { mine: pooledWords(this.own, nWords), all: null };
    const none = new BigUint64Array(0);
    return { mine: none, all: this.replicas.map((p, j) => (j === this.self ? none : pooledWords(p, nWords))) };
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
      let share: Words;
      if (a.all.length === 2) {
        share = threadPool.fresh(w);
        const o = 1 - this.self;
        this.ring.completeTripleInto(share, a.all[0]!, a.all[1]!, b.all[0]!, b.all[1]!, c.all[o]!);
      } else {
        share = this.completing(this.ring.mul(this.sum(a.all), this.sum(b.all)), c.all);
      }
      this.releaseReplicas(a.all, b.all, c.all);
      return { a: a.mine, b: b.mine, c: share };
    }
    return { a: a.mine, b: b.mine, c: c.mine };
  }

  /** Square pair: shares of a and a² (SPU's Square request). */
  square(n: number): SquarePair {
    const w = n * this.ring.wpe;
    const a = this.draw(w), b = this.drawCompleted(w);
    if (a.all && b.all) {
      let share: Words;
      if (a.all.length === 2) {
        share = threadPool.fresh(w);
        this.ring.completeTripleInto(share, a.all[0]!, a.all[1]!, a.all[0]!, a.all[1]!, b.all[1 - this.self]!);
      } else {
        const A = this.sum(a.all);
        share = this.completing(this.ring.mul(A, A), b.all);
      }
      this.releaseReplicas(a.all, b.all);
      return { a: a.mine, b: share };
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
      const R = threadPool.take(w);
      R.set(r.all[0]!);
      for (let j = 1; j < r.all.length; j++) this.ring.add_(R, r.all[j]!);
      const RC = this.ring.shl(R, 1);
      this.ring.lshr_(RC, m + 1);
      const RB = this.ring.bit(R, this.ring.k - 1);
      const pair = { r: r.mine, rc: this.completing(RC, rc.all), rb: this.completing(RB, rb.all) };
      threadPool.give(R);
      this.releaseReplicas(r.all, rc.all, rb.all);
      return pair;
    }
    return { r: r.mine, rc: rc.mine, rb: rb.mine };
  }

  /** Additive shares of `count` uniformly random bits (0 or 1 in the ring). */
  randBits(count: number): Words {
    const a = this.drawCompleted(count * this.ring.wpe);
    if (a.all) {
      const share = this.completing(this.ring.andScalar(this.coins.words(count * this.ring.wpe), 1n), a.all);
      this.releaseReplicas(a.all);
      return share;
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
      const pair = { mask: mask.mine, c: this.completing(this.ring.mul(mask.all[0]!, mask.all[1]!), c.all) };
      this.releaseReplicas(mask.all, c.all);
      return pair;
    }
    return { mask: mask.mine, c: c.mine };
  }

  /**
   * Private bit pair (two parties): party 0 gets a random bit a, party 1 a random bit b, both get
   * arithmetic shares of a·b in the ring.
   */
  privBitPair(n: number): PrivPair {
    // each party draws one byte per element (the PRG expands just those) and its bit is the
    // byte's low bit, written straight into a zeroed array of elements: no unpacked bytes, no masking pass
    const bytes = (p: Prg): Uint8Array => {
      const b = new Uint8Array(n);
      p.fill(b);
      return b;
    };
    const mine = bytes(this.own);
    const all = this.replicas ? this.replicas.map((p, j) => (j === this.self ? mine : bytes(p))) : null;
    const c = this.drawCompleted(n * this.ring.wpe);
    const bitsMine = lowBitElements(this.ring, mine, null);
    if (all && c.all) {
      // a·b of bits is a ∧ b
      const pair = { mask: bitsMine, c: this.completing(lowBitElements(this.ring, all[0]!, all[1]!), c.all) };
      this.releaseReplicas(c.all);
      return pair;
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
      let share: Words;
      if (c.all.length === 2) {
        share = gfMulSub(gf(mask.all[0]!), gf(mask.all[1]!), gf(c.all[1 - this.self]!));
      } else {
        share = gfMul(gf(mask.all[0]!), gf(mask.all[1]!));
        for (let j = 0; j < c.all.length; j++) if (j !== this.self) share = gfSub(share, gf(c.all[j]!));
      }
      this.releaseReplicas(mask.all, c.all);
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

/** The low bit of each byte of a (AND that of b), as ring elements 0 or 1. */
function lowBitElements(ring: Ring, a: Uint8Array, b: Uint8Array | null): Words {
  const z = ring.alloc(a.length);
  const limbs = new Uint32Array(z.buffer, z.byteOffset, 2 * z.length);
  const step = 2 * ring.wpe;
  if (b) for (let i = 0; i < a.length; i++) limbs[i * step] = a[i]! & b[i]! & 1;
  else for (let i = 0; i < a.length; i++) limbs[i * step] = a[i]! & 1;
  return z;
}

/** nWords words of `prg`'s stream, as `Prg.words` draws them, in an array from the thread's pool. */
function pooledWords(prg: Prg, nWords: number): Words {
  const w = threadPool.take(nWords);
  prg.fill(wordsAsBytes(w));
  return w;
}
