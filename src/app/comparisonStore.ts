/**
 * This tab's comparison records (metadata: costs, times) in a store the view subscribes to, and
 * beside it what only the input party has: each record's error figures and error curve. Both are
 * made of this tab's private inputs (a curve's points and the valid range's ends are values of x),
 * so they stay out of the store, like a run's opened results (lastRun.ts); withErrors() puts the
 * figures back for the table and the exports.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { CurvePoint, RunErrorStats } from '../mpc/eval/measuredError';
import type { CompareRecord } from './comparison';

export interface SeriesStatus {
  /** Runs finished of the series, and its total. */
  readonly done: number;
  readonly total: number;
  /** What is running now, e.g. "pade · fast · batching off · n = 1000". */
  readonly current: string | null;
  readonly error: string | null;
  readonly running: boolean;
}

export interface ComparisonState {
  readonly records: readonly CompareRecord[];
  readonly series: SeriesStatus | null;
}

export interface ComparisonRecords {
  /** The records and the series' status, for the view. */
  readonly store: StoreApi<ComparisonState>;
  /** Record a run: its error figures and curve (the input party's only) beside the store, the rest in it. */
  add(record: Omit<CompareRecord, 'id'>, curve: readonly CurvePoint[] | null): void;
  /** The store's records with this tab's error figures where it has them (never put back into a store). */
  withErrors(records: readonly CompareRecord[]): CompareRecord[];
  curveOf(id: number): readonly CurvePoint[] | null;
  allCurves(): ReadonlyMap<number, readonly CurvePoint[]>;
  clear(): void;
}

/** This tab's comparison records (one per app instance: tabApp.ts). */
export function createComparisonRecords(): ComparisonRecords {
  const store = createStore<ComparisonState>()(() => ({ records: [], series: null }));
  const curves = new Map<number, readonly CurvePoint[]>();
  const errors = new Map<number, RunErrorStats>();
  let nextId = 1;
  return {
    store,
    add(record, curve) {
      const id = nextId++;
      if (curve) curves.set(id, curve);
      if (record.error) errors.set(id, record.error);
      store.setState((s) => ({ records: [...s.records, { ...record, error: null, id }] }));
    },
    withErrors(records) {
      return records.map((r) => {
        const error = errors.get(r.id);
        return error ? { ...r, error } : r;
      });
    },
    curveOf: (id) => curves.get(id) ?? null,
    allCurves: () => curves,
    clear() {
      curves.clear();
      errors.clear();
      store.setState({ records: [], series: null });
    },
  };
}
