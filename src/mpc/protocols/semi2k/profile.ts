/**
 * A profile is the choice of kernels, kept in one small table so that a profile is data, not a
 * fork of the code (design.md §3.2).
 *
 * - spu2024: exactly SPU's choices at the measured version (tag 0.9.3dev20241101, spu-exp.md §0):
 *   TruncAPr truncation, select = 1-bit B2A + MulAA, everything sequential. It reproduces SPU's
 *   bytes and rounds, and is the reference for cost parity.
 */
import { MpcError } from '../../errors';

export type ProfileName = 'spu2024';

export interface Profile {
  readonly name: ProfileName;
  /** Two-party truncation: 'pr' = TruncAPr (1 round), 'local' = local shift of each share (0 rounds). */
  readonly trunc2pc: 'pr';
  /** Select by a 1-bit boolean: 'b2a+mul' = B2A then MulAA (2 rounds). */
  readonly select: 'b2a+mul';
}

export const PROFILES: Readonly<Record<ProfileName, Profile>> = {
  spu2024: { name: 'spu2024', trunc2pc: 'pr', select: 'b2a+mul' },
};

export const PROFILE_NAMES = Object.keys(PROFILES) as ProfileName[];

/** The profile with this name; a clear error naming the known ones otherwise. */
export function profileOf(name: string): Profile {
  const p = (PROFILES as Record<string, Profile | undefined>)[name];
  if (!p) throw new MpcError('ERR_UNSUPPORTED', `unknown profile '${name}': known are ${PROFILE_NAMES.join(', ')}`);
  return p;
}
