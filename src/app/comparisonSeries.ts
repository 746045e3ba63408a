/**
 * The method comparison series: propose its runs one after another (comparison.ts lists them),
 * each once every party is free again; stop at the first failure. Every tab records each run it
 * takes part in (runs.ts).
 */
import type { Mesh } from '../net';
import { comparisonRuns } from './comparison';
import type { SeriesStatus } from './comparisonStore';
import type { InputSource } from './inputs';
import { peersSay } from './peersSay';
import { newSession, type Runs } from './runs';
import type { TabStores } from './stores';

/** How long the proposer of a series waits for every peer to be free again after its own run ended (ms). */
const FINISH_WAIT_MS = 30_000;

export async function runComparison(stores: TabStores, runs: Runs, mesh: Mesh, input: InputSource): Promise<void> {
  const comparisonStore = stores.comparison.store;
  if (runs.busy() || comparisonStore.getState().series?.running) return;
  const series = comparisonRuns(stores.run.getState().params, mesh.capacity);
  const first: SeriesStatus = { done: 0, total: series.length, current: null, error: null, running: true };
  const setSeries = (s: Partial<SeriesStatus>) => comparisonStore.setState((st) => ({ series: { ...first, ...st.series, ...s } }));
  comparisonStore.setState({ series: first });
  try {
    for (const [k, params] of series.entries()) {
      setSeries({ current: `${params.method} · ${params.profile} · batching ${params.batching ? 'on' : 'off'} · n = ${params.n}` });
      const session = newSession();
      const freed = peersSay(mesh, 'finished', session);
      try {
        if (!(await runs.proposeAndRun(mesh, session, params, input))) {
          throw new Error(`the ${params.method} · ${params.profile} run failed: ${stores.run.getState().error?.message ?? 'unknown error'}`);
        }
        await freed.wait(FINISH_WAIT_MS, `did not finish run ${session} within ${FINISH_WAIT_MS / 1000} s of ours`);
      } finally {
        freed.cancel();
      }
      setSeries({ done: k + 1 });
    }
    setSeries({ current: null, running: false });
  } catch (err) {
    setSeries({ error: (err as Error).message, running: false });
  }
}
