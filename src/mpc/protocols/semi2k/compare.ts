/**
 * Comparison and selection, with the profile's kernels.
 */
import { addAA, mulAA, subAA } from './arithmetic';
import { bitB } from './boolean';
import { a2b, b2a, msbA2B, msbBounded } from './conversion';
import { kernelsFor } from './kernels';
import type { Party } from './party';
import { mulA1B } from './priv';
import { boundedCompareBits } from './profile';
import type { AShare, BShare } from './shares';

/**
 * Most significant bit as a 1-bit boolean share, by the kernel the registry's 'msb' choice names:
 * two parties, MsbA2B's carry tree over k−1 bits (spu2024) or over the bits the profile's input
 * bound allows (fast); more parties, bit k−1 of a full A2B (SPU has no MsbA2B for N > 2).
 */
export async function msb(p: Party, x: AShare): Promise<BShare> {
  const [kernel] = kernelsFor('msb', p);
  if (kernel === 'msb_bounded') return msbBounded(p, x, boundedCompareBits(p.profile, p.fxp));
  if (kernel === 'msb_a2b') return msbA2B(p, x);
  return bitB(p, await a2b(p.scoped('msb'), x), p.ring.k - 1);
}

/** [x < y] as a 1-bit boolean share: msb(x − y). Assumes |x − y| < 2^(k−1) (or the profile's bound). */
export function less(p: Party, x: AShare, y: AShare): Promise<BShare> {
  return msb(p, subAA(p, x, y));
}

/**
 * pred·x for a 1-bit boolean pred, by the registry's 'mul_bit' choice: one multiplication on
 * rewritten operands (MulA1B; fast, 2 parties), or B2A of the bit then MulAA.
 */
export async function mulBit(p: Party, x: AShare, pred: BShare): Promise<AShare> {
  if (kernelsFor('mul_bit', p)[0] === 'mul_a1b') return mulA1B(p, x, pred);
  return mulAA(p, await b2a(p, pred), x);
}

/**
 * Multiplexer: pred ? a : b, as b + pred·(a − b), with pred a 1-bit boolean share: one mulBit.
 * spu2024 is SPU's hal _mux at the measured version (B2A of the bit, then MulAA); fast, with two
 * parties, a MulA1B. Costs: the registry's 'select'.
 */
export async function select(p: Party, pred: BShare, a: AShare, b: AShare): Promise<AShare> {
  const s = p.scoped('select');
  return addAA(p, b, await mulBit(s, subAA(p, a, b), pred));
}
