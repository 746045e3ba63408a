/**
 * A party's engine, off the UI thread. One `run` per exp session; progress is pushed to the page
 * at most every PROGRESS_INTERVAL_MS (and once at each phase change) so the page stays smooth
 * however fast the rounds go.
 */
import { expose, transfer } from 'comlink';
import { hostEntropy } from '../mpc/entropy';
import { emptyCounters } from '../mpc/sched/counters';
import { runExpSession } from '../mpc/session/expSession';
import { plannedBytes, planExp } from '../mpc/session/plan';
import type { PartyWorkerApi, RunOutcome, RunProgress } from './api';
import { PortTransport } from './portTransport';

const PROGRESS_INTERVAL_MS = 50;

const api: PartyWorkerApi = {
  async run(self, config, inputs, port, onProgress) {
    const t0 = performance.now();
    const empty = emptyCounters(config.parties);
    let last = 0;
    const push = (p: Omit<RunProgress, 'elapsedMs'>, force = false) => {
      const now = performance.now();
      if (!force && now - last < PROGRESS_INTERVAL_MS) return;
      last = now;
      void onProgress({ ...p, elapsedMs: now - t0 });
    };
    push({ phase: 'planning', round: 0, plannedRounds: 0, plannedBytesSent: 0, online: empty.online, offline: empty.offline, currentOps: [] }, true);
    const tPlan = performance.now();
    const plan = await planExp(config, config.parties).catch((err: unknown) => err as Error);
    if (plan instanceof Error) return failure(plan);
    const planMs = performance.now() - tPlan;
    // the exp, plus one round to open the result (each party sends its share to every other)
    const plannedRounds = plan.rounds + 1;
    const ringBytes = config.field === 'FM64' ? 8 : 16;
    const plannedBytesSent = plannedBytes(plan.sent[self]!, config.n) + (config.parties - 1) * ringBytes * config.n;
    const transport = new PortTransport(self, config.parties, port);
    try {
      const res = await runExpSession(transport, config, inputs, {
        session: config.session,
        entropy: hostEntropy,
        onStart: () => push({ phase: 'running', round: 0, plannedRounds, plannedBytesSent, online: empty.online, offline: empty.offline, currentOps: [] }, true),
        onRound: (r, t) => {
          if (r.phase !== 'online') return;
          push({ phase: 'running', round: r.round, plannedRounds, plannedBytesSent, online: t.online, offline: t.offline, currentOps: r.opNames });
        },
      });
      push({ phase: 'done', round: res.total.online.rounds, plannedRounds, plannedBytesSent, online: res.total.online, offline: res.total.offline, currentOps: [] }, true);
      const result = { ...res, plannedRounds, phasesMs: { plan: planMs, ...res.phasesMs } };
      return transfer({ ok: true as const, result }, [res.y.buffer as ArrayBuffer]);
    } catch (err) {
      return failure(err);
    } finally {
      transport.close();
    }
  },
};

function failure(err: unknown): RunOutcome {
  const e = err as { code?: string; message?: string };
  return { ok: false, code: e.code ?? 'ERR_UNEXPECTED', message: e.message ?? String(err) };
}

expose(api);
