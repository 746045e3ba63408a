/**
 * Method comparison: one button runs every method in both profiles, batching on and off, on the
 * same inputs (comparison.ts lists the runs), and the table shows SPU's evaluation dimensions side
 * by side as this tab measured them, with charts of error against x and of time against n. Every
 * tab records the runs it takes part in; error, valid range and the error chart need x, so only
 * the input party has them.
 */
import { useMemo } from 'react';
import { useStore } from 'zustand';
import { connectedParties } from '../../app/lobbyStore';
import { fmtMs, fmtSig3 } from '../kit/format';
import { comparisonCsv, comparisonJson, comparisonRuns, rowKey, tableRows, tableSize, timeSeries, type CompareRecord } from '../../app/comparison';
import type { ComparisonRecords } from '../../app/comparisonStore';
import { downloadText } from './download';
import { LineChart, type ChartSeries } from './LineChart';
import type { LabProps } from './Lab';
import { unconfirmedDealer } from '../../app/seats';
import { useTabApp } from '../kit/tabAppContext';
import './compare.css';

/** One colour per method; the spu2024 profile is drawn dashed. */
const COLORS: Record<string, string> = { taylor: '#3056d3', pade: '#c2410c', prime: '#15803d' };

const label = (r: Pick<CompareRecord, 'method' | 'profile'>) => `${r.method} · ${r.profile}`;

function chartsOf(records: readonly CompareRecord[], curveOf: ComparisonRecords['curveOf']) {
  const n = tableSize(records);
  const rows = n === null ? [] : tableRows(records, n);
  const errorSeries: ChartSeries[] = rows
    .filter((r) => r.batching && curveOf(r.id))
    .map((r) => ({ label: label(r), color: COLORS[r.method]!, dashed: r.profile === 'spu2024', points: curveOf(r.id)!.map((p) => ({ x: p.x, y: p.relErr })) }));
  const timeSeriesList: ChartSeries[] = [...timeSeries(records)]
    .filter(([, pts]) => pts.length > 1)
    .map(([key, pts]) => {
      const [method, profile, batching] = key.split('/');
      return { label: `${method} · ${profile}${batching === 'off' ? ' · batching off' : ''}`, color: COLORS[method!]!, dashed: profile === 'spu2024', points: pts.map((p) => ({ x: p.n, y: p.ms })) };
    });
  return { n, rows, errorSeries, timeSeriesList };
}

