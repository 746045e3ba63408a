/**
 * Notices a run that stopped moving. A run in which no round finishes and no byte arrives for
 * minutes is a bug or a dead network, never a slow computation (a round of 2,000,000 values
 * computes in seconds here), so the tab gives up with an error that says what it waited for,
 * instead of spinning forever. Step mode is exempt: there the humans set the pace.
 */

export interface StallWatchOptions {
  /** Give up after this long without any change in `sample` (ms). */
  readonly stallMs: number;
  /** How often to look (ms). */
  readonly checkMs: number;
  /**
   * Activity counters that only grow while the run moves (rounds done, bytes received from each
   * peer, ...); any change counts as progress.
   */
  readonly sample: () => readonly number[];
  /** Called once, with how long each counter has been still (ms). */
  readonly onStall: (stillMs: readonly number[]) => void;
  readonly now?: () => number;
}

/** Start watching; returns stop (idempotent). */
export function watchStall(o: StallWatchOptions): () => void {
  const now = o.now ?? (() => performance.now());
  let last = [...o.sample()];
  const changedAt = last.map(() => now());
  const timer = setInterval(() => {
    const t = now();
    const cur = o.sample();
    cur.forEach((v, i) => {
      if (v !== last[i]) changedAt[i] = t;
    });
    last = [...cur];
    const still = changedAt.map((c) => t - c);
    if (Math.min(...still) >= o.stallMs) {
      clearInterval(timer);
      o.onStall(still);
    }
  }, o.checkMs);
  return () => clearInterval(timer);
}
