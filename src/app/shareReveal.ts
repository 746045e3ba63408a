/**
 * Share inspector (teaching only, the user's explicit choice): this party reveals its own shares
 * of the last run's first values to every tab, and takes those the other tabs reveal.
 */
import type { ControlMessage, Mesh } from '../net';
import type { RunStore } from './runStore';
import type { SharesStore } from './sharesStore';
import type { WorkerHost } from './workerHost';

/**
 * Show this party's own shares of the last run's first values here and send them to every other
 * tab. Returns false if there is no finished run to reveal.
 */
export async function revealMyShares(workers: WorkerHost, runStore: RunStore, shares: SharesStore, mesh: Mesh): Promise<boolean> {
  const worker = workers.existing();
  const mine = worker ? await worker.api.revealShares() : null;
  if (!mine || mine.session !== runStore.getState().session) return false;
  shares.add(mesh.self, mine);
  mesh.broadcastControl({ type: 'shares', session: mine.session, field: mine.field, fxp: mine.fxp, x: [...mine.x], y: [...mine.y] });
  return true;
}

/** A peer's revealed shares, kept if they are of this tab's current run. */
export function acceptShares(runStore: RunStore, shares: SharesStore, from: number, msg: Extract<ControlMessage, { type: 'shares' }>): void {
  if (msg.session === runStore.getState().session) {
    shares.add(from, { session: msg.session, field: msg.field === 'FM64' ? 'FM64' : 'FM128', fxp: msg.fxp, x: msg.x, y: msg.y });
  }
}
