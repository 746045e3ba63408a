/**
 * One run's error against Math.exp, as the input party measures it at the end of a run: the
 * method comparison's statistics (largest and mean relative error, valid range) and its error
 * curve, and the run panel's check. Computed in the party's worker, which holds the inputs and
 * the results anyway, so the page's main thread does not (100,000 values took one page task of
 * 40–70 ms on a busy 2-core machine: bench/e2e/responsive.bench.ts).
 */
import { expTolerance } from '../approx/exp/tolerance';
import type { ExpMethod } from '../approx/exp';

/** How many points of a run's error curve are kept for the chart. */
export const CURVE_POINTS = 400;

export interface RunErrorStats {
  /** Relative error |y − e^x| / e^x: largest over all inputs, mean over the valid range. */
  readonly maxRelErr: number;
  readonly meanRelErrInRange: number | null;
  /** The method's promised relative tolerance (tolerance.ts). */
  readonly tolerance: number;
  /**
   * The widest interval of consecutive inputs (sorted) whose results are within the tolerance, or
   * null if none is; measured on this run's inputs.
   */
  readonly validRange: readonly [number, number] | null;
}

/** One point of an error curve: the input and the relative error of its result. */
export interface CurvePoint {
  readonly x: number;
  readonly relErr: number;
}

/** One run's error against Math.exp: the comparison's statistics and curve, and the run panel's check. */
export interface MeasuredError {
  readonly stats: RunErrorStats;
  readonly curve: CurvePoint[];
  readonly maxAbsErr: number;
  /** How many results are within the method's tolerance. */
  readonly withinTolerance: number;
}

/**
 * Error statistics and a chart curve of at most CURVE_POINTS points, from the inputs and results,
 * in one pass over them (it runs at the end of every run, up to 2,000,000 values).
 */
export function measureError(method: ExpMethod, x: Float64Array, y: Float64Array): MeasuredError {
  const tolerance = expTolerance(method);
  const n = x.length;
  // inputs in ascending order: as given when already sorted (an evenly spaced range), else sorted
  const order = isAscending(x) ? null : Uint32Array.from(x.keys()).sort((a, b) => x[a]! - x[b]!);
  const at = (k: number): number => (order ? order[k]! : k);
  const rel = new Float64Array(n);
  let maxRelErr = 0;
  let maxAbsErr = 0;
  let withinTolerance = 0;
  for (let k = 0; k < n; k++) {
    const i = at(k);
    const want = Math.exp(x[i]!);
    const abs = Math.abs(y[i]! - want);
    const r = abs / want;
    rel[k] = r;
    if (r > maxRelErr) maxRelErr = r;
    if (abs > maxAbsErr) maxAbsErr = abs;
    if (r <= tolerance) withinTolerance++;
  }
  // widest run of consecutive sorted inputs within tolerance
  let best: [number, number] | null = null;
  let start = -1;
  for (let k = 0; k <= n; k++) {
    const ok = k < n && rel[k]! <= tolerance;
    if (ok && start < 0) start = k;
    if (!ok && start >= 0) {
      if (!best || k - 1 - start > best[1] - best[0]) best = [start, k - 1];
      start = -1;
    }
  }
  let meanRelErrInRange: number | null = null;
  if (best) {
    let sum = 0;
    for (let k = best[0]; k <= best[1]; k++) sum += rel[k]!;
    meanRelErrInRange = sum / (best[1] - best[0] + 1);
  }
  const step = Math.max(1, Math.ceil(n / CURVE_POINTS));
  const curve: CurvePoint[] = [];
  for (let k = 0; k < n; k += step) curve.push({ x: x[at(k)]!, relErr: rel[k]! });
  const validRange = best ? ([x[at(best[0])]!, x[at(best[1])]!] as const) : null;
  return { stats: { maxRelErr, meanRelErrInRange, tolerance, validRange }, curve, maxAbsErr, withinTolerance };
}

function isAscending(x: Float64Array): boolean {
  for (let i = 1; i < x.length; i++) if (!(x[i - 1]! <= x[i]!)) return false;
  return true;
}

