import { describe, expect, it } from 'vitest';
import { acknowledgeSeat, clockTime, initialSeatWatch, observeSeats, runRefusal, seatChangeText, unconfirmedDealer, type SeatWatch } from './seats';

/** Feed a sequence of `present` lists (signaling's view) to a tab sitting in `self`. */
function watch(self: number, ...steps: (readonly number[])[]): SeatWatch {
  let w = initialSeatWatch;
  steps.forEach((present, t) => (w = observeSeats(w, present, self, 1000 * t)));
  return w;
}

describe('seat changes', () => {
  it('takes the tabs present when this one entered for the room, not for newcomers', () => {
    // a joiner first sees only itself (the server's `peers` follows `joined`), then everyone
    const w = watch(1, [1], [0, 1], [0, 1, 2]);
    expect(w.changes).toEqual([]);
    expect(w.occupied).toEqual([0, 2]);
  });

  it('flags party 0 taken again after the tab that created the room left, as the dealer', () => {
    const w = watch(1, [0, 1], [1], [0, 1]);
    expect(w.changes).toEqual([{ seat: 0, at: 2000, dealer: true, acknowledged: false }]);
    expect(unconfirmedDealer(w)?.seat).toBe(0);
    expect(runRefusal(w, 1, 'tfp')).toMatch(/party 1 has not confirmed the new party 0 .*I trust the new party 0/);
    // under trust 'ot' party 0 is no dealer and receives no seed: nothing to refuse
    expect(runRefusal(w, 1, 'ot')).toBeNull();
  });

  it('flags party 0 arriving in a room this tab joined while seat 0 was empty', () => {
    const w = watch(2, [1, 2], [0, 1, 2]);
    expect(w.changes.map((c) => [c.seat, c.dealer])).toEqual([[0, true]]);
  });

  it('flags another seat only when its occupant left and a new tab took it, not its first occupant', () => {
    const w = watch(0, [0], [0, 1], [0, 1, 2], [0, 2], [0, 1, 2]);
    expect(w.changes).toEqual([{ seat: 1, at: 4000, dealer: false, acknowledged: false }]);
    expect(unconfirmedDealer(w)).toBeNull();
    expect(runRefusal(w, 0, 'tfp')).toBeNull();
  });

  it('never flags this tab itself, and unblocks runs once acknowledged (the notice stays)', () => {
    const mine = watch(0, [0], [0, 1]);
    expect(mine.changes).toEqual([]);
    const w = acknowledgeSeat(watch(1, [0, 1], [1], [0, 1]), 0);
    expect(w.changes).toEqual([{ seat: 0, at: 2000, dealer: true, acknowledged: true }]);
    expect(runRefusal(w, 1, 'tfp')).toBeNull();
  });

  it('asks again when party 0 changes again after an acknowledgement, and drops a change whose newcomer left', () => {
    let w = acknowledgeSeat(watch(1, [0, 1], [1], [0, 1]), 0);
    w = observeSeats(w, [1], 1, 5000);
    expect(w.changes).toEqual([]);
    w = observeSeats(w, [0, 1], 1, 6000);
    expect(w.changes).toEqual([{ seat: 0, at: 6000, dealer: true, acknowledged: false }]);
  });

  it('says what the new party 0 could learn, with the local time it joined', () => {
    const at = new Date(2026, 0, 2, 9, 5, 7).getTime();
    expect(clockTime(at)).toBe('09:05:07');
    expect(seatChangeText({ seat: 0, at, dealer: true, acknowledged: false }, 'tfp')).toBe(
      "Party 0 is a new tab that joined at 09:05:07. Under the trusted-first-party model it receives every party's seed and could learn every secret of the next run.",
    );
  });

  it('says under OT that the new party 0 is no dealer, and that only a trusted-first-party run waits', () => {
    const at = new Date(2026, 0, 2, 9, 5, 7).getTime();
    expect(seatChangeText({ seat: 0, at, dealer: true, acknowledged: false }, 'ot')).toBe(
      "Party 0 is a new tab that joined at 09:05:07. With OT, as this form is set, it makes its share of the Beaver material like every party and learns nothing but the result; a run with the trusted first party would send it every party's seed, so such a run waits for your confirmation.",
    );
    // another seat's newcomer is no dealer in either mode: the same words
    const other = { seat: 1, at, dealer: false, acknowledged: false };
    expect(seatChangeText(other, 'ot')).toBe(seatChangeText(other, 'tfp'));
    expect(seatChangeText(other, 'ot')).toContain('it sees only what every party sees');
  });
});
