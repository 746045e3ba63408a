/**
 * The round timeline: one mark per online round, left to right, filled as rounds complete, with
 * empty slots for the rest of the plan (known before the run). Each mark is two segments: the
 * time this tab computed before the round, and the time it then waited on the network. Hovering
 * or focusing a mark shows its bytes per peer and the operations it served, and lights those
 * operations up in the graph; hovering a graph node lights its rounds up here. Clicking a mark
 * shows its round in the protocol picture.
 */
import { useMemo } from 'react';
import { useStore } from 'zustand';
import { fmtBytes, fmtInt, fmtMs } from '../kit/format';
import { explainOp } from './explanations';
import { buildTimeline, opSummary, type TimelineMark } from './timelineModel';
import { useRunTrace } from './useRunTrace';
import { useTabApp } from '../kit/tabAppContext';
import './timeline.css';

export function Timeline(props: { self: number }) {
  const trace = useRunTrace();
  const labStore = useTabApp().stores.lab;
  const hoverRound = useStore(labStore, (s) => s.hoverRound);
  const hoverNode = useStore(labStore, (s) => s.hoverNode);
  const pictureRound = useStore(labStore, (s) => s.pictureRound);
  const timeline = useMemo(() => (trace ? buildTimeline(trace.rounds, trace.plannedRounds) : null), [trace?.rounds, trace?.plannedRounds]);
  if (!trace || !timeline) return null;
  const planning = trace.plannedRounds === 0 && timeline.completed === 0;
  const lit = new Set(hoverNode === null ? [] : (trace.graph?.find((g) => g.id === hoverNode)?.rounds ?? []));
  const last = timeline.completed > 0 ? timeline.marks[timeline.completed - 1]! : null;
  const picked = pictureRound !== null && timeline.marks[pictureRound - 1]?.done ? timeline.marks[pictureRound - 1] : undefined;
  const shown = (hoverRound !== null ? timeline.marks[hoverRound - 1] : undefined) ?? picked ?? last;
  const lastRound = timeline.slots;
  return (
    <section className="lab-view timeline" data-testid="lab-timeline" aria-label="Round timeline">
      <div className="lab-view-head">
        <h3>Round timeline</h3>
        <span className="tl-progress" data-testid="timeline-progress">
          {planning ? 'planning the run…' : `${fmtInt(timeline.completed)} of ${fmtInt(timeline.slots)} rounds`}
        </span>
      </div>
      <p className="help">
        One mark per round, in order; the last one opens the result. Each bar is this tab’s time: <span className="tl-key compute" /> computing before the round, then{' '}
        <span className="tl-key net" /> waiting until every peer’s frame of the round arrived. Empty slots are planned rounds still to come.
      </p>
      <div className="tl-track" role="group" aria-label={`${timeline.completed} of ${timeline.slots} rounds done`} onMouseLeave={() => labStore.setState({ hoverRound: null })}>
        {timeline.marks.map((m) => (
          <Mark key={m.round} mark={m} maxMs={timeline.maxMs} lit={lit.has(m.round)} active={shown?.round === m.round} opening={m.round === lastRound} />
        ))}
      </div>
      <div className="tl-axis" aria-hidden="true">
        <span>1</span>
        <span>{timeline.slots > 1 ? fmtInt(timeline.slots) : ''}</span>
      </div>
      {timeline.completed > 0 && (
        <p className="tl-totals muted">
          {trace.running ? 'So far' : 'In all'}: {fmtMs(timeline.totalComputeMs)} computing, {fmtMs(timeline.totalNetworkMs)} waiting on the network.
        </p>
      )}
      {shown ? <RoundDetail mark={shown} self={props.self} slots={timeline.slots} /> : null}
    </section>
  );
}

function Mark(props: { mark: TimelineMark; maxMs: number; lit: boolean; active: boolean; opening: boolean }) {
  const labStore = useTabApp().stores.lab;
  const { mark, maxMs } = props;
  const d = mark.done;
  const scale = (ms: number) => (maxMs > 0 ? (100 * ms) / maxMs : 0);
  const label = d
    ? `Round ${mark.round}${props.opening ? ' (opens the result)' : ''}: ${opSummary(d.ops)}; ${fmtMs(d.computeMs)} computing, ${fmtMs(d.networkMs)} on the network`
    : `Round ${mark.round}: still to come`;
  const enter = () => labStore.setState({ hoverRound: mark.round });
  // a click shows the round in the protocol picture (and keeps its detail here)
  const pick = () => {
    if (d) labStore.setState({ pictureRound: mark.round });
  };
  return (
    <button
      type="button"
      className={`tl-mark${d ? ' done' : ''}${props.lit ? ' lit' : ''}${props.active ? ' active' : ''}`}
      data-testid="timeline-mark"
      data-round={mark.round}
      data-state={d ? 'done' : 'planned'}
      data-highlight={props.lit ? 'true' : 'false'}
      aria-label={label}
      onMouseEnter={enter}
      onFocus={enter}
      onBlur={() => labStore.setState({ hoverRound: null })}
      onClick={pick}
    >
      {d && (
        <span className="tl-bar">
          <span className="tl-seg net" style={{ height: `${scale(d.networkMs)}%` }} />
          <span className="tl-seg compute" style={{ height: `${scale(d.computeMs)}%` }} />
        </span>
      )}
    </button>
  );
}

function RoundDetail(props: { mark: TimelineMark; self: number; slots: number }) {
  const { mark } = props;
  const d = mark.done;
  if (!d) {
    return (
      <div className="tl-detail" data-testid="timeline-detail">
        <strong>Round {mark.round} of {props.slots}</strong> <span className="muted">has not run yet.</span>
      </div>
    );
  }
  const total = d.computeMs + d.networkMs;
  const names = [...new Set(d.ops.map((o) => o.name))];
  return (
    <div className="tl-detail" data-testid="timeline-detail" data-round={mark.round}>
      <div className="tl-detail-head">
        <strong>
          Round {mark.round} of {props.slots}
          {mark.round === props.slots ? ': opening the result' : ''}
        </strong>
        <span className="tl-split" aria-hidden="true">
          <span className="tl-seg compute" style={{ width: `${total > 0 ? (100 * d.computeMs) / total : 0}%` }} />
          <span className="tl-seg net" style={{ width: `${total > 0 ? (100 * d.networkMs) / total : 0}%` }} />
        </span>
        <span className="muted">
          <span className="tl-key compute" /> {fmtMs(d.computeMs)} computing · <span className="tl-key net" /> {fmtMs(d.networkMs)} on the network
        </span>
      </div>
      <div className="tl-detail-body">
        <ul className="tl-peers" aria-label="Payload bytes sent in this round">
          {d.bytesSent.map((b, j) =>
            j === props.self ? null : (
              <li key={j} data-testid={`timeline-sent-${j}`} data-bytes={b}>
                to party {j}: <strong>{fmtBytes(b)}</strong>
                {b >= 1024 ? <span className="muted"> ({fmtInt(b)} B)</span> : null}
              </li>
            ),
          )}
        </ul>
        <div className="tl-ops">
          <div className="tl-ops-list" data-testid="timeline-ops">
            {opSummary(d.ops)}
          </div>
          {names.map((name) => {
            const e = explainOp(name);
            return e ? (
              <p key={name} className="tl-explain">
                <code>{name}</code> <strong>{e.title}.</strong> {e.text}
              </p>
            ) : null;
          })}
        </div>
      </div>
    </div>
  );
}
