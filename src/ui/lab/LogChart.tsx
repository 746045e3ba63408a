/**
 * A small line chart in SVG for the comparison: y on a log scale (errors and times span decades),
 * x linear or log. Ticks sit on powers of ten; points that cannot be drawn on a log axis (zero or
 * negative) are left out of their line, never moved.
 */
import { memo } from 'react';

export interface ChartSeries {
  readonly label: string;
  readonly color: string;
  readonly dashed?: boolean;
  readonly points: readonly { readonly x: number; readonly y: number }[];
}

const W = 640;
const H = 260;
const PAD = { left: 64, right: 12, top: 10, bottom: 40 };

function extent(values: number[]): [number, number] {
  let lo = Math.min(...values), hi = Math.max(...values);
  if (lo === hi) [lo, hi] = [lo - 1, hi + 1];
  return [lo, hi];
}

function decades(lo: number, hi: number): number[] {
  const out: number[] = [];
  for (let e = Math.floor(lo); e <= Math.ceil(hi); e++) out.push(e);
  return out;
}

const sup = (e: number) => `1e${e}`;

/** Memoized: it redraws only when its series change (see Compare). */
export const LogChart = memo(function LogChart(props: { series: readonly ChartSeries[]; xLog: boolean; xLabel: string; yLabel: string; testid: string; title: string }) {
  const fx = (x: number) => (props.xLog ? Math.log10(x) : x);
  const drawable = (p: { x: number; y: number }) => p.y > 0 && Number.isFinite(p.y) && (!props.xLog || p.x > 0);
  const pts = props.series.flatMap((s) => s.points.filter(drawable));
  if (pts.length === 0) return null;
  const [x0, x1] = extent(pts.map((p) => fx(p.x)));
  const ly = pts.map((p) => Math.log10(p.y));
  const y0 = Math.floor(Math.min(...ly)), y1 = Math.max(Math.ceil(Math.max(...ly)), y0 + 1);
  const sx = (x: number) => PAD.left + ((fx(x) - x0) / (x1 - x0)) * (W - PAD.left - PAD.right);
  const sy = (y: number) => H - PAD.bottom - ((Math.log10(y) - y0) / (y1 - y0)) * (H - PAD.top - PAD.bottom);
  const xTicks = props.xLog ? decades(x0, x1).filter((e) => e >= x0 - 1e-9 && e <= x1 + 1e-9).map((e) => ({ at: 10 ** e, text: sup(e) })) : linearTicks(x0, x1);
  return (
    <figure className="cmp-chart" data-testid={props.testid}>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={props.title}>
        {decades(y0, y1).map((e) => (
          <g key={`y${e}`}>
            <line x1={PAD.left} x2={W - PAD.right} y1={sy(10 ** e)} y2={sy(10 ** e)} className="cmp-grid" />
            <text x={PAD.left - 6} y={sy(10 ** e) + 4} textAnchor="end" className="cmp-tick">
              {sup(e)}
            </text>
          </g>
        ))}
        {xTicks.map((t) => (
          <text key={`x${t.text}`} x={sx(t.at)} y={H - PAD.bottom + 16} textAnchor="middle" className="cmp-tick">
            {t.text}
          </text>
        ))}
        <text x={(PAD.left + W - PAD.right) / 2} y={H - 6} textAnchor="middle" className="cmp-axis">
          {props.xLabel}
        </text>
        <text x={14} y={(PAD.top + H - PAD.bottom) / 2} textAnchor="middle" className="cmp-axis" transform={`rotate(-90 14 ${(PAD.top + H - PAD.bottom) / 2})`}>
          {props.yLabel}
        </text>
        {props.series.map((s) => (
          <polyline
            key={s.label}
            data-series={s.label}
            fill="none"
            stroke={s.color}
            strokeWidth={1.6}
            strokeDasharray={s.dashed ? '5 3' : undefined}
            points={s.points
              .filter(drawable)
              .map((p) => `${sx(p.x).toFixed(1)},${sy(p.y).toFixed(1)}`)
              .join(' ')}
          />
        ))}
      </svg>
      <figcaption className="cmp-legend">
        {props.series.map((s) => (
          <span key={s.label}>
            <span className={s.dashed ? 'cmp-swatch dashed' : 'cmp-swatch'} style={{ borderColor: s.color }} /> {s.label}
          </span>
        ))}
      </figcaption>
    </figure>
  );
});

function linearTicks(lo: number, hi: number): { at: number; text: string }[] {
  const step = 10 ** Math.floor(Math.log10((hi - lo) / 4));
  const nice = [1, 2, 5, 10].map((m) => m * step).find((s) => (hi - lo) / s <= 8)!;
  const out: { at: number; text: string }[] = [];
  for (let v = Math.ceil(lo / nice) * nice; v <= hi + 1e-9; v += nice) out.push({ at: v, text: String(Number(v.toPrecision(6))) });
  return out;
}
