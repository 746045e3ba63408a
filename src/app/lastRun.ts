/**
 * The last run's outcome in this tab, outside the zustand stores: its opened results (and its
 * inputs, in the tab that provided them), which are not metadata, and its executed graph and
 * online round log for the lab views. The views subscribe to it (useSyncExternalStore).
 */
import type { RunResult } from '../workers/api';

/** The opened results of the last run in this tab, and its inputs if this tab provided them. */
export interface RunOutcome {
  readonly y: Float64Array;
  readonly x: Float64Array | null;
}

/** The last finished run's executed graph and online round log: metadata for the lab views, no shares. */
export interface RunTrace {
  readonly graph: RunResult['graph'];
  readonly rounds: RunResult['rounds'];
}

export interface LastRun {
  subscribe(cb: () => void): () => void;
  outcome(): RunOutcome | null;
  trace(): RunTrace | null;
  /** A run finished here (null, null: a new one started). */
  set(outcome: RunOutcome | null, trace: RunTrace | null): void;
}

export function createLastRun(): LastRun {
  let outcome: RunOutcome | null = null;
  let trace: RunTrace | null = null;
  const listeners = new Set<() => void>();
  return {
    subscribe(cb) {
      listeners.add(cb);
      return () => listeners.delete(cb);
    },
    outcome: () => outcome,
    trace: () => trace,
    set(o, t) {
      if (o === outcome && t === trace) return;
      [outcome, trace] = [o, t];
      for (const l of listeners) l();
    },
  };
}
