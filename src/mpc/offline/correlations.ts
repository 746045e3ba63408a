/**
 * What the online protocols consume: SPU's semi2k Beaver interface, as TfpDealer has it. Two
 * implementations: TfpDealer (a trusted first party, no offline traffic) and CorrelationPool
 * (filled in the offline phase without a dealer, by oblivious transfer: otDealer.ts). The pool
 * returns exactly the requests the offline phase was planned for, in order; the plan comes from
 * a dry run recorded by RecordingCorrelations (plan.ts).
 */
import { MpcError } from '../errors';
import type { Words } from '../ring';

export interface Triple {
  readonly a: Words;
  readonly b: Words;
  readonly c: Words;
}

export interface TruncPair {
  /** Shares of r, of (r mod 2^(k-1)) >> m, and of msb(r). */
  readonly r: Words;
  readonly rc: Words;
  readonly rb: Words;
}

export interface PrivPair {
  /** The private mask: party 0's a, party 1's b; empty for other parties. */
  readonly mask: Words;
  /** Share of a·b. */
  readonly c: Words;
}

export interface SquarePair {
  readonly a: Words;
  readonly b: Words;
}

export interface Correlations {
  /** Beaver triple: shares of a, b and c = a·b. */
  triple(n: number): Triple;
  /** Square pair: shares of a and a². */
  square(n: number): SquarePair;
  /** Boolean triple on nbits-bit words: XOR shares of a, b and c = a ∧ b. */
  andTriple(n: number, nbits: number): Triple;
  /** TruncAPr pair for a shift by m: shares of r, (r mod 2^(k−1)) ≫ m, and msb(r). */
  truncPair(n: number, m: number): TruncPair;
  /** Additive shares of `count` uniformly random bits (0 or 1 in the ring). */
  randBits(count: number): Words;
  /** Private multiplication pair over Z_2^k (two parties). */
  privPair(n: number): PrivPair;
  /** Private bit pair (two parties): random bits a (party 0), b (party 1), shares of a·b. */
  privBitPair(n: number): PrivPair;
  /** Private multiplication pair over GF(2^127 − 1), FM128 word layout (two parties). */
  privPairGf(n: number): PrivPair;
}

export type CorrelationKind = keyof Correlations;

/** One request: its kind, its size n (elements; bits for randBits) and its parameter (nbits of andTriple, m of truncPair, else 0). */
export interface CorrelationRequest {
  readonly kind: CorrelationKind;
  readonly n: number;
  readonly param: number;
}

export type CorrelationValue = Triple | SquarePair | TruncPair | Words | PrivPair;

function describe(r: CorrelationRequest): string {
  return r.kind === 'andTriple' || r.kind === 'truncPair' ? `${r.kind}(${r.n}, ${r.param})` : `${r.kind}(${r.n})`;
}

/** Passes every request to `inner` and records it. */
export class RecordingCorrelations implements Correlations {
  readonly requests: CorrelationRequest[] = [];

  constructor(private readonly inner: Correlations) {}

  private rec<T>(kind: CorrelationKind, n: number, param: number, v: T): T {
    this.requests.push({ kind, n, param });
    return v;
  }

  triple(n: number): Triple {
    return this.rec('triple', n, 0, this.inner.triple(n));
  }
  square(n: number): SquarePair {
    return this.rec('square', n, 0, this.inner.square(n));
  }
  andTriple(n: number, nbits: number): Triple {
    return this.rec('andTriple', n, nbits, this.inner.andTriple(n, nbits));
  }
  truncPair(n: number, m: number): TruncPair {
    return this.rec('truncPair', n, m, this.inner.truncPair(n, m));
  }
  randBits(count: number): Words {
    return this.rec('randBits', count, 0, this.inner.randBits(count));
  }
  privPair(n: number): PrivPair {
    return this.rec('privPair', n, 0, this.inner.privPair(n));
  }
  privBitPair(n: number): PrivPair {
    return this.rec('privBitPair', n, 0, this.inner.privBitPair(n));
  }
  privPairGf(n: number): PrivPair {
    return this.rec('privPairGf', n, 0, this.inner.privPairGf(n));
  }
}

/**
 * Correlations made ahead of time, handed out in the order they were made. A request that is not
 * the next one made fails with ERR_PREPROCESSING: the plan and the run disagree, and going on
 * with other randomness than planned would be wrong silently.
 */
export class CorrelationPool implements Correlations {
  private readonly items: { req: CorrelationRequest; value: CorrelationValue }[] = [];
  private next = 0;

  /** Add made correlations, in order. */
  add(req: CorrelationRequest, value: CorrelationValue): void {
    this.items.push({ req, value });
  }

  /** Requests not yet taken. */
  get remaining(): number {
    return this.items.length - this.next;
  }

  private take(kind: CorrelationKind, n: number, param: number): CorrelationValue {
    const want: CorrelationRequest = { kind, n, param };
    const item = this.items[this.next];
    if (!item) {
      throw new MpcError(
        'ERR_PREPROCESSING',
        `the online phase asked for ${describe(want)} after the ${this.items.length} correlations made in the offline phase were used up`,
      );
    }
    if (item.req.kind !== kind || item.req.n !== n || item.req.param !== param) {
      throw new MpcError('ERR_PREPROCESSING', `request #${this.next} of the online phase is ${describe(want)}, but the offline phase made ${describe(item.req)}`);
    }
    this.items[this.next++] = undefined as never; // let the memory go
    return item.value;
  }

  triple(n: number): Triple {
    return this.take('triple', n, 0) as Triple;
  }
  square(n: number): SquarePair {
    return this.take('square', n, 0) as SquarePair;
  }
  andTriple(n: number, nbits: number): Triple {
    return this.take('andTriple', n, nbits) as Triple;
  }
  truncPair(n: number, m: number): TruncPair {
    return this.take('truncPair', n, m) as TruncPair;
  }
  randBits(count: number): Words {
    return this.take('randBits', count, 0) as Words;
  }
  privPair(n: number): PrivPair {
    return this.take('privPair', n, 0) as PrivPair;
  }
  privBitPair(n: number): PrivPair {
    return this.take('privBitPair', n, 0) as PrivPair;
  }
  privPairGf(n: number): PrivPair {
    return this.take('privPairGf', n, 0) as PrivPair;
  }
}
