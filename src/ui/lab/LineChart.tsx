/**
 * A line chart of the comparison, drawn by uPlot: y on a log scale (errors and times span decades),
 * x linear or log, with labelled axes and a legend that shows each series' value under the cursor.
 * In presenter mode the type and lines are large enough for a projector.
 */
import { memo, useEffect, useMemo, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { alignSeries, decadeTicks, fmtAxis, hasPoints, type ChartSeries } from './chartData';

export type { ChartSeries } from './chartData';

interface LineChartProps {
  readonly series: readonly ChartSeries[];
  readonly xLog: boolean;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly testid: string;
  readonly title: string;
  readonly presenter: boolean;
}

const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';

function options(p: LineChartProps, width: number): uPlot.Options {
  const big = p.presenter;
  const px = big ? 22 : 12;
  const ink = big ? '#000' : '#5f6b7d';
  const axis = (label: string, size: number, log: boolean): uPlot.Axis => ({
    label,
    ...(log ? { splits: (_u: uPlot, _i: number, min: number, max: number) => decadeTicks(min, max) } : {}),
    font: `${px}px ${FONT}`,
    labelFont: `bold ${px + 1}px ${FONT}`,
    labelSize: px + 12,
    size,
    stroke: ink,
    grid: { stroke: big ? '#aaa' : '#e4e7ee', width: 1 },
    ticks: { stroke: ink, width: 1 },
    values: (_u, splits) => splits.map((v) => (v === null || v === undefined ? '' : fmtAxis(v))),
  });
  const value = (_u: uPlot, v: number | null) => (v === null ? '—' : fmtAxis(v));
  return {
    width,
    height: big ? 460 : 280,
    scales: { x: { time: false, ...(p.xLog ? { distr: 3, log: 10 } : {}) }, y: { distr: 3, log: 10 } },
    axes: [axis(p.xLabel, big ? 60 : 40, p.xLog), axis(p.yLabel, big ? 120 : 64, true)],
    series: [
      { label: p.xLabel, value },
      ...p.series.map((s): uPlot.Series => ({
        label: s.label,
        stroke: s.color,
        width: big ? 3.5 : 1.8,
        ...(s.dashed ? { dash: [8, 5] } : {}),
        spanGaps: true,
        points: { show: false },
        value,
      })),
    ],
    legend: { show: true, live: true },
    cursor: { points: { size: big ? 12 : 7 } },
  };
}

/** Memoized: it redraws only when its series or presenter mode change (see Compare). */
export const LineChart = memo(function LineChart(props: LineChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const data = useMemo(() => alignSeries(props.series, props.xLog), [props.series, props.xLog]);
  const drawable = hasPoints(data);
  useEffect(() => {
    const el = box.current;
    if (!el || !drawable) return;
    const widthOf = () => Math.max(280, Math.floor(el.clientWidth));
    const opts = options(props, widthOf());
    const plot = new uPlot(opts, data as uPlot.AlignedData, el);
    const resize = new ResizeObserver(() => {
      const w = widthOf();
      if (w !== plot.width) plot.setSize({ width: w, height: opts.height });
    });
    resize.observe(el);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
    // props are read whole by options(): the series, labels and presenter mode are what change
  }, [data, drawable, props]);
  if (!drawable) return null;
  return (
    <figure className="cmp-chart" data-testid={props.testid} aria-label={props.title}>
      <figcaption className="cmp-title">{props.title}</figcaption>
      <div ref={box} className="cmp-plot" />
    </figure>
  );
});
