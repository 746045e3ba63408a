import { useEffect, useState } from 'react';
import { useStore } from 'zustand';
import type { PhaseTraffic, Preprocess } from '../../workers/api';
import { fmtBytes, fmtInt, fmtMs } from '../kit/format';
import { useTabApp } from '../kit/tabAppContext';
import { Term } from '../kit/Glossary';
import { WireRatio } from './WireRatio';
import { finalFigures, roundsInWords } from '../../app/finalFigures';
import type { RunSummary } from '../../app/runStore';

/** Payload and frame bytes per peer, sent and received: every number measured by the scheduler. */
export function TrafficTable(props: { traffic: PhaseTraffic; self: number; caption: string }) {
  const peers = props.traffic.perPeer.map((p, i) => ({ ...p, index: i })).filter((p) => p.index !== props.self);
  return (
    <div className="table-scroll">
    <table className="traffic" data-testid="traffic-table">
      <caption>{props.caption}</caption>
      <thead>
        <tr>
          <th>peer</th>
          <th>
            <Term id="payload-bytes">payload</Term> sent
          </th>
          <th>payload received</th>
          <th>
            <Term id="frame-bytes">frame bytes</Term> sent
          </th>
          <th>frame bytes received</th>
          <th>frames</th>
        </tr>
      </thead>
      <tbody>
        {peers.map((p) => (
          <tr key={p.index} data-testid={`traffic-peer-${p.index}`}>
            <td>party {p.index}</td>
            <td className="num">{fmtInt(p.payloadBytesSent)}</td>
            <td className="num">{fmtInt(p.payloadBytesReceived)}</td>
            <td className="num">{fmtInt(p.frameBytesSent)}</td>
            <td className="num">{fmtInt(p.frameBytesReceived)}</td>
            <td className="num">
              {fmtInt(p.framesSent)} / {fmtInt(p.framesReceived)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
    </div>
  );
}

/**
 * Round k of the planned total, bytes so far, elapsed time and the operations of the last round;
 * once the run is done, its final figures, the same as the result's (finalFigures.ts).
 */
export function LiveCounters(props: { self: number }) {
  const runStore = useTabApp().stores.run;
  const progress = useStore(runStore, (s) => s.progress);
  const summary = useStore(runStore, (s) => (s.phase === 'done' ? s.summary : null));
  if (summary) return <FinalCounters summary={summary} />;
  if (!progress) return <p className="muted">Preparing the session…</p>;
  const planned = progress.plannedRounds;
  const pct = planned > 0 ? Math.min(100, (100 * progress.round) / planned) : 0;
  return (
    <div className="live" data-testid="live" data-phase={progress.phase}>
      <div className="progress-head">
        <span data-testid="live-round">
          {progress.phase === 'planning' ? (progress.preprocess ? 'offline phase: making the Beaver material' : 'planning the run') : `online round ${fmtInt(progress.round)} of ${fmtInt(planned)}`}
        </span>
        {progress.phase !== 'planning' && planned > 0 && (
          <span className="muted" data-testid="live-round-parts">
            {roundsInWords({ expRounds: planned - 1, openingRounds: 1 })}
          </span>
        )}
        <Elapsed ticking={progress.phase !== 'done'} finalMs={progress.elapsedMs} />
      </div>
      <div className="bar" role="progressbar" aria-valuemin={0} aria-valuemax={planned} aria-valuenow={progress.round}>
        <div style={{ transform: `scaleX(${pct / 100})` }} />
      </div>
      {progress.preprocess && <OfflineBar pre={progress.preprocess} />}
      <div className="stats">
        <Stat label="payload sent" value={fmtBytes(progress.online.payloadBytesSent)} sub={`of ${fmtBytes(progress.plannedBytesSent)} planned`} testid="live-sent" />
        <Stat label="payload received" value={fmtBytes(progress.online.payloadBytesReceived)} testid="live-received" />
        <Stat label="frame bytes sent" value={fmtBytes(progress.online.frameBytesSent)} sub="payload + headers" />
        {progress.phase !== 'done' && <Stat label="now running" value={progress.currentOps.length ? [...new Set(progress.currentOps)].join(', ') : '…'} />}
      </div>
      {progress.phase !== 'done' && <WireRatio />}
      <TrafficTable traffic={progress.online} self={props.self} caption="Online traffic so far, per peer (bytes)" />
    </div>
  );
}

/**
 * The finished run's figures: the result's (RunResult shows the same), exact, with the opening
 * round and bytes named, and one whole-run time (the exp's own beside it).
 */
function FinalCounters(props: { summary: RunSummary }) {
  const f = finalFigures(props.summary);
  return (
    <div className="live" data-testid="live" data-phase="done">
      <div className="progress-head">
        <span data-testid="live-round">
          done: {fmtInt(f.onlineRounds)} online rounds ({roundsInWords(f)})
        </span>
        <span className="muted elapsed">whole run {fmtMs(f.wholeRunMs)}</span>
      </div>
      <div className="bar" role="progressbar" aria-label="online rounds" aria-valuemin={0} aria-valuemax={props.summary.plannedRounds} aria-valuenow={f.onlineRounds}>
        <div style={{ transform: `scaleX(${props.summary.plannedRounds > 0 ? Math.min(1, f.onlineRounds / props.summary.plannedRounds) : 1})` }} />
      </div>
      <div className="stats">
        <Stat label="online rounds" value={fmtInt(f.onlineRounds)} sub={roundsInWords(f)} testid="live-rounds" />
        <Stat label="payload sent" value={`${fmtInt(f.onlineBytesSent)} B`} sub={`exp ${fmtInt(f.expBytesSent)} B + opening ${fmtInt(f.openingBytesSent)} B`} testid="live-sent" />
        <Stat label="payload received" value={`${fmtInt(f.onlineBytesReceived)} B`} testid="live-received" />
        <Stat label="whole run" value={fmtMs(f.wholeRunMs)} sub={`the exp alone ${fmtMs(f.expMs)}`} testid="live-time" />
      </div>
    </div>
  );
}

/**
 * trust 'ot': the offline phase's making of the Beaver material, done against planned (planOffline,
 * exact: the two meet when it is done). The setup's key agreement and base OTs come before it.
 */
function OfflineBar(props: { pre: Preprocess }) {
  const { pre } = props;
  const pct = pre.plannedBytesSent > 0 ? Math.min(100, (100 * pre.bytesSent) / pre.plannedBytesSent) : 0;
  return (
    <div className="offline-progress" data-testid="live-offline" data-rounds={pre.rounds} data-planned-rounds={pre.plannedRounds} data-bytes={pre.bytesSent} data-planned-bytes={pre.plannedBytesSent}>
      <div className="progress-head">
        <span>
          offline (Beaver material by OT): round {fmtInt(pre.rounds)} of {fmtInt(pre.plannedRounds)}, {fmtBytes(pre.bytesSent)} of {fmtBytes(pre.plannedBytesSent)} sent
        </span>
      </div>
      <div className="bar" role="progressbar" aria-label="offline phase" aria-valuemin={0} aria-valuemax={pre.plannedBytesSent} aria-valuenow={pre.bytesSent}>
        <div style={{ transform: `scaleX(${pct / 100})` }} />
      </div>
    </div>
  );
}

/**
 * The run's clock, on its own: its tick (4 per second) re-renders one text node instead of every
 * counter and table (the page's main thread is short of CPU while a run moves data, see
 * bench/e2e/responsive.bench.ts). Once the run is done it shows the worker's final time and stops.
 */
function Elapsed(props: { ticking: boolean; finalMs: number }) {
  const runStore = useTabApp().stores.run;
  const startedAt = useStore(runStore, (s) => s.startedAt);
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    if (!props.ticking) return;
    const id = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(id);
  }, [props.ticking]);
  const ms = props.ticking ? (startedAt ? now - startedAt : null) : props.finalMs;
  return <span className="muted elapsed">{ms === null ? '' : fmtMs(ms)}</span>;
}

export function Stat(props: { label: string; value: string; sub?: string; testid?: string }) {
  return (
    <div className="stat" data-testid={props.testid}>
      <div className="stat-label">{props.label}</div>
      <div className="stat-value">{props.value}</div>
      {props.sub && <div className="stat-sub">{props.sub}</div>}
    </div>
  );
}
