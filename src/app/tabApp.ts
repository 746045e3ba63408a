/**
 * One tab's app: created once at startup (main.tsx) and handed to the React tree. Every piece of
 * mutable page state lives in the objects it owns (stores, room, party worker, runs), none at
 * module level, so two instances (tests) share nothing. It wires the room's frames channels to
 * the party worker, which the room itself knows nothing of.
 */
import type { Mesh } from '../net';
import type { PageVisibility } from '../link/pageBeat';
import { runComparison } from './comparisonSeries';
import type { InputSource } from './inputs';
import type { PartyWorker } from './partyWorker';
import { createRoom, type Room } from './room';
import { createRuns, type Runs } from './runs';
import { revealMyShares } from './shareReveal';
import { createStores, type TabStores } from './stores';
import { createWorkerHost, documentVisibility, type WorkerHost } from './workerHost';

export interface TabApp {
  readonly stores: TabStores;
  readonly room: Room;
  readonly runs: Runs;
  readonly workers: WorkerHost;
  /** The method comparison series (comparisonSeries.ts). */
  runComparison(mesh: Mesh, input: InputSource): Promise<void>;
  /** Share inspector: reveal this party's shares of the last run (shareReveal.ts). */
  revealMyShares(mesh: Mesh): Promise<boolean>;
  /** Leave the room and stop listening to the page (tests; a page just goes away). */
  dispose(): void;
}

export interface TabAppOptions {
  /** The page's visibility, for the worker's heartbeat (the document's by default). */
  readonly page?: PageVisibility;
  /** Starts a party worker (tests may pass their own). */
  readonly startWorker?: (page: PageVisibility) => PartyWorker;
}

export function createTabApp(o: TabAppOptions = {}): TabApp {
  const stores = createStores();
  // a replaced worker's channels died with it: the mesh runs are attached to opens new ones
  const workers = createWorkerHost({
    page: o.page ?? documentVisibility,
    renewChannels: () => runs.attachedMesh()?.renewFramesChannels(),
    ...(o.startWorker ? { start: o.startWorker } : {}),
  });
  const runs: Runs = createRuns(stores, workers);
  const room = createRoom({ lobby: stores.lobby, framesChannel: (peer, channel) => workers.handFramesChannel(peer, channel) });
  const onPageHide = () => room.destroy();
  globalThis.addEventListener?.('pagehide', onPageHide);
  return {
    stores,
    room,
    runs,
    workers,
    runComparison: (mesh, input) => runComparison(stores, runs, mesh, input),
    revealMyShares: (mesh) => revealMyShares(workers, stores.run, stores.shares, mesh),
    dispose() {
      globalThis.removeEventListener?.('pagehide', onPageHide);
      room.destroy();
    },
  };
}
