/**
 * Seat changes (seats.ts), shown in the lobby and again beside the run button: a new party 0 is a
 * warning that stays, blocks this tab's trusted-first-party runs until its user trusts it, and then
 * stays as one line; another seat's newcomer is a notice the user can dismiss. The new party 0
 * itself is told why the other tabs may refuse its runs. The words follow the form's trust: under
 * OT party 0 is no dealer, and only a switch to the trusted first party would make it one.
 */
import { useStore } from 'zustand';
import { clockTime, DEALER_SEAT, seatChangeText, type SeatChange } from '../../app/seats';
import type { Trust } from '../../workers/api';
import { useTabApp } from './tabAppContext';

export function SeatNotices(props: { where: 'lobby' | 'run' }) {
  const lobbyStore = useTabApp().stores.lobby;
  const changes = useStore(lobbyStore, (s) => s.seats.changes);
  const newDealerHere = useStore(lobbyStore, (s) => s.entered === 'join' && s.self === DEALER_SEAT);
  const trust = useStore(useTabApp().stores.run, (s) => s.params.trust);
  const shown = changes.filter((c) => c.dealer || !c.acknowledged);
  if (shown.length === 0 && !newDealerHere) return null;
  return (
    <div className="seat-notices" data-testid={`seat-notices-${props.where}`}>
      {newDealerHere && (
        <p className="seat-notice info" role="status" data-testid={`seat-self-dealer-${props.where}`}>
          You took the place of party {DEALER_SEAT} after the tab that created this room left.{' '}
          {trust === 'ot'
            ? `With OT, as this form is set, party ${DEALER_SEAT} is no dealer and learns nothing but the result; with the trusted first party it would receive every party’s seed, so for such a run each tab that was here before asks its user to confirm they trust you before it takes part.`
            : `Under the trusted-first-party model party ${DEALER_SEAT} receives every party’s seed, so each tab that was here before asks its user to confirm they trust you before it takes part in a run.`}
        </p>
      )}
      {shown.map((c) => (
        <Notice key={c.seat} change={c} where={props.where} trust={trust} />
      ))}
    </div>
  );
}

function Notice({ change: c, where, trust }: { change: SeatChange; where: 'lobby' | 'run'; trust: Trust }) {
  const { acknowledgeSeatChange } = useTabApp().room;
  const id = `seat-notice-${where}-${c.seat}`;
  if (c.dealer && c.acknowledged) {
    return (
      <p className="seat-notice trusted" data-testid={id} data-acknowledged="true">
        Party {c.seat} is a new tab since {clockTime(c.at)}; you confirmed that you trust it with every party’s seed
        {trust === 'ot' ? ', should a run use the trusted first party (with OT, as this form is set, it receives none).' : '.'}
      </p>
    );
  }
  if (c.dealer) {
    return (
      <div className="seat-notice danger" role="alert" data-testid={id} data-acknowledged="false">
        <strong data-testid={`${id}-title`}>New party {c.seat}: {trust === 'ot' ? 'trusted-first-party runs wait for you' : 'runs wait for you'}</strong>
        <p data-testid={`${id}-text`}>{seatChangeText(c, trust)}</p>
        <p>
          This tab takes part in no {trust === 'ot' ? 'trusted-first-party ' : ''}run until you confirm{trust === 'ot' ? '; OT runs go' : ''}. If you do not know who opened that tab, leave
          this room and create a new one instead.
        </p>
        <button type="button" className="primary" onClick={() => acknowledgeSeatChange(c.seat)} data-testid={`trust-seat-${where}-${c.seat}`}>
          I trust the new party {c.seat}
        </button>
      </div>
    );
  }
  return (
    <div className="seat-notice info" role="status" data-testid={id} data-acknowledged="false">
      <p data-testid={`${id}-text`}>{seatChangeText(c, trust)}</p>
      <button type="button" className="ghost" onClick={() => acknowledgeSeatChange(c.seat)} data-testid={`dismiss-seat-${where}-${c.seat}`}>
        Dismiss
      </button>
    </div>
  );
}
