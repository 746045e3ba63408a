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
