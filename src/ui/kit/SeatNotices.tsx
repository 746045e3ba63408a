/**
 * Seat changes (seats.ts), shown in the lobby and again beside the run button: a new party 0 is a
 * warning that stays, blocks this tab's runs until its user trusts it, and then stays as one line;
 * another seat's newcomer is a notice the user can dismiss. The new party 0 itself is told why the
 * other tabs may refuse its runs.
 */
import { useStore } from 'zustand';
import { clockTime, DEALER_SEAT, seatChangeText, type SeatChange } from '../../app/seats';
import { useTabApp } from './tabAppContext';

export function SeatNotices(props: { where: 'lobby' | 'run' }) {
  const lobbyStore = useTabApp().stores.lobby;
  const changes = useStore(lobbyStore, (s) => s.seats.changes);
  const newDealerHere = useStore(lobbyStore, (s) => s.entered === 'join' && s.self === DEALER_SEAT);
  const shown = changes.filter((c) => c.dealer || !c.acknowledged);
  if (shown.length === 0 && !newDealerHere) return null;
  return (
    <div className="seat-notices" data-testid={`seat-notices-${props.where}`}>
      {newDealerHere && (
        <p className="seat-notice info" role="status" data-testid={`seat-self-dealer-${props.where}`}>
          You took the place of party {DEALER_SEAT} after the tab that created this room left. Under the trusted-first-party model party {DEALER_SEAT} receives
          every party’s seed, so each tab that was here before asks its user to confirm they trust you before it takes part in a run.
        </p>
      )}
      {shown.map((c) => (
        <Notice key={c.seat} change={c} where={props.where} />
      ))}
    </div>
  );
}

function Notice({ change: c, where }: { change: SeatChange; where: 'lobby' | 'run' }) {
  const { acknowledgeSeatChange } = useTabApp().room;
  const id = `seat-notice-${where}-${c.seat}`;
  if (c.dealer && c.acknowledged) {
    return (
      <p className="seat-notice trusted" data-testid={id} data-acknowledged="true">
        Party {c.seat} is a new tab since {clockTime(c.at)}; you confirmed that you trust it with every party’s seed.
      </p>
    );
  }
  if (c.dealer) {
    return (
      <div className="seat-notice danger" role="alert" data-testid={id} data-acknowledged="false">
        <strong>New party {c.seat}: runs wait for you</strong>
        <p data-testid={`${id}-text`}>{seatChangeText(c)}</p>
        <p>
          This tab takes part in no run until you confirm. If you do not know who opened that tab, leave this room and create a new one instead.
        </p>
        <button type="button" className="primary" onClick={() => acknowledgeSeatChange(c.seat)} data-testid={`trust-seat-${where}-${c.seat}`}>
          I trust the new party {c.seat}
        </button>
      </div>
    );
  }
  return (
    <div className="seat-notice info" role="status" data-testid={id} data-acknowledged="false">
      <p data-testid={`${id}-text`}>{seatChangeText(c)}</p>
      <button type="button" className="ghost" onClick={() => acknowledgeSeatChange(c.seat)} data-testid={`dismiss-seat-${where}-${c.seat}`}>
        Dismiss
      </button>
    </div>
  );
}
