/**
 * The round log and executed graph the lab views draw: the rounds completed so far while a run
 * goes (from the worker's progress), then the finished run's own log and graph (kept by the
 * app's last run, lastRun.ts). Metadata only.
 */
import { useCallback, useDeferredValue, useMemo, useSyncExternalStore } from 'react';
import { useStore } from 'zustand';
import type { OpNode, RoundRecord } from '../../workers/api';
import type { RunParams } from '../../app/params';
import type { RunState } from '../../app/runStore';
import type { RunTrace as FinishedTrace } from '../../app/lastRun';
import { useTabApp } from '../kit/tabAppContext';

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
 * data (a long task, see e2e/responsive.spec.ts).
 */
export function useRunTrace(): RunTrace | null {
  const { run: runStore, lastRun } = useTabApp().stores;
  const phase = useStore(runStore, (s) => s.phase);
  const progress = useStore(runStore, (s) => s.progress);
  const summary = useStore(runStore, (s) => s.summary);
  const params = useStore(runStore, (s) => s.active);
  // the finished run's log and graph, read only once it is done: a new run's start clears them
  // while its phase already says 'running', so that change renders nothing here
  const finished = useSyncExternalStore(lastRun.subscribe, useCallback(() => (phase === 'done' ? lastRun.trace() : null), [lastRun, phase]));
  // one object per change of the inputs, so the deferred value settles after one render
  const trace = useMemo(() => traceOf(phase, progress, summary, params, finished), [phase, progress, summary, params, finished]);
  return useDeferredValue(trace);
}

function traceOf(phase: RunState['phase'], progress: RunState['progress'], summary: RunState['summary'], params: RunState['active'], lastTrace: FinishedTrace | null): RunTrace | null {
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
