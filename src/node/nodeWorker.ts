/**
 * The party worker of a Node party: src/workers/party.worker.ts itself, in a worker thread
 * (engineWorker.ts), so the engine computes off the thread that holds the mesh, as in a tab. That
 * thread keeps answering pings and vouching for the engine while it computes; a long synchronous
 * stretch (party 0 dealing 10^6 values) would otherwise look to the peers like a dropped frame.
 */
import { Worker } from 'node:worker_threads';
import { wrap } from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import type { PartyWorker } from '../app/partyWorker';
import { MpcError } from '../mpc/errors';
import type { PartyWorkerApi } from '../workers/api';

/**
 * Start the engine's thread. Its entry is TypeScript: the thread loads it through tsx's API, as
 * the CLI itself runs (a worker thread does not inherit the parent's loader hooks on Node 20).
 */
export function startNodePartyWorker(): PartyWorker {
  const entry = new URL('./engineWorker.ts', import.meta.url).href;
  const tsx = import.meta.resolve('tsx/esm/api');
  const boot = `import(${JSON.stringify(tsx)}).then((m) => m.tsImport(${JSON.stringify(entry)}, ${JSON.stringify(entry)}))`;
  const worker = new Worker(boot, { eval: true, name: 'tabmpc-party' });
  let fail!: (e: Error) => void;
  const lost = new Promise<never>((_, reject) => (fail = reject));
  let dead = false;
  lost.catch(() => (dead = true));
  worker.on('error', (err: Error) => fail(new MpcError('ERR_ABORTED', `the party worker failed: ${err.message}`)));
  worker.on('exit', (code) => fail(new MpcError('ERR_ABORTED', `the party worker exited (code ${code})`)));
  // the mesh's thread must not wait for the engine's to end before the process may
  worker.unref();
  return {
    api: wrap<PartyWorkerApi>(nodeEndpoint(worker)),
    beat: null,
    lost,
    get dead() {
      return dead;
    },
    terminate: (reason) => {
      void worker.terminate();
      if (reason) fail(reason);
    },
  };
}
