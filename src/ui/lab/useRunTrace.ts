/**
 * The round log and executed graph the lab views draw: the rounds completed so far while a run
 * goes (from the worker's progress), then the finished run's own log and graph (kept by the
 * controller). Metadata only.
 */
import { useDeferredValue, useMemo } from 'react';
import { useStore } from 'zustand';
import type { OpNode, RoundRecord } from '../../workers/api';
import { lastTrace } from '../../app/runs';
import type { RunParams } from '../../app/params';
import { runStore, type RunState } from '../../app/runStore';

export interface RunTrace {
  readonly running: boolean;
  /** Online rounds completed so far, in order (the exp's, then the one opening the result). */
  readonly rounds: readonly RoundRecord[];
  /** Known before the run's first round (0 while planning). */
  readonly plannedRounds: number;
  /** The executed graph: only once the run is done. */
  readonly graph: readonly OpNode[] | null;
  readonly params: RunParams;
}

/**
 * The lab's views are the heaviest render on the page (graph layout, SVG, cost table). Taking the
 * trace as a deferred value lets React render them in a transition, in slices that yield to the
 * browser, rather than inside the task that delivers a result while the other tabs still move
 * data (a long task, see bench/e2e/responsive.bench.ts).
 */
export function useRunTrace(): RunTrace | null {
  const phase = useStore(runStore, (s) => s.phase);
  const progress = useStore(runStore, (s) => s.progress);
  const summary = useStore(runStore, (s) => s.summary);
  const params = useStore(runStore, (s) => s.active);
  // one object per change of the inputs, so the deferred value settles after one render
  const trace = useMemo(() => traceOf(phase, progress, summary, params), [phase, progress, summary, params]);
  return useDeferredValue(trace);
}

function traceOf(phase: RunState['phase'], progress: RunState['progress'], summary: RunState['summary'], params: RunState['active']): RunTrace | null {
  if (!params) return null;
  if (phase === 'done' && summary && lastTrace) {
    return { running: false, rounds: lastTrace.rounds, plannedRounds: summary.plannedRounds, graph: lastTrace.graph, params };
  }
  // while running, and after a failure: the rounds that did complete
  if ((phase === 'running' || phase === 'error') && progress) {
    return { running: phase === 'running', rounds: progress.rounds, plannedRounds: progress.plannedRounds, graph: null, params };
  }
  return null;
}
