/**
 * `tabmpc ops`: run every SEMI2K kernel on n random elements and report, per party and per
 * element, the payload bytes sent and the rounds, as measured by the scheduler's counters.
 */
import { a2p, mulAA, squareA, v2a } from '../src/mpc/protocols/semi2k/arithmetic';
import { bitB } from '../src/mpc/protocols/semi2k/boolean';
import { select } from '../src/mpc/protocols/semi2k/compare';
import { a2b, b2a, msbA2B } from '../src/mpc/protocols/semi2k/conversion';
import type { Party } from '../src/mpc/protocols/semi2k/party';
import { mulPriv } from '../src/mpc/protocols/semi2k/priv';
import { DEFAULT_PROFILE, PROFILE_NAMES, type ProfileName } from '../src/mpc/protocols/semi2k/profile';
import type { AShare, BShare } from '../src/mpc/protocols/semi2k/shares';
import { truncA } from '../src/mpc/protocols/semi2k/truncation';
import { MpcError } from '../src/mpc/errors';
import type { Field } from '../src/mpc/ring';
import { simulate } from '../src/mpc/io/simulate';
import { markdownTable, parseFlags } from './args';

interface OpInputs {
  readonly x: AShare;
  readonly y: AShare;
  /** A full-width boolean sharing of x, made before the measurement starts. */
  readonly xb: BShare | null;
}

interface OpSpec {
  readonly needsBool?: boolean;
  run(p: Party, i: OpInputs): Promise<unknown>;
}

/** The kernels as the issue names them, each run on prepared inputs. */
const OPS: Record<string, OpSpec> = {
  mulAA: { run: (p, { x, y }) => mulAA(p, x, y) },
  squareA: { run: (p, { x }) => squareA(p, x) },
  truncA: { run: (p, { x }) => truncA(p, x, p.fxp) },
  a2p: { run: (p, { x }) => a2p(p, x) },
  msbA2B: { run: (p, { x }) => msbA2B(p, x) },
  a2b: { run: (p, { x }) => a2b(p, x) },
  b2a1: { needsBool: true, run: (p, { xb }) => b2a(p, bitB(p, xb!, 0)) },
  b2aFull: { needsBool: true, run: (p, { xb }) => b2a(p, xb!) },
  select: { needsBool: true, run: (p, { x, y, xb }) => select(p, bitB(p, xb!, 0), x, y) },
  mulPriv: { run: (p, { x }) => mulPriv(p, x.data) },
};

export interface OpsRow {
  op: string;
  field: Field;
  parties: number;
  n: number;
  profile: ProfileName;
  batching: boolean;
  bytesSentPerElement: number;
  bytesReceivedPerElement: number;
  rounds: number;
}

export async function measureOp(op: string, field: Field, parties: number, n: number, profile: ProfileName, batching: boolean): Promise<OpsRow> {
  const spec = OPS[op]!;
  const runs = await simulate(
    parties,
    async (p) => {
      const bound = 2 ** 40;
      const vals = Array.from({ length: n }, (_, i) => BigInt(Math.floor(((i * 7919) % 1000003) / 1000003 * bound - bound / 2)));
      const x = v2a(p, 0, p.self === 0 ? p.ring.fromBigInts(vals) : null, n);
      const y = v2a(p, 1, p.self === 1 ? p.ring.fromBigInts(vals.map((v) => -v)) : null, n);
      const xb = spec.needsBool ? await a2b(p, x) : null;
      const before = p.sched.traffic().online;
      await spec.run(p, { x, y, xb });
      const after = p.sched.traffic().online;
      return {
        rounds: after.rounds - before.rounds,
        sent: after.payloadBytesSent - before.payloadBytesSent,
        received: after.payloadBytesReceived - before.payloadBytesReceived,
      };
    },
    { field, profile, batching },
  );
  const r = runs[0]!.output;
  return { op, field, parties, n, profile, batching, bytesSentPerElement: r.sent / n, bytesReceivedPerElement: r.received / n, rounds: r.rounds };
}

export async function opsCommand(argv: readonly string[]): Promise<void> {
  const flags = parseFlags(argv, {
    json: { kind: 'bool' },
    field: { kind: 'string', choices: ['FM64', 'FM128'] },
    parties: { kind: 'int' },
    n: { kind: 'int' },
    batching: { kind: 'string', choices: ['on', 'off'] },
    profile: { kind: 'string', choices: PROFILE_NAMES },
    op: { kind: 'string', choices: Object.keys(OPS) },
  });
  const field = (flags.field as Field | undefined) ?? 'FM128';
  const parties = (flags.parties as number | undefined) ?? 2;
  const n = (flags.n as number | undefined) ?? 1000;
  const profile = (flags.profile as ProfileName | undefined) ?? DEFAULT_PROFILE;
  const batching = (flags.batching ?? 'on') === 'on';
  const rows: OpsRow[] = [];
  const skipped: { op: string; reason: string }[] = [];
  for (const op of flags.op ? [flags.op as string] : Object.keys(OPS)) {
    try {
      rows.push(await measureOp(op, field, parties, n, profile, batching));
    } catch (err) {
      if (!(err instanceof MpcError && (err.code === 'ERR_PARTY_COUNT' || err.code === 'ERR_UNSUPPORTED'))) throw err;
      skipped.push({ op, reason: err.message });
    }
  }
  if (flags.json) {
    process.stdout.write(JSON.stringify({ rows, skipped }) + '\n');
    return;
  }
  console.log(`SEMI2K kernels, ${field}, ${parties} parties, n = ${n}, profile ${profile}, batching ${batching ? 'on' : 'off'}`);
  console.log('Per party and per element: payload bytes sent (to all peers together) and rounds.\n');
  console.log(markdownTable(['op', 'bytesSentPerElement', 'bytesReceivedPerElement', 'rounds'], rows as never));
  for (const s of skipped) console.log(`\n${s.op}: not run (${s.reason})`);
}
