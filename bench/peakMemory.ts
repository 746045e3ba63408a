/**
 * Peak memory of an exp in process: live JS heap plus ArrayBuffer bytes (typed arrays and the
 * wasm kernels' memory), sampled after a full garbage collection at the end of every round, above
 * a baseline taken the same way before the run. Both parties live in this one process, so the
 * per-party figure is the process peak divided by the party count (the protocol is symmetric up
 * to the input party's inputs). Garbage collection is forced through V8's --expose-gc, switched on
 * at run time; the sampling makes the run slow, so time is never measured in the same run.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { runExpInProcess, type ExpRunConfig } from '../src/mpc/session/expRun';

function forcedGc(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

/**
 * Live heap + ArrayBuffer bytes after a full collection. Twice: V8 frees dead ArrayBuffers'
 * memory on a background thread after a collection, and the next collection first waits for
 * that, so only after the second are the counts free of the first's garbage.
 */
function liveBytes(gc: () => void): number {
  gc();
  gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

export interface PeakMemory {
  /** Process peak above the baseline, bytes. */
  readonly peakBytes: number;
  /** peakBytes / parties / n. */
  readonly peakBytesPerPartyPerElement: number;
}

export async function measurePeakMemory(xs: ArrayLike<number>, cfg: ExpRunConfig): Promise<PeakMemory> {
  const gc = forcedGc();
  const base = liveBytes(gc);
  let peak = 0;
  const sample = () => {
    peak = Math.max(peak, liveBytes(gc) - base);
  };
  const res = await runExpInProcess(xs, { ...cfg, onRound: sample });
  sample();
  void res; // the result is live until here, so the last sample counts it
  return { peakBytes: peak, peakBytesPerPartyPerElement: peak / cfg.parties / xs.length };
}
