/**
 * The protocol picture: what a teacher draws on the board for one round. This tab's party and its
 * peers are cards; between them, the packets of the round in each direction, named for what they
 * carry and sized in bytes as this tab counted them (protocolPictureModel.ts). It follows the run
 * round by round (each new round's packets fly across), shows the round step mode holds before it
 * goes, and any completed round picked on the timeline, in the graph or with its arrows.
 */
import { useEffect, useMemo } from 'react';
import { useStore } from 'zustand';
import { fmtInt } from '../kit/format';
import { useTabApp } from '../kit/tabAppContext';
import { buildPicture, packetCount, pictureTraffic, type Lane, type Packet, type Picture } from './protocolPictureModel';
import { useRunTrace } from './useRunTrace';
import './picture.css';

export function ProtocolPicture(props: { self: number }) {
  const app = useTabApp();
  const { run: runStore, lab: labStore } = app.stores;
  const trace = useRunTrace();
  const phase = useStore(runStore, (s) => s.phase);
  const active = useStore(runStore, (s) => s.active);
  const paused = useStore(runStore, (s) => (s.phase === 'running' ? (s.progress?.paused ?? null) : null));
  const picked = useStore(labStore, (s) => s.pictureRound);
  const presenter = useStore(labStore, (s) => s.presenter);
  // a pick means a round of this run: forget it when the next run starts
  useEffect(() => () => labStore.setState({ pictureRound: null }), [labStore, active]);
  const rounds = trace?.rounds;
  const picture = useMemo(() => {
    const t = pictureTraffic(rounds ?? [], paused, picked);
    return t ? buildPicture(t, props.self) : null;
  }, [rounds, paused, picked, props.self]);
  if (!trace) return null;
  const planned = trace.plannedRounds;
  const completed = trace.rounds.filter((r) => r.phase === 'online').length;
  const pick = (round: number | null) => labStore.setState({ pictureRound: round });
  const shown = picture?.round ?? null;
  const following = picked === null || shown !== picked;
  return (
    <section className="lab-view protocol-picture" data-testid="protocol-picture" data-presenter={presenter ? 'on' : 'off'} aria-label="Picture of the protocol">
      <div className="lab-view-head">
        <h3>Picture of the protocol</h3>
        <button type="button" className="pp-present" aria-pressed={presenter} onClick={() => labStore.setState({ presenter: !presenter })} data-testid="presenter-toggle">
          {presenter ? 'Leave presenter mode (Esc)' : 'Presenter mode'}
        </button>
      </div>
      <p className="help">
        One round as you would draw it on the board: each party is a card, and each packet is what one party sends to another in this round, named for what it carries
        and sized in bytes as this tab counted them. The values are masked: on its own each packet looks random and tells the receiver nothing.
      </p>
      {picture ? (
        <>
          <div className="pp-nav">
            <button type="button" disabled={shown === null || shown <= 1 || completed === 0} onClick={() => pick(Math.min(completed, (shown ?? 1) - 1))} aria-label="Show the round before" data-testid="picture-prev">
              ◀
            </button>
            <strong className="pp-title" data-testid="picture-round" data-round={picture.round} data-status={picture.status}>
              Round {fmtInt(picture.round)} of {fmtInt(Math.max(planned, picture.round))}
              {picture.round === planned ? ': opening the result' : ''}
            </strong>
            <button type="button" disabled={shown === null || shown >= completed} onClick={() => pick((shown ?? 0) + 1)} aria-label="Show the round after" data-testid="picture-next-round">
              ▶
            </button>
            <span className="pp-status">{statusText(picture, phase === 'running', following)}</span>
            {!following && phase === 'running' ? (
              <button type="button" onClick={() => pick(null)} data-testid="picture-follow">
                Follow the run
              </button>
            ) : null}
            {picture.status === 'ready' ? (
              <button type="button" className="primary" onClick={app.runs.step} data-testid="picture-step">
                Send this round
              </button>
            ) : null}
          </div>
          <Board picture={picture} />
          {picture.parties > 2 ? (
            <p className="help">A tab counts only its own traffic: the packets between the other parties are counted in their tabs.</p>
          ) : null}
        </>
      ) : (
        <p className="muted">The first round’s packets appear here as soon as it has run.</p>
      )}
    </section>
  );
}

function statusText(p: Picture, running: boolean, following: boolean): string {
  if (p.status === 'ready') return 'held by step mode: about to be sent';
  if (running && following) return 'the latest round, following the run';
  return 'sent and received';
}

/** The cards and the lanes: this party on the left, one row per peer on the right. */
function Board(props: { picture: Picture }) {
  const { picture } = props;
  return (
    <div className={`pp-board ${picture.status}`} style={{ gridTemplateRows: `repeat(${picture.lanes.length}, auto)` }}>
      <div className="pp-card self" style={{ gridRow: `1 / span ${picture.lanes.length}` }} data-testid="picture-card" data-party={picture.self}>
        <span className="pp-card-name">Party {picture.self}</span>
        <span className="pp-card-note">this tab</span>
      </div>
      {picture.lanes.map((lane, i) => (
        <LaneView key={lane.peer} lane={lane} picture={picture} row={i + 1} />
      ))}
    </div>
  );
}

function LaneView(props: { lane: Lane; picture: Picture; row: number }) {
  const { lane, picture } = props;
  const ready = picture.status === 'ready';
  return (
    <>
      <div className="pp-wire" style={{ gridRow: props.row }} data-testid="picture-lane" data-peer={lane.peer}>
        <Direction
          packets={lane.out}
          dir="out"
          total={lane.bytesOut}
          totalText={`${ready ? 'about to send' : 'sent'} to party ${lane.peer}`}
          testid={`picture-total-to-${lane.peer}`}
          animate={`${picture.round}-${picture.status}`}
          ready={ready}
        />
        <Direction
          packets={lane.in}
          dir="in"
          total={lane.bytesIn}
          totalText={`${ready ? 'will accept' : 'received'} from party ${lane.peer}`}
          testid={`picture-total-from-${lane.peer}`}
          animate={`${picture.round}-${picture.status}`}
          ready={ready}
        />
      </div>
      <div className="pp-card" style={{ gridRow: props.row }} data-testid="picture-card" data-party={lane.peer}>
        <span className="pp-card-name">Party {lane.peer}</span>
      </div>
    </>
  );
}

function Direction(props: { packets: readonly Packet[]; dir: 'out' | 'in'; total: number; totalText: string; testid: string; animate: string; ready: boolean }) {
  return (
    <div className={`pp-dir ${props.dir}`}>
      <span className="pp-arrow" aria-hidden="true">
        {props.dir === 'out' ? '→' : '←'}
      </span>
      <div className="pp-packets">
        {props.packets.length === 0 ? <span className="pp-none">nothing this round</span> : null}
        {props.packets.map((p) => (
          // keyed by round and status: a new round's packets are new elements, so they fly in again
          <div
            key={`${props.animate}-${p.op}`}
            className={`pp-packet${props.ready ? ' ready' : ''}`}
            data-testid="picture-packet"
            data-from={p.from}
            data-to={p.to}
            data-op={p.op}
            data-bytes={p.bytes}
          >
            <span className="pp-what">{p.what}</span>
            <span className="pp-why">
              {p.why}
              {packetCount(p)}
            </span>
            <span className="pp-size">{fmtInt(p.bytes)} B</span>
          </div>
        ))}
      </div>
      <span className="pp-total" data-testid={props.testid} data-bytes={props.total}>
        {props.totalText}: <strong>{fmtInt(props.total)} B</strong>
      </span>
    </div>
  );
}
