/**
 * Comparison and selection built on the kernels: msb, less-than, and the multiplexer.
 */
import { addAA, mulAA, subAA } from './arithmetic';
import { bitB } from './boolean';
import { a2b, b2a, msbA2B } from './conversion';
import type { Party } from './party';
import type { AShare, BShare } from './shares';

/**
 * Most significant bit as a 1-bit boolean share: MsbA2B's carry tree with 2 parties; bit k−1 of a
 * full A2B otherwise (SPU has no MsbA2B for N > 2).
 */
export async function msb(p: Party, x: AShare): Promise<BShare> {
  if (p.parties === 2) return msbA2B(p, x);
  return bitB(p, await a2b(p.scoped('msb'), x), p.ring.k - 1);
}

/** [x < y] as a 1-bit boolean share: msb(x − y). Assumes |x − y| < 2^(k−1). */
export function less(p: Party, x: AShare, y: AShare): Promise<BShare> {
  return msb(p, subAA(p, x, y));
}

/**
 * Multiplexer: pred ? a : b, as b + pred·(a − b), with pred a 1-bit boolean share.
 * spu2024 (SPU hal _mux at the measured version): B2A of the bit, then MulAA: 1 + 32 bytes, 2 rounds.
 */
export async function select(p: Party, pred: BShare, a: AShare, b: AShare): Promise<AShare> {
  const s = p.scoped('select');
  const predA = await b2a(s, pred);
  return addAA(p, b, await mulAA(s, predA, subAA(p, a, b)));
}
