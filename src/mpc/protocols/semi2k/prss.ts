/**
 * Pseudo-random zero sharings (PRSS) from pairwise seeds: party i holds its own seed and the
 * seed of party i+1 (mod N), agreed once at setup. r_self − r_next summed over all parties is 0,
 * and so is the XOR of r_self ⊕ r_next: zero sharings with no online traffic (SPU prg_state.cc).
 * Used to share public values (p2a), private inputs (v2a) and to XOR-share arithmetic shares
 * (a2b, msbA2B).
 */
import { Prg } from '../../prg/prg';
import type { Ring, Words } from '../../ring';
import { allocLanes, releaseLanes, xorLanesInto } from './lanes';

const PRSS_STREAM = 2;

export class Prss {
  private readonly mine: Prg;
  private readonly next: Prg;
  /**
   * With two parties both hold both seeds, so one stream that both draw (party 1's seed) gives a
   * zero sharing by itself: (−r, r) or (r, r). Half the PRG output of r_self − r_next, no less
   * secret. The stream of the other seed is left unused. Null for more parties.
   */
  private readonly pair: { readonly shared: Prg; readonly first: boolean } | null;

  /** self/parties: this party's index and the party count (two parties take the one-stream path). */
  constructor(selfSeed: Uint8Array, nextSeed: Uint8Array, self: number, parties: number) {
    this.mine = new Prg(selfSeed, PRSS_STREAM);
    this.next = new Prg(nextSeed, PRSS_STREAM);
    this.pair = parties === 2 ? { shared: self === 0 ? this.next : this.mine, first: self === 0 } : null;
  }

  /** This party's share of an additive sharing of n zeros in the ring. */
  zeroA(ring: Ring, n: number): Words {
    if (this.pair) {
      const r = this.pair.shared.words(n * ring.wpe);
      return this.pair.first ? ring.neg(r) : r;
    }
    const a = this.mine.words(n * ring.wpe);
    const b = this.next.words(n * ring.wpe);
    ring.sub_(a, b);
    return a;
  }

  /** This party's share of an XOR sharing of n zeros of nbits bits. */
  zeroB(ring: Ring, n: number, nbits: number): Words {
    let a: Words;
    if (this.pair) {
      a = this.pair.shared.words(n * ring.wpe);
    } else {
      a = this.mine.words(n * ring.wpe);
      ring.xor_(a, this.next.words(n * ring.wpe));
    }
    return nbits >= ring.k ? a : ring.andScalar(a, (1n << BigInt(nbits)) - 1n);
  }

  /**
   * This party's share of an XOR sharing of n zeros of `bytes` bytes each, as lanes (lanes.ts):
   * for circuits that read only the low bits of an XOR sharing, drawn at that width.
   */
  zeroLanes(n: number, bytes: number): Uint8Array {
    const a = allocLanes(n * bytes);
    if (this.pair) {
      this.pair.shared.fill(a);
      return a;
    }
    this.mine.fill(a);
    const b = allocLanes(n * bytes);
    this.next.fill(b);
    xorLanesInto(a, b);
    releaseLanes(b);
    return a;
  }
}
