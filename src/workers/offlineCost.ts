/**
 * The planned cost of a trust 'ot' run's offline phase, asked by the run form before Run
 * (PartyWorkerApi.offlineCost): the correlations the job consumes come from dry runs
 * (planCorrelations, up to ~1 s for pade with 5 parties), kept per job and room size since the
 * form asks again at every n; the bytes and rounds for n are then planOffline's, exact.
 */
import { planOffline } from '../mpc/offline/corr/otDealer';
import { setupBytesSent } from '../mpc/offline/otSetup';
import { correlationsFor, planCorrelations, type PlannedRequest } from '../mpc/session/correlationPlan';
import type { OfflineCost, OfflineCostQuery } from './api';

/** Key agreement with the base-OT hello, then the base OTs (otSetup.ts): two rounds in every run. */
const OT_SETUP_ROUNDS = 2;
const MAX_KEPT_PLANS = 32;

export class OfflineCostPlanner {
  private readonly plans = new Map<string, Promise<PlannedRequest[]>>();

  async cost(q: OfflineCostQuery): Promise<OfflineCost> {
    const { parties, n, otExtension, ...job } = q;
    const key = JSON.stringify([job, parties]);
    let plan = this.plans.get(key);
    if (!plan) {
      if (this.plans.size >= MAX_KEPT_PLANS) this.plans.clear();
      plan = planCorrelations(job, parties);
      this.plans.set(key, plan);
      plan.catch(() => this.plans.delete(key));
    }
    const off = planOffline(correlationsFor(await plan, n), parties, q.field === 'FM64' ? 64 : 128, otExtension);
    return {
      rounds: off.rounds,
      sent: off.sent,
      setupRounds: OT_SETUP_ROUNDS,
      setupSentFresh: setupBytesSent(parties, parties - 1),
      setupSentKept: setupBytesSent(parties, 0),
    };
  }
}
