/**
 * The offline phase of a dealer-free run, before Run: its planned cost (asked of the worker,
 * exact: planOffline), an estimate of its time, and the default trust that weighs it.
 *
 * The default: OT while the busiest party's planned offline bytes (setup with fresh base OTs plus
 * the Beaver material) stay within OT_DEFAULT_MAX_BYTES and n within OT_DEFAULT_MAX_N; else the
 * trusted first party. Bytes, not n alone, because the material per value differs ~30× between
 * methods and grows with the parties: 2-party prime makes ~3.6 kB per value, 3-party pade ~142 kB.
 *
 * The time estimate divides those bytes by the rate at which the offline phase ran between real
 * tabs on the 2-core machine (BENCHMARKS.md, "Dealer-free exp between two tabs" and "Random COTs
 * per second in the worker"): the COT extension itself is a small part of that time (the worker
 * makes random COTs at millions per second), the rest is the OLE corrections, their hashing and
 * the transfer, all of which grow with the bytes. It is an estimate, and the form says so.
 */
import type { OfflineCost, OfflineCostQuery, Trust } from '../workers/api';
import type { OtExtension } from '../mpc/offline/otSetup';
import { OT_DEFAULT_MAX_N, type RunParams } from './params';
import type { RunStore } from './runStore';
import type { WorkerHost } from './workerHost';

/** Up to this many planned offline bytes sent by the busiest party, OT is the default (10 MiB: ~8 s at the rates below). */
export const OT_DEFAULT_MAX_BYTES = 10 * 1024 * 1024;

/**
 * Offline bytes per second of the busiest party, measured between two tabs making the Beaver
 * material of exp prime with 1,000 values on a quiet machine (BENCHMARKS.md, "Dealer-free exp between
 * two tabs on a quiet machine"): the first run in a room, fresh base OTs included, which is what the
 * planned bytes count. softspoken4 3.61 MB in 2.83–2.89 s, iknp 8.17 MB in 4.74 s, softspoken7
 * 2.99 MB in 3.09 s, softspoken8 2.85 MB in 3.90 s (load average 1.3–2.8). A busy machine is slower:
 * at load 13–17 the same phase ran at 1.0, 1.5, 0.8 and 0.6 MB/s. k = 5 and 6 are not in the form
 * (the CLI has them): their rates are taken between k = 4's and k = 7's, not measured.
 */
export const OFFLINE_BYTES_PER_SECOND: Readonly<Record<OtExtension, number>> = {
  softspoken4: 1.25e6,
  softspoken5: 1.15e6,
  softspoken6: 1.05e6,
  softspoken7: 0.97e6,
  softspoken8: 0.73e6,
  iknp: 1.7e6,
};
/** Three or more tabs share the machine's cores: the rate measured with three against two. */
const MORE_TABS_FACTOR = 0.68;

/** The query for `params` in a room of `parties`. */
export function offlineCostQuery(p: RunParams, parties: number): OfflineCostQuery {
  const { method, iterations, profile, field, batching, n, inputParty, lowerClamp, upperClamp, otExtension } = p;
  return { parties, method, iterations, profile, field, batching, n, inputParty, lowerClamp, upperClamp, otExtension };
}

/** The busiest party's planned offline bytes: setup with fresh base OTs (the worst case) and the material. */
export function busiestOfflineBytes(c: OfflineCost): number {
  return c.setupSentFresh + Math.max(...c.sent);
}

/** The default trust of a run of n values whose offline phase would cost `c`. */
export function defaultTrustFor(n: number, c: OfflineCost): Trust {
  return n <= OT_DEFAULT_MAX_N && busiestOfflineBytes(c) <= OT_DEFAULT_MAX_BYTES ? 'ot' : 'tfp';
}

/** An estimate of the offline phase's time (ms) from its bytes (see the file's comment). */
export function estimateOfflineMs(c: OfflineCost, otExtension: OtExtension, parties: number): number {
  const rate = OFFLINE_BYTES_PER_SECOND[otExtension] * (parties > 2 ? MORE_TABS_FACTOR : 1);
  return (1000 * busiestOfflineBytes(c)) / rate;
}

/** Ask the worker for the planned offline cost (starts the worker if none runs yet). */
export function planOfflineCost(workers: WorkerHost, q: OfflineCostQuery): Promise<OfflineCost> {
  return workers.current().api.offlineCost(q);
}

/**
 * Set the form's trust to the default for `c`, if the user has not picked one and the form still
 * holds the parameters `q` was asked for (a later answer may come first).
 */
export function applyDefaultTrust(runStore: RunStore, q: OfflineCostQuery, parties: number, c: OfflineCost): void {
  const s = runStore.getState();
  if (s.trustChosen || s.phase === 'running') return;
  if (JSON.stringify(offlineCostQuery(s.params, parties)) !== JSON.stringify(q)) return;
  const trust = defaultTrustFor(q.n, c);
  if (s.params.trust !== trust) runStore.setState({ params: { ...s.params, trust } });
}
