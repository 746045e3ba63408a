/**
 * What every party must agree on for a run (the proposal), and its validation: a proposal comes
 * from another tab, so every field is checked and a bad one is refused with a reason.
 */
import type { ExpMethod, Field, NetProfile, OtExtension, ProfileName, RunConfig, Trust } from '../workers/api';
import { EXP_METHODS, expMethodProblem, FIELDS as ENGINE_FIELDS, PROFILE_NAMES } from '../workers/readings';

/**
 * The proposal: the worker's RunConfig without what each run fixes itself (its session id and the
 * room's party count), plus what only the pages act on.
 */
export type RunParams = Omit<RunConfig, 'session' | 'parties'> & {
  /** Deflate each frame on the wire (fflate) and measure the ratio. */
  readonly compression: boolean;
  /** Who makes the correlated randomness (RunConfig.trust); the default depends on n (defaultTrust). */
  readonly trust: Trust;
  readonly otExtension: OtExtension;
};

/** Network emulation applied by every party to its outgoing frames (held until due by the receiver, netem.ts). */
export type NetSetting = NetProfile;

/** The engine's lists (src/workers/readings.ts), in the order the form shows them. */
export const METHODS: readonly ExpMethod[] = EXP_METHODS;
export const PROFILES: readonly ProfileName[] = PROFILE_NAMES;
export const FIELDS: readonly Field[] = ENGINE_FIELDS;
export const TRUSTS: readonly Trust[] = ['ot', 'tfp'];
export const OT_EXTENSIONS: readonly OtExtension[] = ['softspoken4', 'softspoken7', 'softspoken8', 'iknp'];
/**
 * Above this many values the trusted first party is the default (the offline phase's bytes and
 * time grow with n); up to it, OT is, while the offline phase's planned bytes stay within a
 * bound too (offlineCost.ts, defaultTrustFor, once the worker has planned it).
 */
export const OT_DEFAULT_MAX_N = 10_000;

/** The app's default trust for a run of n values, until the offline phase's plan refines it (offlineCost.ts). */
export function defaultTrust(n: number): Trust {
  return n <= OT_DEFAULT_MAX_N ? 'ot' : 'tfp';
}

/** A run holds every input and output in memory in every tab, so its size is bounded. */
export const MAX_N = 2_000_000;

export const DEFAULT_PARAMS: RunParams = {
  method: 'pade',
  iterations: 8,
  profile: 'fast',
  field: 'FM128',
  batching: true,
  n: 1000,
  inputParty: 0,
  lowerClamp: true,
  upperClamp: false,
  net: null,
  compression: false,
  stepMode: false,
  trust: defaultTrust(1000),
  otExtension: 'softspoken4',
};

/** Why these parameters cannot run in a room of `parties`, or null if they can. */
export function paramsProblem(p: RunParams, parties: number): string | null {
  const unsupported = expMethodProblem(p.method, parties, p.field, 'this room');
  if (unsupported) return unsupported;
  if (p.inputParty < 0 || p.inputParty >= parties) return `input party ${p.inputParty} is not in this ${parties}-party room`;
  return null;
}

/** Parse a proposal's params from another tab; throws an Error naming the first bad field. */
export function parseParams(raw: Record<string, unknown>): RunParams {
  const pick = <T>(key: string, ok: (v: unknown) => v is T): T => {
    const v = raw[key];
    if (!ok(v)) throw new Error(`bad run proposal: field '${key}' is ${JSON.stringify(v)}`);
    return v;
  };
  const oneOf = <T extends string>(list: readonly T[]) => (v: unknown): v is T => typeof v === 'string' && (list as readonly string[]).includes(v);
  const int = (lo: number, hi: number) => (v: unknown): v is number => Number.isInteger(v) && (v as number) >= lo && (v as number) <= hi;
  const bool = (v: unknown): v is boolean => typeof v === 'boolean';
  const net = (v: unknown): v is NetSetting | null => {
    if (v === null) return true;
    if (typeof v !== 'object') return false;
    const n = v as Record<string, unknown>;
    const lat = n['latencyMs'];
    const bw = n['bandwidthBps'];
    return typeof lat === 'number' && lat >= 0 && lat <= 10_000 && typeof bw === 'number' && bw >= 1e3 && bw <= 1e12;
  };
  return {
    method: pick('method', oneOf(METHODS)),
    iterations: pick('iterations', int(1, 20)),
    profile: pick('profile', oneOf(PROFILES)),
    field: pick('field', oneOf(FIELDS)),
    batching: pick('batching', bool),
    n: pick('n', int(1, MAX_N)),
    inputParty: pick('inputParty', int(0, 15)),
    lowerClamp: pick('lowerClamp', bool),
    upperClamp: pick('upperClamp', bool),
    net: pick('net', net),
    compression: pick('compression', bool),
    stepMode: pick('stepMode', bool),
    trust: pick('trust', oneOf(TRUSTS)),
    otExtension: pick('otExtension', oneOf(OT_EXTENSIONS)),
  };
}
