/**
 * The comparison's series as uPlot wants them: one x array shared by every series (the union of
 * their x values, ascending) and one y array per series with null where that series has no point
 * or where a log axis cannot draw it (zero, negative, not finite). Points are left out, never moved.
 * Pure, tested without a browser.
 */

export interface ChartSeries {
  readonly label: string;
  readonly color: string;
  readonly dashed?: boolean;
  readonly points: readonly { readonly x: number; readonly y: number }[];
}

export type AlignedData = [number[], ...(number | null)[][]];

export function alignSeries(series: readonly ChartSeries[], xLog: boolean): AlignedData {
  const drawable = (p: { x: number; y: number }) => p.y > 0 && Number.isFinite(p.y) && Number.isFinite(p.x) && (!xLog || p.x > 0);
  const xs = [...new Set(series.flatMap((s) => s.points.filter(drawable).map((p) => p.x)))].sort((a, b) => a - b);
  const at = new Map(xs.map((x, i) => [x, i]));
  const ys = series.map((s) => {
    const col = new Array<number | null>(xs.length).fill(null);
    for (const p of s.points) if (drawable(p)) col[at.get(p.x)!] = p.y;
    return col;
  });
  return [xs, ...ys];
}

/** Whether anything can be drawn at all. */
export function hasPoints(data: AlignedData): boolean {
  return data[0].length > 0;
}

/** A tick or cursor value in few characters: 1e-4, 0.05, 12.5, 3.2e+5. */
export function fmtAxis(v: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e5 || a < 1e-3) {
    const e = Math.floor(Math.log10(a));
    const m = v / 10 ** e;
    const mm = Number(m.toPrecision(2));
    return mm === 1 ? `1e${e}` : mm === -1 ? `-1e${e}` : `${mm}e${e}`;
  }
  return String(Number(v.toPrecision(3)));
}

/**
 * Ticks of a log axis at powers of ten only (uPlot's own add 2…9 of every decade, a grid too dense
 * to read on a projector), every second or third decade when the range spans many.
 */
export function decadeTicks(min: number, max: number, most = 8): number[] {
  if (!(min > 0) || !(max >= min)) return [];
  const lo = Math.ceil(Math.log10(min) - 1e-9);
  const hi = Math.floor(Math.log10(max) + 1e-9);
  const step = Math.max(1, Math.ceil((hi - lo + 1) / most));
  const out: number[] = [];
  for (let e = lo; e <= hi; e += step) out.push(Number(`1e${e}`));
  return out;
}
