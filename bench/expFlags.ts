/** The options every exp command shares, parsed once: method, profile, ring, parties, n, batching. */
import { EXP_METHODS, type ExpMethod } from '../src/mpc/approx/exp';
import { TAYLOR_DEFAULT_ITERATIONS } from '../src/mpc/approx/exp/taylor';
import { DEFAULT_PROFILE, PROFILE_NAMES, type ProfileName } from '../src/mpc/protocols/semi2k/profile';
import type { Field } from '../src/mpc/ring';
import { parseFlags, type FlagSpec, type Flags } from './args';

export const EXP_FLAGS = {
  json: { kind: 'bool' },
  method: { kind: 'string', choices: EXP_METHODS },
  profile: { kind: 'string', choices: PROFILE_NAMES },
  field: { kind: 'string', choices: ['FM64', 'FM128'] },
  parties: { kind: 'int' },
  n: { kind: 'int' },
  iterations: { kind: 'int' },
  batching: { kind: 'string', choices: ['on', 'off'] },
} as const satisfies FlagSpec;

export interface ExpSettings {
  readonly json: boolean;
  /** Only if given: commands run every method otherwise. */
  readonly method: ExpMethod | undefined;
  readonly profile: ProfileName;
  readonly field: Field;
  readonly parties: number;
  readonly n: number;
  readonly iterations: number;
  readonly batching: boolean;
}

/** Parse argv against the shared options plus `extra`; defaults as the commands document. */
export function parseExpFlags(argv: readonly string[], defaults: { n: number }, extra: FlagSpec = {}): { settings: ExpSettings; flags: Flags } {
  const flags = parseFlags(argv, { ...EXP_FLAGS, ...extra });
  return {
    flags,
    settings: {
      json: flags.json === true,
      method: flags.method as ExpMethod | undefined,
      profile: (flags.profile as ProfileName | undefined) ?? DEFAULT_PROFILE,
      field: (flags.field as Field | undefined) ?? 'FM128',
      parties: (flags.parties as number | undefined) ?? 2,
      n: (flags.n as number | undefined) ?? defaults.n,
      iterations: (flags.iterations as number | undefined) ?? TAYLOR_DEFAULT_ITERATIONS,
      batching: (flags.batching ?? 'on') === 'on',
    },
  };
}
