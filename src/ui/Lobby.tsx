import { useState } from 'react';
import { useStore } from 'zustand';
import type { PeerConnState, PeerPath } from '../app/lobbyStore';
import { roomLink } from '../app/room';
import { clockTime } from '../app/seats';
import { InviteLink } from './kit/InviteLink';
import { SeatNotices } from './kit/SeatNotices';
import { useTabApp } from './kit/tabAppContext';

const CAPACITIES = [2, 3, 4, 5] as const;

export function Lobby() {
  const lobbyStore = useTabApp().stores.lobby;
  const phase = useStore(lobbyStore, (s) => s.phase);
  return (
    <section className="card lobby" aria-label="Lobby" data-testid="lobby" data-phase={phase}>
      {phase === 'idle' && <CreateRoom />}
      {phase === 'connecting' && <p className="muted connecting">Connecting to the room…</p>}
      {phase === 'error' && <LobbyError />}
      {phase === 'in-room' && <Room />}
    </section>
  );
}

function CreateRoom() {
  const { room } = useTabApp();
  const [capacity, setCapacity] = useState<number>(2);
  const [busy, setBusy] = useState(false);
  return (
    <div className="create">
      <h2>Start a session</h2>
      <p className="muted">Create a room, then open its link in other tabs (or send it to the people you compute with). Each tab becomes one party.</p>
      <div className="field">
        <span className="label" id="capacity-label">
          Parties
        </span>
        <div className="segmented" role="radiogroup" aria-labelledby="capacity-label">
          {CAPACITIES.map((n) => (
            <button key={n} type="button" role="radio" aria-checked={capacity === n} className={capacity === n ? 'selected' : ''} onClick={() => setCapacity(n)} data-testid={`capacity-${n}`}>
              {n}
            </button>
          ))}
        </div>
      </div>
      <button
        type="button"
        className="primary"
        disabled={busy}
        data-testid="create-room"
        onClick={() => {
          setBusy(true);
          void room.create(capacity).finally(() => setBusy(false));
        }}
      >
        Create room
      </button>
    </div>
  );
}

function LobbyError() {
  const app = useTabApp();
  const lobbyStore = app.stores.lobby;
  const error = useStore(lobbyStore, (s) => s.error);
  return (
    <div className="lobby-error" role="alert" data-testid="lobby-error" data-code={error?.code}>
      <h2>Could not join</h2>
      <p>{error?.message}</p>
      <p className="code">{error?.code}</p>
      <button type="button" className="primary" onClick={app.room.leave}>
        Create a new room
      </button>
    </div>
  );
}

function Room() {
  const app = useTabApp();
  const lobbyStore = app.stores.lobby;
  const room = useStore(lobbyStore, (s) => s.room);
  const capacity = useStore(lobbyStore, (s) => s.capacity) ?? 0;
  const signalingError = useStore(lobbyStore, (s) => s.signalingError);
  const link = room ? roomLink(room) : '';
  return (
    <div className="room">
      <div className="room-head">
        <h2>Room</h2>
        <button type="button" className="ghost" onClick={app.room.leave} data-testid="leave-room">
          Leave
        </button>
      </div>
      <InviteLink link={link} />
      {signalingError && (
        <p className="warning" role="status">
          Lost the signaling server ({signalingError}). Connected parties keep working; new ones cannot join.
        </p>
      )}
      <SeatNotices where="lobby" />
      <h3>
        Parties <span className="muted">({capacity} places)</span>
      </h3>
      <ul className="parties" data-testid="parties">
        {Array.from({ length: capacity }, (_, i) => (
          <PartyRow key={i} index={i} />
        ))}
      </ul>
    </div>
  );
}

type SlotState = 'you' | PeerConnState | 'empty' | 'no-path';

const STATE_LABEL: Record<SlotState, string> = {
  you: 'Online',
  signaling: 'Signaling',
  connecting: 'Connecting',
  connected: 'Connected',
  closed: 'Left',
  empty: 'Open',
  'no-path': 'No path',
};

function PartyRow({ index }: { index: number }) {
  const lobbyStore = useTabApp().stores.lobby;
  const self = useStore(lobbyStore, (s) => s.self);
  const present = useStore(lobbyStore, (s) => s.present);
  const offline = useStore(lobbyStore, (s) => s.signalingError !== null);
  const peer = useStore(lobbyStore, (s) => s.peers.find((p) => p.index === index));
  const newSince = useStore(lobbyStore, (s) => s.seats.changes.find((c) => c.seat === index)?.at ?? null);
  let state: SlotState = 'empty';
  if (index === self) state = 'you';
  // still in the room, but ICE found no way to reach it: say so rather than "Signaling" forever
  else if (peer?.state === 'closed' && peer.error?.code === 'ERR_NO_PATH' && present.includes(index)) state = 'no-path';
  else if (peer && (peer.state !== 'closed' || !present.includes(index))) state = peer.state;
  else if (present.includes(index)) state = 'signaling';
  const rtt = peer?.state === 'connected' ? peer.rttMs : null;
  let detail = '';
  if (state === 'you') detail = 'This tab';
  else if (state === 'empty') detail = 'Waiting for someone to open the link';
  // in plain words; the link's technical reason only in the tooltip (like a run error's Details)
  else if (state === 'closed') detail = 'Left the room, or the connection was lost';
  else if (state === 'no-path') detail = peer?.error?.message ?? 'No direct link could be set up';
  else if (state === 'connected') detail = `${pathLabel(peer?.path ?? null)}${typeof peer?.connectMs === 'number' ? `, set up in ${Math.round(peer.connectMs)} ms` : ''}`;
  else detail = 'Setting up a direct link…';
  if (newSince !== null && state !== 'empty' && state !== 'closed') detail = `New tab since ${clockTime(newSince)} · ${detail}`;
  return (
    <li className={`party state-${state}`} data-testid={`party-${index}`} data-state={state} data-new-tab={newSince !== null} data-path={state === 'connected' ? (peer?.path?.kind ?? 'unknown') : undefined}>
      <span className="party-avatar">P{index}</span>
      <span className="party-main">
        <span className="party-name">
          Party {index}
          {state === 'you' && (
            <span className="you-tag" data-testid="self-index">
              you
            </span>
          )}
        </span>
        <span className="party-detail" title={state === 'closed' && peer?.error ? `${detail} (${peer.error.code}: ${peer.error.message})` : detail}>
          {detail}
        </span>
      </span>
      <span className="party-rtt" title="Idle round trip: a ping every 2 s over this page's data channel, which carries no run data (a run's own round trip, queued behind its frames, shows in the run)">
        {rtt !== null && <span className="rtt-label">idle RTT</span>}
        <span data-testid={`party-${index}-rtt`}>{rtt !== null ? `${formatRtt(rtt)} ms` : ''}</span>
      </span>
      <span className={`pill pill-${state}${state === 'you' && offline ? ' pill-closed' : ''}`} data-testid={`party-${index}-state`}>
        {state === 'you' && offline ? 'Offline' : STATE_LABEL[state]}
      </span>
    </li>
  );
}

/** How the link goes, from the selected ICE candidate pair (host/srflx/prflx: direct; relay: TURN). */
function pathLabel(path: PeerPath | null): string {
  if (!path) return 'Direct link';
  const pair = `${path.local} ↔ ${path.remote}`;
  return path.kind === 'relayed' ? `Relayed through TURN (${pair})` : `Direct link (${pair})`;
}

function formatRtt(ms: number): string {
  return ms < 10 ? ms.toFixed(2) : ms.toFixed(0);
}
