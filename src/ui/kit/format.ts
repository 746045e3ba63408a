/** Number formatting for counters: exact integers with thin grouping, sizes with binary units. */
// One formatter for every counter: toLocaleString builds a new one per call, which showed up in
// the profile of the long task that renders a finished run's tables.
const intFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export function fmtInt(v: number): string {
  return intFormat.format(Math.round(v));
}

export function fmtBytes(v: number): string {
  if (v < 1024) return `${fmtInt(v)} B`;
  if (v < 1024 * 1024) return `${(v / 1024).toFixed(1)} KiB`;
  if (v < 1024 ** 3) return `${(v / 1024 ** 2).toFixed(2)} MiB`;
  return `${(v / 1024 ** 3).toFixed(2)} GiB`;
}

export function fmtMs(v: number): string {
  if (v < 1000) return `${v.toFixed(v < 10 ? 2 : 0)} ms`;
  return `${(v / 1000).toFixed(2)} s`;
}

export function fmtNum(v: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  return a >= 1e-3 && a < 1e7 ? String(Number(v.toPrecision(7))) : v.toExponential(4);
}

/** Three significant digits, for measured errors and ranges where more would be noise. */
export function fmtSig3(v: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  return a >= 1e-2 && a < 1e5 ? String(Number(v.toPrecision(3))) : v.toExponential(2);
}

/** Bytes per element, exact to three decimals (costs such as 102.125 B). */
export function fmtPerElement(bytes: number, n: number): string {
  return String(Number((bytes / n).toFixed(3)));
}
