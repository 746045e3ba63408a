/**
 * One party's whole exp run over any Transport: set up the session (one offline round), share
 * the input party's values privately, compute exp, open the result to everyone. The page's
 * worker runs this over WebRTC; tests and the CLI run it over the in-memory transport.
 */
import { checkExpSupported, exp, type ExpMethod } from '../approx/exp';
import { enforce, MpcError } from '../errors';
import type { OtExtension, OtStore } from '../offline/otSetup';
import type { CotExtensionWork } from '../offline/corr/otDealer';
import { a2p, v2a } from '../protocols/semi2k/arithmetic';
import { Party, type Trust } from '../protocols/semi2k/party';
import { DEFAULT_PROFILE, profileOf, type Profile, type ProfileName } from '../protocols/semi2k/profile';
import type { AShare } from '../protocols/semi2k/shares';
import type { Field } from '../ring';
import { decodeFxp, encodeFxp } from '../ring/fixedPoint';
import { hostClock } from '../sched/clock';
import { subtractTraffic, type Counters, type PhaseTraffic } from '../sched/counters';
import type { OpNode } from '../sched/graph';
import type { RoundRecord, SchedulerOptions } from '../sched/scheduler';
import type { Transport } from '../transport';
import { correlationsFor, planCorrelations, type PlannedRequest } from './correlationPlan';

export interface ExpJob {
  readonly method: ExpMethod;
  readonly field: Field;
  readonly profile?: ProfileName;
  readonly batching?: boolean;
  readonly iterations?: number;
  readonly fxp?: number;
  readonly lowerClamp?: boolean;
  readonly upperClamp?: boolean;
  /** Number of input values. */
  readonly n: number;
  /** The party that provides the inputs. */
  readonly inputParty: number;
  /** Who makes the correlated randomness (default 'tfp'; 'ot': the parties, in an offline phase). */
  readonly trust?: Trust;
  /** trust 'ot': the OT extension, 'iknp' (default) or 'softspoken4'..'softspoken8' (⌈128/k⌉ bits per COT instead of 128). */
  readonly otExtension?: OtExtension;
}

export interface ExpSessionHooks extends Pick<SchedulerOptions, 'onRound' | 'beforeRound' | 'roundTimeoutMs' | 'session'> {
  readonly entropy: (out: Uint8Array) => void;
  /** Called once the setup round is done and the exp is about to start. */
  readonly onStart?: () => void;
  /** Keep this party's own shares of the first `keepShares` values of x and y (share inspector). */
  readonly keepShares?: number;
  /** trust 'ot': the base OTs kept from earlier runs (the worker's), updated by this run. */
  readonly otStore?: OtStore;
  /** trust 'ot': the job's correlation plan, if the caller has it (planCorrelations); else made here. */
  readonly correlationPlan?: readonly PlannedRequest[];
  /** Called when the offline phase (setup and, for trust 'ot', the correlations) is done. */
  readonly onOfflineDone?: () => void;
}

export interface ExpSessionResult {
  /** exp of every input, opened to all parties. */
  readonly y: Float64Array;
  /** Traffic of the exp alone (excludes input sharing, which is free, and the final opening). */
  readonly exp: PhaseTraffic;
  /** Everything: setup and preprocessing (offline), exp and the opening (online). */
  readonly total: Counters;
  /** The offline phase: setup and, for trust 'ot', making the correlations. */
  readonly offline: PhaseTraffic;
  readonly graph: readonly OpNode[];
  readonly rounds: readonly RoundRecord[];
  /** Wall time of the exp alone (ms). */
  readonly elapsedMs: number;
  /** This party's own shares of the first values of x and y, as hex, if asked for (keepShares). */
  readonly shares: { readonly x: readonly string[]; readonly y: readonly string[] } | null;
  /**
   * Wall time of each phase of the session (ms): setup rounds, the making of the correlations
   * (trust 'ot', with its dry-run plan; 0 for 'tfp'), input sharing, exp, opening.
   */
  readonly phasesMs: { readonly setup: number; readonly preprocess: number; readonly input: number; readonly exp: number; readonly open: number };
  /** trust 'ot': this party's OT extension work (COTs and CPU ms per role); null for 'tfp'. */
  readonly cotExtension: CotExtensionWork | null;
}

