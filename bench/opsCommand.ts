/**
 * `tabmpc ops`: run every SEMI2K kernel of the registry (kernels.ts) on n random elements and
 * report, per party and per element, the payload bytes sent and the rounds, as measured by the
 * scheduler's counters. Kernels the registry says do not run with this party count or ring are
 * listed as not run.
 */
import { a2p, mulAA, p2a, squareA, v2a } from '../src/mpc/protocols/semi2k/arithmetic';
import { andBB, bitB } from '../src/mpc/protocols/semi2k/boolean';
import { msb, mulBit, select } from '../src/mpc/protocols/semi2k/compare';
import { a2b, a2bLow32, b2a, msbA2B, msbBounded } from '../src/mpc/protocols/semi2k/conversion';
import { expA } from '../src/mpc/protocols/semi2k/expA';
import { KERNEL_NAMES, kernelCost, kernelInfo, type KernelName } from '../src/mpc/protocols/semi2k/kernels';
import type { Party } from '../src/mpc/protocols/semi2k/party';
import { mulA1B, mulPriv, mulPrivBits, mulPrivGf } from '../src/mpc/protocols/semi2k/priv';
import { boundedCompareBits, DEFAULT_PROFILE, PROFILE_NAMES, type ProfileName } from '../src/mpc/protocols/semi2k/profile';
import type { AShare, BShare } from '../src/mpc/protocols/semi2k/shares';
import { truncA, truncAPr, truncLocal2pc } from '../src/mpc/protocols/semi2k/truncation';
import { MpcError } from '../src/mpc/errors';
import type { Field } from '../src/mpc/ring';
import { gfFromBigInts } from '../src/mpc/ring/gfp';
import { simulate } from '../src/mpc/io/simulate';
import { RecordingCorrelations, type CorrelationRequest } from '../src/mpc/offline/correlations';
import { planOffline } from '../src/mpc/offline/corr/otDealer';
import { markdownTable, parseFlags } from './args';
import { trustOf, TRUST_FLAGS, type TrustSettings } from './expFlags';

interface OpInputs {
  readonly x: AShare;
  readonly y: AShare;
  /** A full-width boolean sharing of x, made before the measurement starts (kernels with a B input). */
  readonly xb: BShare | null;
}

/** How to run each kernel of the registry on prepared inputs (the registry lists them; this says how to call them). */
const RUN: Record<KernelName, (p: Party, i: OpInputs) => Promise<unknown>> = {
  p2a: async (p, { x }) => p2a(p, x.data),
  v2a: async (p, { x }) => v2a(p, 0, p.self === 0 ? x.data : null, x.n),
  a2p: (p, { x }) => a2p(p, x),
  mul_aa: (p, { x, y }) => mulAA(p, x, y),
  square_a: (p, { x }) => squareA(p, x),
  trunc_a: (p, { x }) => truncAPr(p, x, p.fxp),
  trunc_a_local: async (p, { x }) => truncLocal2pc(p, x, p.fxp),
  trunc: (p, { x }) => truncA(p, x, p.fxp),
  and_bb: (p, { xb }) => andBB(p, xb!, xb!),
  msb_a2b: (p, { x }) => msbA2B(p, x),
  msb_bounded: (p, { x }) => msbBounded(p, x, boundedCompareBits(p.profile, p.fxp)),
  msb: (p, { x }) => msb(p, x),
  a2b: (p, { x }) => a2b(p, x),
  a2b_low32: (p, { x }) => a2bLow32(p, x),
  b2a: (p, { xb }) => b2a(p, xb!),
  b2a_bit: (p, { xb }) => b2a(p, bitB(p, xb!, 0)),
  mul_a1b: (p, { x, xb }) => mulA1B(p, x, bitB(p, xb!, 0)),
  mul_bit: (p, { x, xb }) => mulBit(p, x, bitB(p, xb!, 0)),
  select: (p, { x, y, xb }) => select(p, bitB(p, xb!, 0), x, y),
  mul_priv: (p, { x }) => mulPriv(p, x.data),
  mul_priv_gf: (p, { x }) => mulPrivGf(p, gfFromBigInts(Array.from({ length: x.n }, (_, i) => BigInt(i + 1)))),
  mul_priv_bits: (p, { x }) => mulPrivBits(p, p.ring.andScalar(x.data, 1n)),
  exp_a: (p, { x }) => expA(p, x),
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
  /** trust 'ot' only: the correlations the kernel consumes, and making them by OT (planOffline): party 0's bytes per element, rounds. */
  correlations?: string;
  offlineBytesSentPerElement?: number;
  offlineRounds?: number;
}

