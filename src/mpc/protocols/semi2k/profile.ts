/**
 * A profile is the choice of kernels, kept in one small table so that a profile is data, not a
 * fork of the code (design.md §3.2). Kernels read it where they have a choice.
 *
 * - spu2024: exactly SPU's choices at the measured version (tag 0.9.3dev20241101, spu-exp.md §0):
 *   TruncAPr truncation, select = 1-bit B2A + MulAA, full-width comparisons, everything
 *   sequential. It reproduces SPU's bytes and rounds and is the reference for cost parity.
 * - fast (the default): the best kernels this project knows, for two parties (docs/exp.md):
 *   local truncation on FM128, select by one multiplication on rewritten operands, comparisons on
 *   bounded inputs, and exp structured so that batching overlaps independent work. With more than
 *   two parties, or where a fast kernel's error is not negligible (local truncation on FM64), it
 *   falls back to the spu2024 kernel. Its exp methods use more accurate steps of the same cost:
 *   a minimax polynomial (pade), a second-order first step (taylor), and fractional factors with
 *   20-bit mantissas, which move the lower clamp from −11.78 to −15.94 (prime).
 */
import { MpcError } from '../../errors';

export type ProfileName = 'spu2024' | 'fast';

export interface Profile {
  readonly name: ProfileName;
  /** Two-party truncation on FM128: 'pr' = TruncAPr (1 round), 'local' = shift each share (0 rounds). */
  readonly trunc2pcFM128: 'pr' | 'local';
  /** Two-party select by a 1-bit boolean: 'b2a+mul' (2 rounds) or 'a1b' (1 multiplication, 1 round). */
  readonly select2pc: 'b2a+mul' | 'a1b';
  /** Two-party comparison: carry tree over all k−1 low bits ('full') or over the bound's bits ('bounded'). */
  readonly compare2pc: 'full' | 'bounded';
  /** exp: SPU's sequential steps ('spu'), or clamps beside the main path and products as trees ('parallel'). */
  readonly expStructure: 'spu' | 'parallel';
  /** exp prime's wrap-bit product: a ring MulPriv (16 bytes) or single bits packed eight to a byte. */
  readonly primeWrapBit: 'ring' | 'bits';
  /** exp pade's polynomial for 2^u on [0, 1): SPU's p1015 (8.6e−5) or our minimax fit (7.5e−8). */
  readonly padePolynomial: 'p1015' | 'minimax';
  /**
   * exp taylor's first step: SPU's base 1 + x/2^N squared, or 1 + 2y + 2y² with y = x/2^N
   * (e^(2y) to second order) at the same cost: the error exponent drops from x²/2^(N+1) to
   * (2/3)·x³/2^(2N).
   */
  readonly taylorFirstStep: 'square' | 'second-order';
  /**
   * exp prime's mantissa bits for the fractional factors F_i: SPU's float32 (23), or fewer, which
   * trades relative precision 2^−(m+1) for trailing zeros and so a lower clamp further down.
   */
  readonly primeMantissaBits: number;
  /**
   * Largest |x| accepted for an input value (a real number). Bounded comparisons rely on it:
   * they look at log2(bound) + f + 2 bits. Infinity: any value the ring holds.
   */
  readonly inputBound: number;
}

export const PROFILES: Readonly<Record<ProfileName, Profile>> = {
  spu2024: {
    name: 'spu2024',
    trunc2pcFM128: 'pr',
    select2pc: 'b2a+mul',
    compare2pc: 'full',
    expStructure: 'spu',
    primeWrapBit: 'ring',
    padePolynomial: 'p1015',
    taylorFirstStep: 'square',
    primeMantissaBits: 23,
    inputBound: Infinity,
  },
  fast: {
    name: 'fast',
    trunc2pcFM128: 'local',
    select2pc: 'a1b',
    compare2pc: 'bounded',
    expStructure: 'parallel',
    primeWrapBit: 'bits',
    padePolynomial: 'minimax',
    taylorFirstStep: 'second-order',
    primeMantissaBits: 20,
    inputBound: 2 ** 14,
  },
};

export const DEFAULT_PROFILE: ProfileName = 'fast';
/** Every profile, the default first (the order the page and the CLI list them in). */
export const PROFILE_NAMES: readonly ProfileName[] = [DEFAULT_PROFILE, ...(Object.keys(PROFILES) as ProfileName[]).filter((n) => n !== DEFAULT_PROFILE)];

/** The profile with this name; a clear error naming the known ones otherwise. */
export function profileOf(name: string): Profile {
  const p = (PROFILES as Record<string, Profile | undefined>)[name];
  if (!p) throw new MpcError('ERR_UNSUPPORTED', `unknown profile '${name}': known are ${PROFILE_NAMES.join(', ')}`);
  return p;
}

/**
 * Bits a bounded comparison looks at: |x − y| < 2^l for inputs within the profile's bound, with
 * two bits of margin for the public constants exp compares against (|c| < 2^6).
 */
export function boundedCompareBits(profile: Profile, fxp: number): number {
  return Math.ceil(Math.log2(profile.inputBound)) + fxp + 2;
}