export async function runExpSession(
  transport: Transport,
  job: ExpJob,
  inputs: ArrayLike<number> | null,
  hooks: ExpSessionHooks,
): Promise<ExpSessionResult> {
  enforce(Number.isInteger(job.n) && job.n >= 1, 'ERR_SHAPE', `n must be a positive integer, got ${job.n}`);
  enforce(
    Number.isInteger(job.inputParty) && job.inputParty >= 0 && job.inputParty < transport.parties,
    'ERR_PARTY_COUNT',
    `input party ${job.inputParty} is not one of the ${transport.parties} parties`,
  );
  checkExpSupported({ parties: transport.parties, field: job.field }, job.method);
  const isOwner = transport.self === job.inputParty;
  enforce(!isOwner || (inputs !== null && inputs.length === job.n), 'ERR_SHAPE', `the input party must pass ${job.n} values`);
  if (isOwner) checkInputBound(inputs!, profileOf(job.profile ?? DEFAULT_PROFILE));

  const trust = job.trust ?? 'tfp';
  const rounds: RoundRecord[] = [];
  const tSetup = hostClock.now();
  const p = await Party.setup(transport, {
    field: job.field,
    ...(job.profile === undefined ? {} : { profile: job.profile }),
    ...(job.batching === undefined ? {} : { batching: job.batching }),
    ...(job.fxp === undefined ? {} : { fxp: job.fxp }),
    ...(hooks.session === undefined ? {} : { session: hooks.session }),
    ...(hooks.roundTimeoutMs === undefined ? {} : { roundTimeoutMs: hooks.roundTimeoutMs }),
    ...(hooks.beforeRound === undefined ? {} : { beforeRound: hooks.beforeRound }),
    entropy: hooks.entropy,
    trust,
    ...(hooks.otStore === undefined ? {} : { otStore: hooks.otStore }),
    ...(job.otExtension === undefined ? {} : { otExtension: job.otExtension }),
    onRound: (r, traffic) => {
      if (r.phase === 'online') rounds.push(r);
      hooks.onRound?.(r, traffic);
    },
  });
  try {
    const tPre = hostClock.now();
    if (trust === 'ot') {
      const plan = hooks.correlationPlan ?? (await planCorrelations(job, transport.parties));
      await p.preprocess(correlationsFor(plan, job.n));
    }
    hooks.onOfflineDone?.();
    const tInput = hostClock.now();
    const x = v2a(p, job.inputParty, isOwner ? encodeFxp(p.ring, inputs!, p.fxp) : null, job.n);
    hooks.onStart?.();
    const before = p.sched.traffic().online;
    const t0 = hostClock.now();
    const y = await exp(p, x, job);
    const tOpen = hostClock.now();
    const elapsedMs = tOpen - t0;
    const expTraffic = subtractTraffic(p.sched.traffic().online, before);
    const k = Math.min(hooks.keepShares ?? 0, job.n);
    const hex = (w: AShare) => Array.from({ length: k }, (_, i) => p.ring.get(w.data, i).toString(16));
    const shares = k > 0 ? { x: hex(x), y: hex(y) } : null;
    const opened = decodeFxp(p.ring, await a2p(p, y), p.fxp);
    return {
      y: opened,
      shares,
      phasesMs: { setup: tPre - tSetup, preprocess: tInput - tPre, input: t0 - tInput, exp: elapsedMs, open: hostClock.now() - tOpen },
      exp: expTraffic,
      total: p.sched.traffic(),
      offline: p.sched.traffic().offline,
      cotExtension: p.offline ? { ...p.offline.dealer.extension } : null,
      graph: p.graph.nodes,
      rounds,
      elapsedMs,
    };
  } catch (err) {
    p.sched.abort(err);
    throw err;
  }
}

/**
 * The input party checks its own values against the profile's bound before anything is shared:
 * bounded comparisons would silently give wrong answers beyond it.
 */
function checkInputBound(xs: ArrayLike<number>, profile: Profile): void {
  if (!Number.isFinite(profile.inputBound)) return;
  for (let i = 0; i < xs.length; i++) {
    const v = xs[i]!;
    if (!(Math.abs(v) < profile.inputBound)) {
      throw new MpcError(
        'ERR_RANGE',
        `input ${v} at index ${i} is outside the ${profile.name} profile's range |x| < ${profile.inputBound}; use profile spu2024 for larger inputs`,
      );
    }
  }
}
