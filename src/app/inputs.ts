/**
 * A tab's own private input: one value, or n values in a range (evenly spaced or uniformly
 * random). It is turned into numbers only in the tab that provides the input, just before the run.
 * It never enters a store: the run panel holds it in component state and hands the runs an
 * InputSource that reads it.
 */
export interface PrivateInput {
  readonly kind: 'value' | 'range';
  readonly value: number;
  readonly lo: number;
  readonly hi: number;
  readonly spacing: 'even' | 'random';
}

/** Reads this tab's private input when a run needs it (the run panel's, from its React state). */
export type InputSource = () => PrivateInput;

export const DEFAULT_INPUT: PrivateInput = { kind: 'range', value: 1.5, lo: -10, hi: 10, spacing: 'even' };

/** Why this input cannot be used, or null. */
export function inputProblem(i: PrivateInput): string | null {
  if (i.kind === 'value') return Number.isFinite(i.value) ? null : 'the input value is not a number';
  if (!Number.isFinite(i.lo) || !Number.isFinite(i.hi)) return 'the range bounds must be numbers';
  if (!(i.lo <= i.hi)) return `the range [${i.lo}, ${i.hi}] is empty: the low end must not exceed the high end`;
  return null;
}

/** The n input values. */
export function materialize(i: PrivateInput, n: number): Float64Array {
  const out = new Float64Array(n);
  if (i.kind === 'value') return out.fill(i.value);
  if (i.spacing === 'even') {
    for (let k = 0; k < n; k++) out[k] = n === 1 ? i.lo : i.lo + ((i.hi - i.lo) * k) / (n - 1);
  } else {
    const r = new Uint32Array(n);
    for (let o = 0; o < n; o += 16384) crypto.getRandomValues(r.subarray(o, Math.min(n, o + 16384)));
    for (let k = 0; k < n; k++) out[k] = i.lo + ((i.hi - i.lo) * r[k]!) / 0xffffffff;
  }
  return out;
}
