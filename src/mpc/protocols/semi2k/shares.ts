/**
 * Share kinds, named as SPU does: A (additive over Z_2^k), B (XOR shares with a bit width),
 * P (public, plain Words), V (private to one party, plain Words on the owner). A share also
 * carries the ids of the graph nodes that produced it, so that each operation can record its
 * parents without any global state.
 */
import type { Words } from '../../ring';

export interface AShare {
  readonly kind: 'A';
  /** Number of elements. */
  readonly n: number;
  /** This party's additive share, n ring elements. */
  readonly data: Words;
  /** Graph nodes whose outputs this value depends on directly. */
  readonly deps: readonly number[];
}

export interface BShare {
  readonly kind: 'B';
  readonly n: number;
  /** Significant bits: every element is below 2^nbits on every party. */
  readonly nbits: number;
  /** This party's XOR share, n ring elements. */
  readonly data: Words;
  readonly deps: readonly number[];
}

export function aShare(n: number, data: Words, deps: readonly number[]): AShare {
  return { kind: 'A', n, data, deps };
}

export function bShare(n: number, nbits: number, data: Words, deps: readonly number[]): BShare {
  return { kind: 'B', n, nbits, data, deps };
}

/** Dependencies of a value computed from several shares. */
export function mergeDeps(...xs: readonly { deps: readonly number[] }[]): number[] {
  return [...new Set(xs.flatMap((x) => x.deps))];
}
