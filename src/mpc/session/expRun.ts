/**
 * Run exp on plaintext inputs through the real secure protocol, n parties in one process over
 * the in-memory transport. Used by the CLI (cost, eval, bench) and by tests; the browser runs the
 * same session code (session/expSession.ts) over WebRTC.
 */
import { hostEntropy, seededEntropy } from '../prg/entropy';
import type { PhaseTraffic } from '../sched/counters';
import type { OpNode } from '../sched/graph';
import type { RoundRecord } from '../sched/scheduler';
import { runExpSession, type ExpJob, type ExpSessionResult } from './expSession';
import { memoryNetwork } from '../io/memoryTransport';
import { emulateNetwork, type NetProfile } from '../io/netem';

export interface ExpRunConfig extends Omit<ExpJob, 'n' | 'inputParty'> {
  readonly parties: number;
  /** The party that provides the inputs (default 0). */
  readonly inputParty?: number;
  /** Deterministic randomness, for reproducible tests. */
  readonly seed?: number;
  /** Emulate this network on every party's outgoing frames. */
  readonly net?: NetProfile;
  /** Called when party 0 completes a round (every party is between rounds too, near enough). */
  readonly onRound?: () => void;
}

export interface ExpRunResult {
  readonly y: Float64Array;
  /** Online traffic of the exp alone, per party. */
  readonly traffic: readonly PhaseTraffic[];
  readonly graph: readonly OpNode[];
  readonly rounds: readonly RoundRecord[];
  /** Wall time of the exp alone, party 0's view (ms). */
  readonly elapsedMs: number;
  /** Party 0's wall time of each phase (ms): setup and preprocess are the offline phase. */
  readonly phasesMs: ExpSessionResult['phasesMs'];
  /** The offline phase's traffic (setup and, for trust 'ot', the correlations), per party. */
  readonly offline: readonly PhaseTraffic[];
}

export async function runExpInProcess(xs: ArrayLike<number>, cfg: ExpRunConfig): Promise<ExpRunResult> {
  const job: ExpJob = { ...cfg, n: xs.length, inputParty: cfg.inputParty ?? 0 };
  const mem = memoryNetwork(cfg.parties);
  try {
    const runs = await Promise.all(
      mem.transports.map((t) =>
        runExpSession(cfg.net ? emulateNetwork(t, cfg.net) : t, job, t.self === job.inputParty ? xs : null, {
          entropy: cfg.seed === undefined ? hostEntropy : seededEntropy(cfg.seed * 131 + t.self),
          ...(cfg.onRound && t.self === 0 ? { onRound: cfg.onRound } : {}),
        }),
      ),
    );
    const first = runs[0]!;
    return {
      y: first.y,
      traffic: runs.map((r) => r.exp),
      graph: first.graph,
      rounds: first.rounds,
      elapsedMs: first.elapsedMs,
      phasesMs: first.phasesMs,
      offline: runs.map((r) => r.offline),
    };
  } catch (err) {
    mem.close(err);
    throw err;
  }
}
