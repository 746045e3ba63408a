/**
 * On a small machine, a party's worker rests REST_MS after every WORK_MS of uninterrupted
 * computing, and, once it has computed PAGE_REST_AFTER_MS since its last peer frame, whenever its
 * page has missed its beats for PAGE_SILENT_MS, until the page beats again (src/mpc/pace.ts and
 * pageBeat.ts say why). Each rule shortened the pages' longest tasks without slowing the run (the
 * network threads that move the frames get the CPU they need too); longer rests and a shorter
 * silence did not help (BENCHMARKS.md, "Page responsiveness"; bench/e2e/responsive.bench.ts).
 *
 * "Small" is at most SMALL_MACHINE_CORES logical cores: there, the workers of two tabs leave no
 * core for anything else. On larger machines the workers never rest.
 */
import type { Pacer } from '../mpc/pace';
import type { PageSilence } from '../link/pageBeat';

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

/**
 * The page has missed its beats for this long (ms, pageBeat.ts): it is inside a task, or waiting
 * for a core, so the worker rests until it beats again. Two to three beats: a beat is a timer
 * task, and timers slip a few ms behind the page's ordinary tasks (progress renders of 5–20 ms).
 */
export const PAGE_SILENT_MS = 25;
/**
 * The most the worker rests for one silence of its page (ms): a page busy with long work of its
 * own, or frozen, must not stop the run. After that the worker computes until the page beats again.
 */
export const PAGE_REST_MAX_MS = 100;
/**
 * The worker rests for its page only after computing this long since the engine last took a
 * peer's frame (ms): only then is it one of the threads that keep the page from a core. A small
 * run's rounds compute a few ms between frames, and resting there only delays the round (the page
 * renders each round's progress, and under load those renders miss the beat: BENCHMARKS.md,
 * "Page responsiveness", session 5).
 */
export const PAGE_REST_AFTER_MS = 20;

export interface Breathing {
  readonly pacer: Pacer;
  /** Time spent resting since the worker started (ms, measured around each rest), of which `forPage` for a silent page. */
  restedMs(): { readonly total: number; readonly forPage: number };
  /** Rest also while the page misses its beats (see PAGE_SILENT_MS). */
  watchPage(page: PageSilence): void;
  /** The engine took a peer's frame: what it computes next is a new stretch (PAGE_REST_AFTER_MS). */
  frameTaken(): void;
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
  let lastFrame = lastCall; // when the engine last took a peer's frame
  let rested = 0;
  let restedForPage = 0;
  let page: PageSilence | null = null;
  let restedThisSilence = 0; // of the page's current silence
  /** Rest while the page is silent; true if it did. */
  const restForPage = (t: number): boolean => {
    if (!page) return false;
    if (page.silentFor(t) < PAGE_SILENT_MS) {
      restedThisSilence = 0;
      return false;
    }
    if (restedThisSilence >= PAGE_REST_MAX_MS) return false;
    const beat = page.awaitBeat(PAGE_REST_MAX_MS - restedThisSilence);
    const slept = now() - t;
    restedThisSilence = beat ? 0 : restedThisSilence + slept;
    restedForPage += slept;
    rested += slept;
    return true;
  };
  const pacer = (): void => {
    const t = now();
    if (t - lastFrame >= PAGE_REST_AFTER_MS && restForPage(t)) {
      lastCall = now();
      worked = 0;
      return;
    }
    const gap = t - lastCall;
    worked = gap <= IDLE_GAP_MS ? worked + gap : 0;
    lastCall = t;
    if (worked < WORK_MS) return;
    sleep(REST_MS);
    lastCall = now();
    rested += lastCall - t;
    worked = 0;
  };
  return {
    pacer,
    restedMs: () => ({ total: rested, forPage: restedForPage }),
    watchPage: (p) => {
      page = p;
    },
    frameTaken: () => {
      lastFrame = now();
    },
  };
}
