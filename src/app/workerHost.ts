/**
 * The party worker's lifecycle on the page: started on first use, replaced when it failed or is
 * stuck, and handed the mesh's frames channels. One per app instance (tabApp.ts).
 */
import { transfer } from 'comlink';
import { MpcError } from '../mpc/errors';
import type { PageVisibility } from '../link/pageBeat';
import { startPartyWorker, type PartyWorker } from './partyWorker';
import { e2eSwitches } from './e2eSwitches';

export interface WorkerHost {
  /** This tab's party worker: started on first use, and started afresh if the last one failed. */
  current(): PartyWorker;
  /** The worker if one was started (it may be dead), without starting one. */
  existing(): PartyWorker | null;
  /**
   * Start a fresh worker in place of the current one (stopped with `reason`). Its data channels
   * died with it, unseen by the peers, so new ones are opened with every peer at once (the
   * `renewChannels` given at creation): a peer that kept sending on the old one would wait forever.
   */
  replace(reason: Error): PartyWorker;
  /**
   * The mesh's frames channel to `peer`, handed to the worker (started now if need be) in the task
   * that created it, the only time it can be transferred. If the transfer fails the channel is
   * closed, so both ends relay that peer's frames through their pages.
   */
  handFramesChannel(peer: number, channel: RTCDataChannel): void;
}

export interface WorkerHostOptions {
  /** The page's visibility, for the worker's heartbeat (pageBeat.ts). */
  readonly page: PageVisibility;
  /** Open new frames channels with every peer (the mesh's renewFramesChannels), after a replacement. */
  readonly renewChannels: () => void;
  /** Starts a worker (tests may pass their own). */
  readonly start?: (page: PageVisibility) => PartyWorker;
}

export function createWorkerHost(o: WorkerHostOptions): WorkerHost {
  const start = o.start ?? startPartyWorker;
  let worker: PartyWorker | null = null;
  const host: WorkerHost = {
    current() {
      if (!worker) worker = start(o.page);
      else if (worker.dead) return host.replace(new MpcError('ERR_ABORTED', 'the party worker had failed'));
      return worker;
    },
    existing: () => worker,
    replace(reason) {
      const old = worker;
      const fresh = start(o.page);
      worker = fresh;
      old?.terminate(reason);
      o.renewChannels();
      return fresh;
    },
    handFramesChannel(peer, channel) {
      host
        .current()
        .api.attachChannel(peer, transfer(channel, [channel]), e2eSwitches().link ?? undefined)
        .catch((err: unknown) => {
          console.warn(`frames to party ${peer} stay on the page: ${(err as Error).message}`);
          channel.close();
        });
    },
  };
  return host;
}

/** The document's visibility (the page's heartbeat slows in a hidden tab). */
export const documentVisibility: PageVisibility = {
  visible: () => document.visibilityState === 'visible',
  watch: (changed) => {
    document.addEventListener('visibilitychange', changed);
    return () => document.removeEventListener('visibilitychange', changed);
  },
};
