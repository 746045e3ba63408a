/**
 * A promise with a deadline, for every wait that must not last forever (a peer's frame, the
 * worker's last frames, a peer finishing its run). Pure: no DOM or Node API, so the engine, the
 * worker and the page share it.
 */
import { hostClock, type Clock } from './clock';

/**
 * `p`, or a rejection with `timeoutError()` if it has not settled within `ms`; the timer is
 * cleared either way, so nothing keeps running after the race.
 */
export function withDeadline<T>(p: Promise<T>, ms: number, timeoutError: () => Error, clock: Clock = hostClock): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const id = clock.setTimer(() => reject(timeoutError()), ms);
    p.then(
      (v) => (clock.clearTimer(id), resolve(v)),
      (e: unknown) => (clock.clearTimer(id), reject(e)),
    );
  });
}

export interface ProgressDeadline {
  /** Reject once `progress()` has not changed for this long (ms). */
  readonly silentMs: number;
  /** How often to look (ms). */
  readonly checkMs: number;
  /**
   * A counter that changes whenever the awaited thing shows it is still coming (bytes of it
   * arriving, word that its sender is still working on it). Any change counts, so a counter that
   * restarts (a replaced link) is progress too, never a reason to give up.
   */
  readonly progress: () => number;
  /** The rejection, told how long nothing moved (ms). */
  readonly timeoutError: (silentForMs: number) => Error;
  readonly clock?: Clock;
}

/**
 * `p`, or a rejection once nothing has moved for `silentMs`. Unlike withDeadline it never cuts off
 * a wait that is slow but alive: a frame of many megabytes may take minutes to arrive, and gives
 * up only if its bytes stop. The timer is cleared once `p` settles.
 */
export function withProgressDeadline<T>(p: Promise<T>, o: ProgressDeadline): Promise<T> {
  const clock = o.clock ?? hostClock;
  return new Promise<T>((resolve, reject) => {
    let last = o.progress();
    let movedAt = clock.now();
    let id: unknown = null;
    const look = (): void => {
      const now = clock.now();
      const cur = o.progress();
      if (cur !== last) {
        last = cur;
        movedAt = now;
      }
      if (now - movedAt >= o.silentMs) return reject(o.timeoutError(now - movedAt));
      // never sleep past the moment the wait could end, so a coarse checkMs does not stretch silentMs
      id = clock.setTimer(look, Math.max(1, Math.min(o.checkMs, movedAt + o.silentMs - now)));
    };
    id = clock.setTimer(look, Math.min(o.checkMs, o.silentMs));
    p.then(
      (v) => (clock.clearTimer(id), resolve(v)),
      (e: unknown) => (clock.clearTimer(id), reject(e)),
    );
  });
}
