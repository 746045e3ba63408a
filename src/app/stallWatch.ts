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

/** What the page last heard from its engine: whether it awaited its peers' frames, and when (ms). */
export interface EngineWord {
  readonly awaiting: boolean;
  readonly at: number;
}

/** What the page knows when it decides whether to vouch for its engine (times in ms). */
export interface VouchState {
  /** The engine's last word, null before its first. */
  readonly word: EngineWord | null;
  /** When the run began here. */
  readonly startedAt: number;
  /** When frame bytes from any peer last arrived here (on the page's links or the worker's channels), or null. */
  readonly bytesAt: number | null;
}

export interface VouchRules {
  /**
   * How long an "awaiting" report stands (ms). An engine that awaits is idle and reports every
   * second (party.worker.ts, HEARTBEAT_MS); an older one means it has gone back to computing, in
   * a stretch that leaves it no moment to say so.
   */
  readonly awaitingHoldsMs: number;
  /**
   * An engine that awaits frames still counts as on its way to its next frame while their bytes
   * arrive: its own frame waits for them (on two cores a 3 MB frame can take seconds). Bytes,
   * never the peers' vouching: two waiting parties must not keep each other alive.
   */
  readonly receivingHoldsMs: number;
  /**
   * Stop vouching after this long without any word from the engine (ms): no computation goes
   * that long without a moment to report, so it is hung or dead, and the peers may give up.
   */
  readonly silentEngineMs: number;
}

export const VOUCH_RULES: VouchRules = { awaitingHoldsMs: 1_500, receivingHoldsMs: 2_000, silentEngineMs: 60_000 };

/**
 * Whether the page should tell the peers now that this party's next frame is still coming
 * (MeshTransport.beat): yes while the engine computes, a round is held in step mode, or the frames
 * it awaits are still arriving; no once it awaits frames that do not move (its silence is then for
 * the peers to judge: a frame dropped on the way to it, or by it, must show), or when the engine
 * has not been heard from for too long.
 */
export function vouchesForEngine(s: VouchState, now: number, rules: VouchRules = VOUCH_RULES): boolean {
  if (s.word?.awaiting && now - s.word.at < rules.awaitingHoldsMs) return s.bytesAt !== null && now - s.bytesAt < rules.receivingHoldsMs;
  return now - (s.word?.at ?? s.startedAt) < rules.silentEngineMs;
}
