/**
 * On a small machine, a party's worker rests REST_MS after every WORK_MS of uninterrupted
 * computing (src/mpc/pace.ts says why). Measured here (2 cores, both tabs on one machine, pade on
 * 100,000 values, e2e/responsive.spec.ts; BENCHMARKS.md): the longest task on either page was
 * over 100 ms in 1 of 16 runs with this rule (133 ms; the rest 52–86 ms), against 3 of 21 without
 * (up to 136 ms); the workers rested 0.5–1 s of a 12–15 s run, and the runs took no longer
 * (Chromium's network process, which moves the frames, gets the CPU it needs too). Longer rests
 * (3 ms) did not help.
 *
 * "Small" is at most SMALL_MACHINE_CORES logical cores: there, the workers of two tabs leave no
 * core for anything else. On larger machines the workers never rest.
 */
import type { Pacer } from '../mpc/pace';

export const SMALL_MACHINE_CORES = 4;
export const WORK_MS = 8;
export const REST_MS = 2;
/**
 * A gap longer than this between two pace() calls was waiting (for a frame), not computing: the
 * count of work starts again. Shorter ones are work: the engine's own code between two kernel
 * chunks. So a worker rests only within a long stretch of computing, never in a small run's
 * rounds (1,000 values: about 1–2 ms of computing between waits), where it would add latency.
 */
const IDLE_GAP_MS = 5;

export interface Breathing {
  readonly pacer: Pacer;
  /** Time spent resting since the worker started (ms, measured around each rest). */
  restedMs(): number;
}

/** Time as the pacer sees it: a clock, and a way to sleep (tests give fake ones). */
export interface RestClock {
  now(): number;
  sleep(ms: number): void;
}

/** The thread's own clock; sleeping is a timed wait on a cell nobody notifies, so a core is free. */
function threadClock(): RestClock {
  const cell = new Int32Array(new SharedArrayBuffer(4));
  return { now: () => performance.now(), sleep: (ms) => void Atomics.wait(cell, 0, 0, ms) };
}

/**
 * The pacer for a machine with `cores` logical cores, or null where the worker should not rest
 * (a large machine, or no SharedArrayBuffer to sleep on: the page is not cross-origin isolated).
 */
export function breathingPacer(cores: number, clock?: RestClock): Breathing | null {
  if (!(cores <= SMALL_MACHINE_CORES) || typeof SharedArrayBuffer === 'undefined') return null;
  const { now, sleep } = clock ?? threadClock();
  let worked = 0; // ms of computing since the last rest
  let lastCall = now();
  let rested = 0;
  const pacer = (): void => {
    const t = now();
    const gap = t - lastCall;
    worked = gap <= IDLE_GAP_MS ? worked + gap : 0;
    lastCall = t;
    if (worked < WORK_MS) return;
    sleep(REST_MS);
    lastCall = now();
    rested += lastCall - t;
    worked = 0;
  };
  return { pacer, restedMs: () => rested };
}
