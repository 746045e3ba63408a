/**
 * The cost of a run, known before it starts, from dry runs of the same job on 1 and on 8
 * elements, all parties in process. Rounds do not depend on n. Bytes are a·n + b·⌈n/8⌉ for every
 * kernel we have: linear per element, plus single bits packed eight to a byte (the fast profile's
 * wrap bit); two dry runs determine a and b, so the plan is exact (tests check it against real runs).
 */
import { seededEntropy } from '../prg/entropy';
import { memoryNetwork } from '../io/memoryTransport';
import { planCorrelations, type PlannedRequest } from './correlationPlan';
import { runExpSession, type ExpJob } from './expSession';

export interface ExpPlan {
  readonly rounds: number;
  /** Per party (index = party): payload bytes sent = perElement·n + perPackedByte·⌈n/8⌉. */
  readonly sent: readonly ByteModel[];
  readonly received: readonly ByteModel[];
  /**
   * trust 'ot': the correlations the run consumes (correlationsFor gives them for n), to pass to
   * runExpSession as hooks.correlationPlan so that it does not plan them again.
   */
  readonly correlations?: readonly PlannedRequest[];
}

export interface ByteModel {
  readonly perElement: number;
  readonly perPackedByte: number;
}

/** Bytes for n elements under a model. */
export function plannedBytes(m: ByteModel, n: number): number {
  return m.perElement * n + m.perPackedByte * Math.ceil(n / 8);
}

export async function planExp(job: Omit<ExpJob, 'n'>, parties: number): Promise<ExpPlan> {
  const one = await dryRun(job, parties, 1);
  const eight = await dryRun(job, parties, 8);
  const model = (b1: number, b8: number): ByteModel => {
    const perElement = (b8 - b1) / 7;
    return { perElement, perPackedByte: b1 - perElement };
  };
  return {
    rounds: one[0]!.rounds,
    sent: one.map((r, i) => model(r.sent, eight[i]!.sent)),
    received: one.map((r, i) => model(r.received, eight[i]!.received)),
    ...(job.trust === 'ot' ? { correlations: await planCorrelations(job, parties) } : {}),
  };
}

async function dryRun(job: Omit<ExpJob, 'n'>, parties: number, n: number) {
  // the online phase costs the same whoever makes the correlations: plan it with the fast dealer
  const dry: ExpJob = { ...job, n, trust: 'tfp' };
  const net = memoryNetwork(parties);
  const xs = new Array<number>(n).fill(0);
  try {
    const runs = await Promise.all(
      net.transports.map((t) => runExpSession(t, dry, t.self === dry.inputParty ? xs : null, { entropy: seededEntropy(t.self) })),
    );
    return runs.map((r) => ({ rounds: r.exp.rounds, sent: r.exp.payloadBytesSent, received: r.exp.payloadBytesReceived }));
  } catch (err) {
    net.close(err);
    throw err;
  }
}

/**
 * The fields of a job a plan depends on: every field of ExpJob but n (the dry runs fix n
 * themselves). Listed, not taken as "the rest", because a worker's job carries more (its session
 * number, network...); the type check below fails if ExpJob gains a field this list lacks.
 */
const PLAN_FIELDS = ['method', 'field', 'profile', 'batching', 'iterations', 'fxp', 'lowerClamp', 'upperClamp', 'inputParty', 'trust', 'otExtension'] as const;
const everyPlanField: Exclude<keyof ExpJob, 'n' | (typeof PLAN_FIELDS)[number]> extends never ? true : never = true;

function planKey(job: Omit<ExpJob, 'n'>, parties: number): string {
  return JSON.stringify([parties, everyPlanField, ...PLAN_FIELDS.map((f) => job[f])]);
}

/**
 * Plans kept by job: a plan does not depend on n, so a worker makes each job's plan once (four dry
 * runs, 0.2–1 s in a busy tab) and not at every run. The oldest plan goes beyond `max` jobs; a
 * failed plan is not kept.
 */
export class PlanCache {
  private readonly plans = new Map<string, Promise<ExpPlan>>();

  constructor(private readonly max = 16) {}

  plan(job: Omit<ExpJob, 'n'>, parties: number): Promise<ExpPlan> {
    const key = planKey(job, parties);
    const kept = this.plans.get(key);
    if (kept) return kept;
    const made = planExp(job, parties);
    this.plans.set(key, made);
    made.catch(() => this.plans.delete(key));
    if (this.plans.size > this.max) this.plans.delete(this.plans.keys().next().value!);
    return made;
  }

  get size(): number {
    return this.plans.size;
  }
}
