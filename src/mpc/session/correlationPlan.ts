/**
 * Which correlations an exp run consumes, known before it starts: the requests of dry runs on 1
 * and on 8 elements (trust 'tfp', all parties in process, party 0's requests recorded). Every
 * party makes the same requests in the same order, with data-independent sizes that are linear in
 * n, so two dry runs give the sequence for any n; a size that is not linear fails the plan.
 */
import { exp } from '../approx/exp';
import { seededEntropy } from '../prg/entropy';
import { MpcError } from '../errors';
import { RecordingCorrelations, type CorrelationKind, type CorrelationRequest } from '../offline/correlations';
import { v2a } from '../protocols/semi2k/arithmetic';
import { Party } from '../protocols/semi2k/party';
import { memoryNetwork } from '../io/memoryTransport';
import type { ExpJob } from './expSession';

/** One request of the plan: size = perElement·n + constant. */
export interface PlannedRequest {
  readonly kind: CorrelationKind;
  readonly param: number;
  readonly perElement: number;
  readonly constant: number;
}

export async function planCorrelations(job: Omit<ExpJob, 'n'>, parties: number): Promise<PlannedRequest[]> {
  const one = await recordRequests(job, parties, 1);
  const eight = await recordRequests(job, parties, 8);
  const fail = (why: string): never => {
    throw new MpcError('ERR_PREPROCESSING', `cannot plan the correlations of exp ${job.method}: ${why}`);
  };
  if (one.length !== eight.length) fail(`${one.length} requests for 1 element but ${eight.length} for 8`);
  return one.map((r, i) => {
    const e = eight[i]!;
    if (e.kind !== r.kind || e.param !== r.param) fail(`request #${i} is ${r.kind}(${r.param}) for 1 element but ${e.kind}(${e.param}) for 8`);
    if ((e.n - r.n) % 7 !== 0) fail(`request #${i} (${r.kind}) grows from ${r.n} to ${e.n}, not linearly`);
    const perElement = (e.n - r.n) / 7;
    return { kind: r.kind, param: r.param, perElement, constant: r.n - perElement };
  });
}

/** The requests of a run on n elements. */
export function correlationsFor(plan: readonly PlannedRequest[], n: number): CorrelationRequest[] {
  return plan.map((p) => ({ kind: p.kind, param: p.param, n: p.perElement * n + p.constant }));
}

/** Party 0's requests in a dry run of the job on n elements. */
export async function recordRequests(job: Omit<ExpJob, 'n'>, parties: number, n: number): Promise<CorrelationRequest[]> {
  const net = memoryNetwork(parties);
  let recorder: RecordingCorrelations | null = null;
  try {
    await Promise.all(
      net.transports.map(async (t) => {
        const p = await Party.setup(t, {
          field: job.field,
          ...(job.profile === undefined ? {} : { profile: job.profile }),
          ...(job.fxp === undefined ? {} : { fxp: job.fxp }),
          // the order of requests follows the order in which exchanges resolve: plan with the run's batching
          ...(job.batching === undefined ? {} : { batching: job.batching }),
          entropy: seededEntropy(t.self),
          trust: 'tfp',
          instrument: (c) => (t.self === 0 ? (recorder = new RecordingCorrelations(c)) : c),
        });
        const x = v2a(p, job.inputParty, t.self === job.inputParty ? p.ring.alloc(n) : null, n);
        await exp(p, x, job);
      }),
    );
  } catch (err) {
    net.close(err);
    throw err;
  }
  return recorder!.requests;
}