export function Compare(props: LabProps) {
  const app = useTabApp();
  const { lobby: lobbyStore, run: runStore, comparison } = app.stores;
  const comparisonStore = comparison.store;
  const stored = useStore(comparisonStore, (s) => s.records);
  // the input party's error figures live beside the store (comparisonStore.ts)
  const records = useMemo(() => comparison.withErrors(stored), [comparison, stored]);
  const series = useStore(comparisonStore, (s) => s.series);
  const params = useStore(runStore, (s) => s.params);
  const runPhase = useStore(runStore, (s) => s.phase);
  const capacity = useStore(lobbyStore, (s) => s.capacity);
  const connected = useStore(lobbyStore, connectedParties);
  const untrusted = useStore(lobbyStore, (s) => unconfirmedDealer(s.seats) !== null) && params.trust === 'tfp';
  const presenter = useStore(app.stores.lab, (s) => s.presenter);
  // derived from the records only, so a phase or form change re-renders no chart (LineChart is memoized)
  const { n, rows, errorSeries, timeSeriesList } = useMemo(() => chartsOf(records, comparison.curveOf), [records, comparison]);
  if (capacity === null) return null;
  const ready = connected === capacity;
  const planned = comparisonRuns(params, capacity).length;
  const inputParty = rows.some((r) => r.error);
  const busy = runPhase === 'running' || series?.running === true;
  const party = props.self;
  return (
    <section className="lab-view compare" data-testid="lab-compare" aria-label="Method comparison">
      <div className="lab-view-head">
        <h3>Method comparison</h3>
        <span className="tl-progress" data-testid="compare-status">
          {series ? (series.error ? `stopped: ${series.error}` : series.running ? `run ${series.done + 1} of ${series.total}: ${series.current ?? ''}` : `${series.total} runs done`) : `${records.length} runs recorded`}
        </span>
      </div>
      <p className="help">
        Runs taylor, pade and prime (where this room can) in both profiles, batching on and off, at n = {params.n} on the input party’s inputs, then at n/10 and 10·n for
        the time chart: {planned} runs with the form’s field, network and input party. Bytes are the payload this party sent in the exp, as <code>tabmpc cost</code>{' '}
        prints them; time is the exp in this party’s worker under the run’s network. Error and valid range need x, so only the input party sees them. Peak memory has no column:
        a browser worker cannot measure its own memory; <code>npm run -s tabmpc -- bench</code> measures it in process.
      </p>
      <div className="cmp-actions">
        <button type="button" className="primary" disabled={!ready || busy || untrusted} onClick={() => {
          const mesh = app.room.mesh();
          if (mesh) void app.runComparison(mesh, props.readInput);
        }} data-testid="compare-run">
          Run the comparison ({planned} runs)
        </button>
        <button type="button" disabled={records.length === 0} onClick={() => downloadText(comparisonCsv(records), `tabmpc-comparison-party${party}.csv`, 'text/csv;charset=utf-8')} data-testid="compare-csv">
          Download CSV
        </button>
        <button type="button" disabled={records.length === 0} onClick={() => downloadText(comparisonJson(party, records, comparison.allCurves()), `tabmpc-comparison-party${party}.json`, 'application/json')} data-testid="compare-json">
          Download JSON
        </button>
        <button type="button" disabled={records.length === 0 || busy} onClick={comparison.clear} data-testid="compare-clear">
          Clear
        </button>
      </div>
      {rows.length > 0 && (
        <div className="table-scroll">
          <table className="ledger cmp-table" data-testid="compare-table">
            <caption>
              n = {n}, party {party}
            </caption>
            <thead>
              <tr>
                <th>method</th>
                <th>profile</th>
                <th>batching</th>
                <th title="Payload bytes this party sent in the exp, per element">bytes / element</th>
                <th>rounds</th>
                <th title="Offline phase (setup and, for trust ot, the Beaver material by OT): payload bytes this party sent, per element">offline bytes / element</th>
                <th title="Offline rounds (setup included)">offline rounds</th>
                <th title="Widest interval of consecutive inputs within the method's tolerance">valid range</th>
                <th title="Largest relative error over all inputs">max rel. error</th>
                <th title="Mean relative error over the valid range">mean rel. error</th>
                <th>exp time</th>
                <th>network</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={rowKey(r)} data-testid="compare-row" data-key={rowKey(r)}>
                  <td>{r.method}</td>
                  <td>{r.profile}</td>
                  <td>{r.batching ? 'on' : 'off'}</td>
                  <td className="num" data-testid="cmp-bytes">{Number(r.bytesSentPerElement.toFixed(3))}</td>
                  <td className="num" data-testid="cmp-rounds">{r.rounds}</td>
                  <td className="num" data-testid="cmp-offline-bytes" title={`trust ${r.trust}`}>{Number(r.offlineBytesSentPerElement.toFixed(3))}</td>
                  <td className="num" data-testid="cmp-offline-rounds">{r.offlineRounds}</td>
                  <td className="num" data-testid="cmp-range">{r.error ? (r.error.validRange ? `[${fmtSig3(r.error.validRange[0])}, ${fmtSig3(r.error.validRange[1])}]` : 'none') : '—'}</td>
                  <td className="num">{r.error ? fmtSig3(r.error.maxRelErr) : '—'}</td>
                  <td className="num">{r.error && r.error.meanRelErrInRange !== null ? fmtSig3(r.error.meanRelErrInRange) : '—'}</td>
                  <td className="num">{fmtMs(r.expMs)}</td>
                  <td>{r.net}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {rows.length > 0 && !inputParty && <p className="help">This tab is not the input party: it does not know x, so it cannot measure error.</p>}
      {errorSeries.length > 0 && (
        <LineChart
          series={errorSeries}
          xLog={false}
          xLabel="x (this tab's inputs)"
          yLabel="relative error"
          testid="compare-error-chart"
          title="Relative error of each method against x, log scale"
          presenter={presenter}
        />
      )}
      {timeSeriesList.length > 0 && (
        <LineChart series={timeSeriesList} xLog xLabel="n (values)" yLabel="exp time (ms)" testid="compare-time-chart" title="Time of the exp against n, log-log" presenter={presenter} />
      )}
    </section>
  );
}
