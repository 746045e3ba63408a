/**
 * The stores of one app instance (tabApp.ts): zustand vanilla stores of metadata the views
 * subscribe to, and beside them, with subscriptions of their own, what is not metadata (the
 * comparison's error figures, revealed shares, the last run's opened results).
 */
import { createComparisonRecords, type ComparisonRecords } from './comparisonStore';
import { createLabStore, type LabStore } from './labStore';
import { createLastRun, type LastRun } from './lastRun';
import { createLobbyStore, type LobbyStore } from './lobbyStore';
import { createNetRunStore, type NetRunStore } from './netRun';
import { createRunStore, type RunStore } from './runStore';
import { createSharesStore, type SharesStore } from './sharesStore';

export interface TabStores {
  readonly lobby: LobbyStore;
  readonly run: RunStore;
  readonly netRun: NetRunStore;
  readonly lab: LabStore;
  readonly comparison: ComparisonRecords;
  readonly shares: SharesStore;
  readonly lastRun: LastRun;
}

export function createStores(): TabStores {
  return {
    lobby: createLobbyStore(),
    run: createRunStore(),
    netRun: createNetRunStore(),
    lab: createLabStore(),
    comparison: createComparisonRecords(),
    shares: createSharesStore(),
    lastRun: createLastRun(),
  };
}

/** Every zustand store's state as JSON (the e2e hooks check that no secret ever enters one). */
export function storesJson(s: TabStores): string {
  return JSON.stringify({ lobby: s.lobby.getState(), run: s.run.getState(), netRun: s.netRun.getState(), lab: s.lab.getState(), comparison: s.comparison.store.getState() });
}
