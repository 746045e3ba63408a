/**
 * Who sits in each seat, as this tab has seen it: a seat taken by a tab that was not there before
 * (its last occupant left, or it is seat 0, which the room's creator holds from the start) is a
 * seat change, shown in every other tab until its user acknowledges it. Seat 0 matters most: under
 * the trusted-first-party model party 0 receives every party's PRG seed and could learn every
 * secret, so a tab does not take part in a trust 'tfp' run while a change of seat 0 is
 * unacknowledged (under trust 'ot' party 0 is no dealer). Metadata only (seat numbers and times):
 * it lives in the lobby store.
 */
import type { Trust } from '../workers/api';

/** The seat that deals the correlated randomness (trusted first party). */
export const DEALER_SEAT = 0;

export interface SeatChange {
  readonly seat: number;
  /** When this tab saw the new occupant arrive (ms since the epoch). */
  readonly at: number;
  /** The seat deals every correlation: its new occupant could learn every secret of the next run. */
  readonly dealer: boolean;
  readonly acknowledged: boolean;
}

export interface SeatWatch {
  /** False until this tab has seen who was in the room when it entered (its first `peers`). */
  readonly ready: boolean;
  /** Seats occupied at the last look, this tab's own excluded. */
  readonly occupied: readonly number[];
  /** Seats whose occupant this tab saw leave: whoever takes them next is a newcomer. */
  readonly vacated: readonly number[];
  /** Seat changes, at most one per seat (the latest), oldest first. */
  readonly changes: readonly SeatChange[];
}

export const initialSeatWatch: SeatWatch = { ready: false, occupied: [], vacated: [], changes: [] };

/**
 * The watch after the room's membership became `present` (signaling's view, `self` included).
 * A joiner's first snapshot may show only itself (the server's `peers` follows `joined`): the
 * watch starts with the first one that shows anyone else, or at once for party 0, so that the
 * tabs already present when this one entered are never taken for newcomers.
 */
export function observeSeats(prev: SeatWatch, present: readonly number[], self: number, now: number): SeatWatch {
  const others = present.filter((i) => i !== self);
  if (!prev.ready) {
    if (others.length === 0 && self !== DEALER_SEAT) return prev;
    return { ...prev, ready: true, occupied: others };
  }
  const arrived = others.filter((i) => !prev.occupied.includes(i));
  const departed = prev.occupied.filter((i) => !others.includes(i));
  if (arrived.length === 0 && departed.length === 0) return prev;
  // a change whose newcomer left again is moot: the seat's next occupant makes a new one
  let changes = prev.changes.filter((c) => !departed.includes(c.seat));
  for (const seat of arrived) {
    if (seat !== DEALER_SEAT && !prev.vacated.includes(seat)) continue; // a first occupant, invited by the link
    changes = [...changes.filter((c) => c.seat !== seat), { seat, at: now, dealer: seat === DEALER_SEAT, acknowledged: false }];
  }
  const vacated = [...prev.vacated.filter((i) => !arrived.includes(i)), ...departed];
  return { ready: true, occupied: others, vacated, changes };
}

/** The watch with the change of `seat` acknowledged by this tab's user. */
export function acknowledgeSeat(w: SeatWatch, seat: number): SeatWatch {
  return { ...w, changes: w.changes.map((c) => (c.seat === seat ? { ...c, acknowledged: true } : c)) };
}

/** The unacknowledged change of the dealer seat, if any: while there is one, this tab runs nothing. */
export function unconfirmedDealer(w: SeatWatch): SeatChange | null {
  return w.changes.find((c) => c.dealer && !c.acknowledged) ?? null;
}

/** Local wall-clock time as HH:MM:SS. */
export function clockTime(ms: number): string {
  const d = new Date(ms);
  return [d.getHours(), d.getMinutes(), d.getSeconds()].map((v) => String(v).padStart(2, '0')).join(':');
}

/**
 * What a tab says about a seat change (the notice's text), under the trust its form holds: a new
 * party 0 is the dealer of a trusted-first-party run, and no dealer of an OT run.
 */
export function seatChangeText(c: SeatChange, trust: Trust): string {
  if (c.dealer && trust === 'ot') {
    return `Party ${c.seat} is a new tab that joined at ${clockTime(c.at)}. With OT, as this form is set, it makes its share of the Beaver material like every party and learns nothing but the result; a run with the trusted first party would send it every party's seed, so such a run waits for your confirmation.`;
  }
  if (c.dealer) {
    return `Party ${c.seat} is a new tab that joined at ${clockTime(c.at)}. Under the trusted-first-party model it receives every party's seed and could learn every secret of the next run.`;
  }
  return `Party ${c.seat} is a new tab that joined at ${clockTime(c.at)}, in the place of the tab that left. It takes part in the next run like any party; it sees only what every party sees.`;
}

/**
 * Why this tab refuses a run, or null: a trusted-first-party run while a change of the dealer seat
 * is unacknowledged would send this tab's seed to a party 0 its user has not accepted. Under trust
 * 'ot' party 0 is no dealer and receives no seed: nothing to refuse.
 */
export function runRefusal(w: SeatWatch, self: number, trust: Trust): string | null {
  if (trust === 'ot') return null;
  const c = unconfirmedDealer(w);
  if (!c) return null;
  return `party ${self} has not confirmed the new party ${c.seat} (a new tab since ${clockTime(c.at)}, which would receive every party's seed); its user must press "I trust the new party ${c.seat}" first`;
}