export async function measureOp(op: KernelName, field: Field, parties: number, n: number, profile: ProfileName, batching: boolean, trust?: TrustSettings): Promise<OpsRow> {
  kernelCost(op, { field, parties, n, profile }); // throws for a kernel that does not run here
  const needsBool = kernelInfo(op).inputs.includes('B');
  // one party's correlation requests (every party makes the same), those of the kernel alone
  let recorder: RecordingCorrelations | null = null;
  let from = 0;
  let to = 0;
  const runs = await simulate(
    parties,
    async (p) => {
      const bound = 2 ** 40;
      const vals = Array.from({ length: n }, (_, i) => BigInt(Math.floor(((i * 7919) % 1000003) / 1000003 * bound - bound / 2)));
      const x = v2a(p, 0, p.self === 0 ? p.ring.fromBigInts(vals) : null, n);
      const y = v2a(p, 1, p.self === 1 ? p.ring.fromBigInts(vals.map((v) => -v)) : null, n);
      const xb = needsBool ? await a2b(p, x) : null;
      const before = p.sched.traffic().online;
      const recorded = p.dealer === recorder;
      if (recorded) from = recorder!.requests.length;
      await RUN[op](p, { x, y, xb });
      if (recorded) to = recorder!.requests.length;
      const after = p.sched.traffic().online;
      return {
        rounds: after.rounds - before.rounds,
        sent: after.payloadBytesSent - before.payloadBytesSent,
        received: after.payloadBytesReceived - before.payloadBytesReceived,
      };
    },
    { field, profile, batching, instrument: (c) => (recorder ? c : (recorder = new RecordingCorrelations(c))) },
  );
  const r = runs[0]!.output;
  const row: OpsRow = { op, field, parties, n, profile, batching, bytesSentPerElement: r.sent / n, bytesReceivedPerElement: r.received / n, rounds: r.rounds };
  if (trust?.trust !== 'ot') return row;
  const requests: CorrelationRequest[] = (recorder as RecordingCorrelations | null)?.requests.slice(from, to) ?? [];
  const off = planOffline(requests, parties, field === 'FM64' ? 64 : 128, trust.otExtension, { batching });
  return {
    ...row,
    correlations: correlationsText(requests, n),
    offlineBytesSentPerElement: off.sent[0]! / n,
    offlineRounds: off.rounds,
  };
}

/** The requests summed by kind and parameter, per element: 'andTriple(128)×15 triple×1'. */
function correlationsText(requests: readonly CorrelationRequest[], n: number): string {
  const sums = new Map<string, number>();
  for (const q of requests) {
    const key = `${q.kind}${q.param ? `(${q.param})` : ''}`;
    sums.set(key, (sums.get(key) ?? 0) + q.n);
  }
  return [...sums].map(([k, v]) => `${k}×${Number((v / n).toFixed(3))}`).join(' ') || 'none';
}

export async function opsCommand(argv: readonly string[]): Promise<void> {
  const flags = parseFlags(argv, {
    json: { kind: 'bool' },
    field: { kind: 'string', choices: ['FM64', 'FM128'] },
    parties: { kind: 'int' },
    n: { kind: 'int' },
    batching: { kind: 'string', choices: ['on', 'off'] },
    profile: { kind: 'string', choices: PROFILE_NAMES },
    op: { kind: 'string', choices: KERNEL_NAMES },
    ...TRUST_FLAGS,
  });
  const trust = trustOf(flags);
  const field = (flags.field as Field | undefined) ?? 'FM128';
  const parties = (flags.parties as number | undefined) ?? 2;
  const n = (flags.n as number | undefined) ?? 1000;
  const profile = (flags.profile as ProfileName | undefined) ?? DEFAULT_PROFILE;
  const batching = (flags.batching ?? 'on') === 'on';
  const rows: OpsRow[] = [];
  const skipped: { op: string; reason: string }[] = [];
  for (const op of flags.op ? [flags.op as KernelName] : KERNEL_NAMES) {
    try {
      rows.push(await measureOp(op, field, parties, n, profile, batching, trust));
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
  if (trust.trust === 'ot') {
    console.log(
      `trust ot (${trust.otExtension}): the correlations each kernel consumes (kind(param)×per element) and making them by OT, party 0's offline payload bytes per element and rounds (planOffline; setup not included).\n`,
    );
    console.log(markdownTable(['op', 'bytesSentPerElement', 'bytesReceivedPerElement', 'rounds', 'correlations', 'offlineBytesSentPerElement', 'offlineRounds'], rows as never));
  } else {
    console.log(markdownTable(['op', 'bytesSentPerElement', 'bytesReceivedPerElement', 'rounds'], rows as never));
  }
  for (const s of skipped) console.log(`\n${s.op}: not run (${s.reason})`);
}
