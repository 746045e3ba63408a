/**
 * Pseudo-random zero sharings (PRSS) from pairwise seeds: party i holds its own seed and the
 * seed of party i+1 (mod N), agreed once at setup. r_self − r_next summed over all parties is 0,
 * and so is the XOR of r_self ⊕ r_next: zero sharings with no online traffic (SPU prg_state.cc).
 * Used to share public values (p2a), private inputs (v2a) and to XOR-share arithmetic shares
 * (a2b, msbA2B).
 */
import { Prg } from '../../prg/prg';
import type { Ring, Words } from '../../ring';

const PRSS_STREAM = 2;

export class Prss {
  private readonly mine: Prg;
  private readonly next: Prg;

  constructor(selfSeed: Uint8Array, nextSeed: Uint8Array) {
    this.mine = new Prg(selfSeed, PRSS_STREAM);
    this.next = new Prg(nextSeed, PRSS_STREAM);
  }

  /** This party's share of an additive sharing of n zeros in the ring. */
  zeroA(ring: Ring, n: number): Words {
    const a = this.mine.words(n * ring.wpe);
    const b = this.next.words(n * ring.wpe);
    ring.sub_(a, b);
    return a;
  }

  /** This party's share of an XOR sharing of n zeros of nbits bits. */
  zeroB(ring: Ring, n: number, nbits: number): Words {
    const a = this.mine.words(n * ring.wpe);
    const b = this.next.words(n * ring.wpe);
    ring.xor_(a, b);
    return nbits >= ring.k ? a : ring.andScalar(a, (1n << BigInt(nbits)) - 1n);
  }
}
