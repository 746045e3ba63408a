/** The options every exp command shares, parsed once: method, profile, ring, parties, n, batching. */
import { EXP_METHODS, type ExpMethod } from '../src/mpc/approx/exp';
import { TAYLOR_DEFAULT_ITERATIONS } from '../src/mpc/approx/exp/taylor';
import { DEFAULT_PROFILE, PROFILE_NAMES, type ProfileName } from '../src/mpc/protocols/semi2k/profile';
import type { Field } from '../src/mpc/ring';
import { OT_EXTENSION_NAMES, type OtExtension } from '../src/mpc/offline/otSetup';
import type { Trust } from '../src/mpc/protocols/semi2k/party';
import { correlationsFor, planCorrelations } from '../src/mpc/session/correlationPlan';
import { planOffline } from '../src/mpc/offline/corr/otDealer';
import type { ExpJob } from '../src/mpc/session/expSession';
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

/**
 * Who makes the correlated randomness (--trust, default 'tfp': SPU's cost tables stay one command
 * away) and, for 'ot', the OT extension (--ot-extension, default softspoken4 as in the app).
 * The commands that take them pass these as `extra`.
 */
export const TRUST_FLAGS = {
  trust: { kind: 'string', choices: ['tfp', 'ot'] },
  'ot-extension': { kind: 'string', choices: OT_EXTENSION_NAMES },
} as const satisfies FlagSpec;

export interface TrustSettings {
  readonly trust: Trust;
  readonly otExtension: OtExtension;
}

export function trustOf(flags: Flags): TrustSettings {
  return { trust: (flags.trust as Trust | undefined) ?? 'tfp', otExtension: (flags['ot-extension'] as OtExtension | undefined) ?? 'softspoken4' };
}

/**
 * trust 'ot': the offline phase of an exp job on n values, from its correlation plan and
 * planOffline (exact, no OT run): party 0's payload bytes sent per element, and rounds. The setup
 * (key agreement and base OTs, 2 rounds, once per pair of parties) is not included.
 */
export async function plannedOffline(job: Omit<ExpJob, 'n'>, parties: number, n: number, extension: OtExtension): Promise<{ offlineBytesSentPerElement: number; offlineRounds: number }> {
  const plan = await planCorrelations(job, parties);
  const off = planOffline(correlationsFor(plan, n), parties, job.field === 'FM64' ? 64 : 128, extension, { batching: job.batching ?? true });
  return { offlineBytesSentPerElement: off.sent[0]! / n, offlineRounds: off.rounds };
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
