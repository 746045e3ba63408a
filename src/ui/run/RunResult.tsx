import { useSyncExternalStore } from 'react';
import { useStore } from 'zustand';
import { fmtInt, fmtMs, fmtNum, fmtPerElement } from '../kit/format';
import { Stat, TrafficTable } from './LiveCounters';
import { NetEstimate } from './NetEstimate';
import { WireRatio } from './WireRatio';
import { useTabApp } from '../kit/tabAppContext';
import { finalFigures } from '../../app/finalFigures';
import type { Preprocess } from '../../workers/api';
import { Term } from '../kit/Glossary';

const SHOWN_ROWS = 8;

/** The outcome: the exp's exact cost (as `tabmpc cost` reports it), the session's traffic, and the values. */
export function RunResult(props: { self: number }) {
  const { run: runStore, lastRun } = useTabApp().stores;
  const summary = useStore(runStore, (s) => s.summary);
  const params = useStore(runStore, (s) => s.active);
  const out = useSyncExternalStore(lastRun.subscribe, lastRun.outcome);
  if (!summary || !params) return null;
  const n = summary.n;
  // the same figures as the live block's once the run is done (LiveCounters, finalFigures.ts)
  const f = finalFigures(summary);
  const rows = out ? Math.min(SHOWN_ROWS, out.y.length) : 0;
  const indices = Array.from({ length: rows }, (_, k) => (rows < 2 ? 0 : Math.round((k * (out!.y.length - 1)) / (rows - 1))));
  return (
    <div className="result" data-testid="result">
      <h3>Cost of the exp (this party)</h3>
      <div className="stats">
        <Stat label="rounds of the exp" value={fmtInt(f.expRounds)} sub={`+ ${fmtInt(f.openingRounds)} opening = ${fmtInt(f.onlineRounds)} online`} testid="result-rounds" />
        <Stat label="payload bytes sent per element" value={fmtPerElement(summary.exp.payloadBytesSent, n)} testid="result-bytes-per-element" />
        <Stat label="payload bytes sent" value={fmtInt(f.expBytesSent)} sub={`+ ${fmtInt(f.openingBytesSent)} opening = ${fmtInt(f.onlineBytesSent)} online`} testid="result-bytes-sent" />
        <Stat label="payload bytes received" value={fmtInt(summary.exp.payloadBytesReceived)} testid="result-bytes-received" />
        <Stat label="time of the exp" value={fmtMs(f.expMs)} sub={`whole run ${fmtMs(f.wholeRunMs)}`} testid="result-time" />
        <NetEstimate method={params.method} profile={params.profile} n={n} />
      </div>
      <p className="help">
        These equal <code>npm run -s tabmpc -- cost --method {params.method} --profile {params.profile} --field {params.field} --parties {summary.exp.perPeer.length}
        {params.batching ? '' : ' --batching off'}</code>.{' '}
        {summary.trust === 'ot'
          ? 'The online phase costs the same with the trusted first party: only where its randomness comes from changes.'
          : `The session also spent ${fmtInt(summary.offline.rounds)} offline round (${fmtInt(summary.offline.payloadBytesSent)} B of seeds) on setup and one round to open the result.`}
      </p>
      <h3>Offline and online apart (this party)</h3>
      <table className="phases" data-testid="result-offline-online">
        <thead>
          <tr>
            <th>phase</th>
            <th>time</th>
            <th>rounds</th>
            <th>payload bytes sent</th>
            <th>per element</th>
          </tr>
        </thead>
        <tbody>
          <tr data-testid="result-offline" data-rounds={summary.offline.rounds} data-bytes={summary.offline.payloadBytesSent}>
            <td>offline ({summary.trust === 'ot' ? 'key agreement, base OTs, Beaver material by OT' : 'seeds to party 0'})</td>
            <td className="num">{fmtMs(summary.phasesMs.setup + summary.phasesMs.preprocess)}</td>
            <td className="num">{fmtInt(summary.offline.rounds)}</td>
            <td className="num">{fmtInt(summary.offline.payloadBytesSent)}</td>
            <td className="num">{fmtPerElement(summary.offline.payloadBytesSent, n)}</td>
          </tr>
          <tr data-testid="result-online" data-rounds={summary.totalOnline.rounds} data-bytes={summary.totalOnline.payloadBytesSent}>
            <td>online (input, exp, opening)</td>
            <td className="num">{fmtMs(summary.phasesMs.input + summary.phasesMs.exp + summary.phasesMs.open)}</td>
            <td className="num">{fmtInt(summary.totalOnline.rounds)}</td>
            <td className="num">{fmtInt(summary.totalOnline.payloadBytesSent)}</td>
            <td className="num">{fmtPerElement(summary.totalOnline.payloadBytesSent, n)}</td>
          </tr>
        </tbody>
      </table>
      {summary.preprocess && (
        <p className="help" data-testid="result-preprocess" data-rounds={summary.preprocess.rounds} data-planned-rounds={summary.preprocess.plannedRounds} data-bytes={summary.preprocess.bytesSent} data-planned-bytes={summary.preprocess.plannedBytesSent}>
          Making the Beaver material: {fmtInt(summary.preprocess.rounds)} rounds of {fmtInt(summary.preprocess.plannedRounds)} planned, {fmtInt(summary.preprocess.bytesSent)} B sent of{' '}
          {fmtInt(summary.preprocess.plannedBytesSent)} B planned; the rest of the offline phase is the key agreement and the base OTs (once per pair of tabs).
          {summary.preprocess.extension && <CotRate extension={summary.preprocess.extension} />}
        </p>
      )}
      <p className="help" data-testid="result-phases">
        In the worker: planning {fmtMs(summary.phasesMs.plan)}, setup {fmtMs(summary.phasesMs.setup)}
        {summary.trust === 'ot' ? `, making the Beaver material ${fmtMs(summary.phasesMs.preprocess)}` : ''}, sharing the input {fmtMs(summary.phasesMs.input)}, exp{' '}
        {fmtMs(summary.phasesMs.exp)}, opening the result {fmtMs(summary.phasesMs.open)}.
      </p>
      {summary.breathing && (
        <details className="pacing" data-testid="result-breathing" data-rested-ms={summary.breathing.restedMs} data-rested-for-page-ms={summary.breathing.restedForPageMs}>
          <summary>Worker pauses: {fmtMs(summary.breathing.restedMs)} of this run's time</summary>
          <p className="help">
            <Term id="worker-pacing">Why the worker pauses</Term>: this machine has {summary.breathing.cores} logical cores, so the worker rests {summary.breathing.restMs} ms after every {summary.breathing.workMs} ms of computing, and
            whenever this page has been busy for {summary.breathing.pageSilentMs} ms, to leave the pages and the browser's network process a core:{' '}
            {fmtMs(summary.breathing.restedMs)} in this run, {fmtMs(summary.breathing.restedForPageMs)} of it for the page.
          </p>
        </details>
      )}
      <WireRatio />
      <TrafficTable traffic={summary.totalOnline} self={props.self} caption="Whole session, online traffic per peer (bytes)" />
      {summary.check ? (
        <div className={summary.check.withinTolerance === n ? 'check ok' : 'check warn'} data-testid="result-check" data-max-rel-err={summary.check.maxRelErr}>
          {fmtInt(summary.check.withinTolerance)} of {fmtInt(n)} values within the method's tolerance ({fmtNum(summary.check.tolerance)} relative) of Math.exp; largest relative error{' '}
          <strong data-testid="result-max-rel-err">{fmtNum(summary.check.maxRelErr)}</strong>, largest absolute error {fmtNum(summary.check.maxAbsErr)}.
        </div>
      ) : (
        <p className="help" data-testid="result-check-private">
          The inputs are private to party {params.inputParty}: only that tab can compare the results with Math.exp. Every party sees the opened results.
        </p>
      )}
      {out && (
        <div className="table-scroll">
          <table className="values" data-testid="values">
            <caption>Opened results{out.x ? ' next to plaintext Math.exp' : ''} ({rows} of {fmtInt(out.y.length)})</caption>
            <thead>
              <tr>
                <th>#</th>
                {out.x && <th>x (yours)</th>}
                <th>secure exp(x)</th>
                {out.x && <th>Math.exp(x)</th>}
                {out.x && (
                  <th>
                    <Term id="relative-error">relative error</Term>
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {indices.map((i) => {
                const want = out.x ? Math.exp(out.x[i]!) : 0;
                return (
                  <tr key={i}>
                    <td className="num">{i}</td>
                    {out.x && <td className="num">{fmtNum(out.x[i]!)}</td>}
                    <td className="num">{fmtNum(out.y[i]!)}</td>
                    {out.x && <td className="num">{fmtNum(want)}</td>}
                    {out.x && <td className="num">{fmtNum(Math.abs(out.y[i]! - want) / want)}</td>}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

/** The worker's random COT rate, as measured around its OT extension calls (bench/otBench.ts counts the same in Node). */
function CotRate({ extension: e }: { extension: NonNullable<Preprocess['extension']> }) {
  if (e.cotsPerSecond === null) return null;
  return (
    <span data-testid="result-cot-rate" data-cots-per-second={Math.round(e.cotsPerSecond)}>
      {' '}
      OT extension in this worker: {fmtInt(e.receiverCots)} COTs as receiver in {fmtMs(e.receiverMs)}, {fmtInt(e.senderCots)} as sender in {fmtMs(e.senderMs)}:{' '}
      {fmtInt(Math.round(e.cotsPerSecond))} random COTs per second (both roles' CPU per COT).
    </span>
  );
}
