/** The ring for a field, and the fixed-point defaults SPU uses for it. */
import { MpcError } from '../errors';
import type { Field, Ring } from './ring';
import { ring64 } from './ring64';
import { ring128 } from './ring128';

export type { Field, Ring, Words } from './ring';

/** Every field a run can use, the default first. */
export const FIELDS: readonly Field[] = ['FM128', 'FM64'];
export { backtypeBytes, wordsAsBytes } from './ring';

/** The ring Z_2^k for a field name. */
export function ringOf(field: Field): Ring {
  if (field === 'FM64') return ring64;
  if (field === 'FM128') return ring128;
  throw new MpcError('ERR_UNSUPPORTED', `unknown field ${String(field)}: supported are FM64 and FM128`);
}

/** SPU's default fraction bits (libspu/core/config.cc defaultFxpBits): 18 for FM64, 26 for FM128. */
export function defaultFractionBits(field: Field): number {
  return field === 'FM64' ? 18 : 26;
}
