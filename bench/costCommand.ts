/**
 * `tabmpc cost`: run exp by each method on n inputs (2 parties by default, in process) and
 * report, per party and per element, the payload bytes sent and the rounds.
 */
import { EXP_METHODS, expDomain, type ExpMethod } from '../src/mpc/approx/exp';
import { MpcError } from '../src/mpc/errors';
import { profileOf, type ProfileName } from '../src/mpc/protocols/semi2k/profile';
import { defaultFractionBits, type Field } from '../src/mpc/ring';
import { linspace } from '../src/mpc/eval/metrics';
import { runExpInProcess } from '../src/mpc/session/expRun';
import { markdownTable } from './args';
import { parseExpFlags, plannedOffline, trustOf, TRUST_FLAGS, type TrustSettings } from './expFlags';

export interface CostRow {
  method: ExpMethod;
  iterations?: number;
  profile: ProfileName;
  field: Field;
  parties: number;
  n: number;
  batching: boolean;
  bytesSentPerElement: number;
  bytesReceivedPerElement: number;
  rounds: number;
  /** The exp alone, party 0's wall time, in process. */
  ms: number;
  /** trust 'ot' only: the offline phase (planOffline), party 0's payload bytes per element and its rounds. */
  offlineBytesSentPerElement?: number;
  offlineRounds?: number;
}

export interface CostConfig {
  readonly method: ExpMethod;
  readonly profile: ProfileName;
  readonly field: Field;
  readonly parties: number;
  readonly n: number;
  readonly batching: boolean;
  readonly iterations: number;
}

export async function measureExpCost(c: CostConfig, trust?: TrustSettings): Promise<CostRow> {
  const [lo, hi] = expDomain(c.method, c.field, defaultFractionBits(c.field), profileOf(c.profile), c.iterations);
  const res = await runExpInProcess(linspace(lo, hi, c.n), c);
  const t = res.traffic[0]!;
  return {
    method: c.method,
    ...(c.method === 'taylor' ? { iterations: c.iterations } : {}),
    profile: c.profile,
    field: c.field,
    parties: c.parties,
    n: c.n,
    batching: c.batching,
    bytesSentPerElement: t.payloadBytesSent / c.n,
    bytesReceivedPerElement: t.payloadBytesReceived / c.n,
    rounds: t.rounds,
    ms: Math.round(res.elapsedMs * 10) / 10,
    // the online phase costs the same whoever makes the correlations; the offline phase is planned
    ...(trust?.trust === 'ot' ? await plannedOffline({ ...c, inputParty: 0 }, c.parties, c.n, trust.otExtension) : {}),
  };
}

export async function costCommand(argv: readonly string[]): Promise<void> {
  const { settings: base, flags } = parseExpFlags(argv, { n: 1000 }, TRUST_FLAGS);
  const trust = trustOf(flags);
  const methods = base.method ? [base.method] : EXP_METHODS;
  const rows: CostRow[] = [];
  const skipped: { method: string; reason: string }[] = [];
  for (const method of methods) {
    try {
      rows.push(await measureExpCost({ ...base, method }, trust));
    } catch (err) {
      // an explicitly requested method that cannot run is an error; in the full table, a note
      if (base.method || !(err instanceof MpcError && err.code === 'ERR_UNSUPPORTED')) throw err;
      skipped.push({ method, reason: err.message });
    }
  }
  if (base.json) {
    process.stdout.write(JSON.stringify({ rows, skipped }) + '\n');
    return;
  }
  console.log(`exp cost, ${base.field}, ${base.parties} parties, n = ${base.n}, profile ${base.profile}, batching ${base.batching ? 'on' : 'off'}`);
  console.log('Per party and per element: payload bytes sent and received; rounds; in-process time of the exp (ms).');
  if (trust.trust === 'ot') {
    console.log(
      `trust ot (${trust.otExtension}): the online phase costs the same as with the trusted first party; offline: party 0's payload bytes sent per element and rounds making the Beaver material by OT (planOffline, exact; plus 2 setup rounds of key agreement and base OTs, ~4.2 kB per peer, once per pair).\n`,
    );
    console.log(markdownTable(['method', 'iterations', 'bytesSentPerElement', 'bytesReceivedPerElement', 'rounds', 'offlineBytesSentPerElement', 'offlineRounds', 'ms'], rows as never));
  } else {
    console.log('trust tfp: the trusted first party deals; offline only its setup round of seeds.\n');
    console.log(markdownTable(['method', 'iterations', 'bytesSentPerElement', 'bytesReceivedPerElement', 'rounds', 'ms'], rows as never));
  }
  for (const s of skipped) console.log(`\n${s.method}: not run (${s.reason})`);
}
