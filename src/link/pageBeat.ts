/**
 * The page's heartbeat, shared with its party worker through two cells of a SharedArrayBuffer.
 *
 * Why: on a small machine a page task is long mostly because it cannot get a core, not because it
 * has much to do (BENCHMARKS.md, "Page responsiveness", has the traces; bench/e2e/responsive.bench.ts
 * measures it). The page's own worker is one of the
 * threads that take the core. While a run is on screen the page bumps a counter every BEAT_MS,
 * from a timer task of its own; a beat that does not come means the main thread is inside a
 * task, or waiting for a core. The worker's pacer (breathing.ts) then rests until the next beat,
 * which it is woken for at once (Atomics.notify), so a stretched task ends sooner.
 *
 * The cells carry a count and a flag, never data of the run.
 */

/** How often the page beats while a run is on screen (ms). */
export const BEAT_MS = 10;

const COUNT = 0;
const STATE = 1;
/** STATE values: the page beats (a run is on screen and the page is visible), or it does not. */
const QUIET = 0;
const BEATING = 1;

/** The cells, or null where there is no SharedArrayBuffer (the page is not cross-origin isolated). */
export function pageBeatCells(): Int32Array | null {
  return typeof SharedArrayBuffer === 'undefined' ? null : new Int32Array(new SharedArrayBuffer(8));
}

/** Whether the page is on screen, and news when that changes (the page's `document`; tests give fakes). */
export interface PageVisibility {
  visible(): boolean;
  /** Calls `changed` on every change until the returned function is called. */
  watch(changed: () => void): () => void;
}

/**
 * The page's side: beats while started and the page is visible. A hidden page's timers are
 * throttled to one a second; its silence is not a long task and must not make the worker rest.
 */
export class PageBeat {
  private timer: ReturnType<typeof setInterval> | null = null;
  private unwatch: (() => void) | null = null;

  constructor(
    private readonly cells: Int32Array,
    private readonly visibility: PageVisibility,
  ) {}

  start(): void {
    if (this.timer !== null) return;
    this.unwatch = this.visibility.watch(this.beat);
    this.timer = setInterval(this.beat, BEAT_MS);
    this.beat();
  }

  stop(): void {
    if (this.timer === null) return;
    clearInterval(this.timer);
    this.timer = null;
    this.unwatch?.();
    Atomics.store(this.cells, STATE, QUIET);
    Atomics.notify(this.cells, COUNT);
  }

  private readonly beat = (): void => {
    Atomics.store(this.cells, STATE, this.visibility.visible() ? BEATING : QUIET);
    Atomics.add(this.cells, COUNT, 1);
    Atomics.notify(this.cells, COUNT);
  };
}

/** The worker's view of its page's beat. */
export interface PageSilence {
  /** How long the page has not beaten, as of `t` on the worker's clock (ms); 0 while it is quiet. */
  silentFor(t: number): number;
  /** Sleep until the page's next beat, or `maxMs`; true if it beat (or went quiet). */
  awaitBeat(maxMs: number): boolean;
}

export function pageSilence(cells: Int32Array, now: () => number): PageSilence {
  let seen = Atomics.load(cells, COUNT);
  let seenAt = now();
  return {
    silentFor(t) {
      const count = Atomics.load(cells, COUNT);
      if (count !== seen || Atomics.load(cells, STATE) !== BEATING) {
        seen = count;
        seenAt = t;
      }
      return t - seenAt;
    },
    awaitBeat(maxMs) {
      return Atomics.wait(cells, COUNT, seen, maxMs) !== 'timed-out';
    },
  };
}
