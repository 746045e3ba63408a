/**
 * This tab's comparison records (metadata: costs, times, error statistics) in a store the view
 * subscribes to, and their error curves beside it: a curve holds this tab's private inputs, so it
 * stays out of the store, like the controller's opened results.
 */
import { createStore } from 'zustand/vanilla';
import type { CurvePoint } from '../mpc/eval/measuredError';
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

export const comparisonStore = createStore<ComparisonState>()(() => ({ records: [], series: null }));

const curves = new Map<number, readonly CurvePoint[]>();
let nextId = 1;

export function addRecord(record: Omit<CompareRecord, 'id'>, curve: readonly CurvePoint[] | null): void {
  const id = nextId++;
  if (curve) curves.set(id, curve);
  comparisonStore.setState((s) => ({ records: [...s.records, { ...record, id }] }));
}

export function curveOf(id: number): readonly CurvePoint[] | null {
  return curves.get(id) ?? null;
}

export function allCurves(): ReadonlyMap<number, readonly CurvePoint[]> {
  return curves;
}

export function clearRecords(): void {
  curves.clear();
  comparisonStore.setState({ records: [], series: null });
}
