/**
 * Accuracy metrics for an approximation of exp, as SPU's team evaluated its methods: valid-range
 * scores (share of points within a relative or absolute error bound), MSE, MAE, MAPE, and the
 * largest relative error on a domain. Pure functions over plaintext reference and secure output.
 */

/** n evenly spaced points from lo to hi inclusive. */
export function linspace(lo: number, hi: number, n: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = n === 1 ? lo : lo + ((hi - lo) * i) / (n - 1);
  return out;
}

export interface RangeScores {
  /** Fractions of points with absolute percentage error below 5%, 1%, 0.05%. */
  readonly ape5: number;
  readonly ape1: number;
  readonly ape005: number;
  /** Fractions of points with absolute error below 5, 1, 0.05. */
  readonly ae5: number;
  readonly ae1: number;
  readonly ae005: number;
  /** Mean of the six fractions. */
  readonly rangeScore: number;
}

export function rangeScores(xs: ArrayLike<number>, ys: ArrayLike<number>): RangeScores {
  const n = xs.length;
  const c = [0, 0, 0, 0, 0, 0];
  for (let i = 0; i < n; i++) {
    const want = Math.exp(xs[i]!);
    const ae = Math.abs(ys[i]! - want);
    const ape = ae / want;
    if (ape < 0.05) c[0]!++;
    if (ape < 0.01) c[1]!++;
    if (ape < 0.0005) c[2]!++;
    if (ae < 5) c[3]!++;
    if (ae < 1) c[4]!++;
    if (ae < 0.05) c[5]!++;
  }
  const [ape5, ape1, ape005, ae5, ae1, ae005] = c.map((v) => v / n) as [number, number, number, number, number, number];
  return { ape5, ape1, ape005, ae5, ae1, ae005, rangeScore: (ape5 + ape1 + ape005 + ae5 + ae1 + ae005) / 6 };
}

export interface ErrorStats {
  readonly mse: number;
  readonly mae: number;
  /** Mean absolute relative error, as a fraction (0.01 = 1%). */
  readonly mape: number;
  readonly maxRelErr: number;
}

export function errorStats(xs: ArrayLike<number>, ys: ArrayLike<number>): ErrorStats {
  let se = 0, ae = 0, ape = 0, maxRel = 0;
  for (let i = 0; i < xs.length; i++) {
    const want = Math.exp(xs[i]!);
    const d = ys[i]! - want;
    se += d * d;
    ae += Math.abs(d);
    const rel = Math.abs(d) / want;
    ape += rel;
    if (rel > maxRel || Number.isNaN(rel)) maxRel = Number.isNaN(rel) ? Infinity : rel;
  }
  const n = xs.length;
  return { mse: se / n, mae: ae / n, mape: ape / n, maxRelErr: maxRel };
}
