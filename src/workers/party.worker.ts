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
import type { PartyWorkerApi, RunProgress } from './api';
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
    const plan = await planExp(config, config.parties);
    // the exp's rounds, plus one to open the result
    const plannedRounds = plan.rounds + 1;
    const plannedBytesSent = plannedBytes(plan.sent[self]!, config.n);
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
      return transfer({ ...res, plannedRounds }, [res.y.buffer as ArrayBuffer]);
    } finally {
      transport.close();
    }
  },
};

expose(api);
