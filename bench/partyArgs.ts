/**
 * `tabmpc party`'s flags: where the server is (the page's address or an invite link), which room,
 * and, to propose a run, its parameters. Every problem is a UsageError (one line, exit code 2).
 */
import { EXP_METHODS, type ExpMethod } from '../src/mpc/approx/exp';
import { PROFILE_NAMES, type ProfileName } from '../src/mpc/protocols/semi2k/profile';
import { DEFAULT_PARAMS, MAX_N, OT_EXTENSIONS, type RunParams } from '../src/app/params';
import type { PrivateInput } from '../src/app/inputs';
import { MAX_CAPACITY, MIN_CAPACITY, ROOM_ID_PATTERN, SIGNAL_PATH } from '../signaling/protocol';
import type { Field } from '../src/mpc/ring';
import type { OtExtension } from '../src/mpc/offline/otSetup';
import { parseFlags, UsageError, type FlagSpec } from './args';

export const PARTY_FLAGS = {
  url: { kind: 'string' },
  room: { kind: 'string' },
  create: { kind: 'int' },
  method: { kind: 'string', choices: EXP_METHODS },
  n: { kind: 'int' },
  field: { kind: 'string', choices: ['FM64', 'FM128'] },
  profile: { kind: 'string', choices: PROFILE_NAMES },
  trust: { kind: 'string', choices: ['tfp', 'ot'] },
  'ot-extension': { kind: 'string', choices: OT_EXTENSIONS },
  lo: { kind: 'number' },
  hi: { kind: 'number' },
  runs: { kind: 'int' },
  'wait-s': { kind: 'int' },
  json: { kind: 'bool' },
} as const satisfies FlagSpec;

export interface PartySettings {
  /** ws(s)://host/signal. */
  readonly signalingUrl: string;
  /** The page's origin, for the invite link (http(s)://host). */
  readonly appOrigin: string;
  readonly room: string | null;
  readonly create: number | null;
  /** Parameters of the run to propose, or null: take part in the room's runs. */
  readonly propose: RunParams | null;
  readonly input: PrivateInput;
  /** Leave after this many runs (null: keep taking part until interrupted; 1 when proposing). */
  readonly runs: number | null;
  /** How long a proposer waits for the room to fill (s). */
  readonly waitS: number;
  readonly json: boolean;
}

/** The server's /signal endpoint, the app's origin and an invite link's room, from --url. */
export function serverOf(url: string): { signalingUrl: string; appOrigin: string; room: string | null } {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new UsageError(`--url: '${url}' is not a URL (try http://127.0.0.1:8080)`);
  }
  const secure = u.protocol === 'https:' || u.protocol === 'wss:';
  if (!['http:', 'https:', 'ws:', 'wss:'].includes(u.protocol)) throw new UsageError(`--url: '${url}' is not an http(s):// or ws(s):// address`);
  const host = u.host;
  return {
    signalingUrl: `${secure ? 'wss' : 'ws'}://${host}${SIGNAL_PATH}`,
    appOrigin: `${secure ? 'https' : 'http'}://${host}`,
    room: u.searchParams.get('room'),
  };
}

export function parsePartyFlags(argv: readonly string[]): PartySettings {
  const f = parseFlags(argv, PARTY_FLAGS);
  if (typeof f.url !== 'string') throw new UsageError('--url is required: the address of the TabMPC server (or an invite link)');
  const server = serverOf(f.url);
  const room = (f.room as string | undefined) ?? server.room;
  const create = (f.create as number | undefined) ?? null;
  if (room !== null && create !== null) throw new UsageError('give either --room (or an invite link) or --create, not both');
  if (room === null && create === null) throw new UsageError('give --room ID (or an invite link as --url) to join a room, or --create N to create one');
  if (room !== null && !ROOM_ID_PATTERN.test(room)) throw new UsageError(`--room: '${room}' is not a room id (32 lowercase hex digits)`);
  if (create !== null && (create < MIN_CAPACITY || create > MAX_CAPACITY)) throw new UsageError(`--create needs ${MIN_CAPACITY} to ${MAX_CAPACITY} parties, got ${create}`);
  const runParamFlags = ['n', 'field', 'profile', 'trust', 'ot-extension'].filter((k) => f[k] !== undefined);
  if (f.method === undefined && runParamFlags.length > 0) throw new UsageError(`--${runParamFlags[0]} sets a run this party proposes: give --method too`);
  const n = (f.n as number | undefined) ?? DEFAULT_PARAMS.n;
  if (n > MAX_N) throw new UsageError(`--n: at most ${MAX_N} values, got ${n}`);
  const lo = (f.lo as number | undefined) ?? -10;
  const hi = (f.hi as number | undefined) ?? 10;
  if (!(lo <= hi)) throw new UsageError(`--lo ${lo} is above --hi ${hi}`);
  const propose: RunParams | null =
    f.method === undefined
      ? null
      : {
          ...DEFAULT_PARAMS,
          method: f.method as ExpMethod,
          n,
          field: (f.field as Field | undefined) ?? DEFAULT_PARAMS.field,
          profile: (f.profile as ProfileName | undefined) ?? DEFAULT_PARAMS.profile,
          // the CLI's default, as `tabmpc cost` (SPU's tables): the trusted first party
          trust: (f.trust as RunParams['trust'] | undefined) ?? 'tfp',
          otExtension: (f['ot-extension'] as OtExtension | undefined) ?? DEFAULT_PARAMS.otExtension,
        };
  return {
    signalingUrl: server.signalingUrl,
    appOrigin: server.appOrigin,
    room,
    create,
    propose,
    input: { kind: 'range', value: lo, lo, hi, spacing: 'even' },
    runs: (f.runs as number | undefined) ?? (propose ? 1 : null),
    waitS: (f['wait-s'] as number | undefined) ?? 120,
    json: f.json === true,
  };
}
