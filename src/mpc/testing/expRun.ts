/**
 * Run exp on plaintext inputs through the real secure protocol, n parties in one process: party
 * `owner` shares its inputs privately, all parties compute, the result is opened. Used by the CLI
 * (cost, eval, bench) and by tests; the browser runs the same protocol code over WebRTC.
 */
import { exp, checkExpSupported, type ExpMethod } from '../approx/exp';
import { a2p, v2a } from '../protocols/semi2k/arithmetic';
import type { ProfileName } from '../protocols/semi2k/profile';
import type { Field } from '../ring';
import { decodeFxp, encodeFxp } from '../ring/fixedPoint';
import { subtractTraffic, type PhaseTraffic } from '../sched/counters';
import type { OpNode } from '../sched/graph';
import type { RoundRecord } from '../sched/scheduler';
import { simulate } from './simulate';

export interface ExpRunConfig {
  readonly method: ExpMethod;
  readonly field: Field;
  readonly parties: number;
  readonly profile?: ProfileName;
  readonly batching?: boolean;
  readonly iterations?: number;
  readonly fxp?: number;
  readonly lowerClamp?: boolean;
  readonly upperClamp?: boolean;
  /** The party that provides the inputs (default 0). */
  readonly owner?: number;
  /** Deterministic randomness, for reproducible tests. */
  readonly seed?: number;
}

export interface ExpRunResult {
  readonly y: Float64Array;
  /** Online traffic of the exp alone (no input sharing, no opening), per party. */
  readonly traffic: readonly PhaseTraffic[];
  readonly graph: readonly OpNode[];
  readonly rounds: readonly RoundRecord[];
  /** Wall time of the exp alone, party 0's view (ms). */
  readonly elapsedMs: number;
}

export async function runExpInProcess(xs: ArrayLike<number>, cfg: ExpRunConfig): Promise<ExpRunResult> {
  const n = xs.length;
  const owner = cfg.owner ?? 0;
  const runs = await simulate(
    cfg.parties,
    async (p) => {
      checkExpSupported(p, cfg.method);
      const x = v2a(p, owner, p.self === owner ? encodeFxp(p.ring, xs, p.fxp) : null, n);
      const before = p.sched.traffic().online;
      const t0 = nowMs();
      const y = await exp(p, x, cfg);
      const elapsedMs = nowMs() - t0;
      const after = p.sched.traffic().online;
      const opened = await a2p(p, y);
      return { y: decodeFxp(p.ring, opened, p.fxp), traffic: subtractTraffic(after, before), elapsedMs };
    },
    {
      field: cfg.field,
      ...(cfg.profile === undefined ? {} : { profile: cfg.profile }),
      ...(cfg.batching === undefined ? {} : { batching: cfg.batching }),
      ...(cfg.fxp === undefined ? {} : { fxp: cfg.fxp }),
      ...(cfg.seed === undefined ? {} : { seed: cfg.seed }),
    },
  );
  const first = runs[0]!;
  return {
    y: first.output.y,
    traffic: runs.map((r) => r.output.traffic),
    graph: first.graph,
    rounds: first.rounds,
    elapsedMs: first.output.elapsedMs,
  };
}

function nowMs(): number {
  const perf = (globalThis as unknown as { performance?: { now(): number } }).performance;
  return perf ? perf.now() : Date.now();
}
