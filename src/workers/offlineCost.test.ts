/**
 * What the run form is told before Run is what the run then costs: the planner's offline bytes
 * and rounds per party equal a real trust 'ot' run's, with fresh base OTs and with kept ones.
 */
import { describe, expect, it } from 'vitest';
import { memoryNetwork } from '../mpc/io/memoryTransport';
import { OtStore } from '../mpc/offline/otSetup';
import { seededEntropy } from '../mpc/prg/entropy';
import { runExpSession } from '../mpc/session/expSession';
import type { OfflineCostQuery } from './api';
import { OfflineCostPlanner } from './offlineCost';

const query: OfflineCostQuery = {
  parties: 3,
  method: 'taylor',
  iterations: 6,
  profile: 'fast',
  field: 'FM64',
  batching: true,
  n: 12,
  inputParty: 1,
  lowerClamp: true,
  upperClamp: false,
  otExtension: 'softspoken4',
};

describe('OfflineCostPlanner', () => {
  it('plans the offline bytes and rounds a real run then spends, first run and later ones', async () => {
    const cost = await new OfflineCostPlanner().cost(query);
    const stores = [new OtStore(), new OtStore(), new OtStore()];
    const xs = Array.from({ length: query.n }, (_, i) => i / 8 - 0.7);
    for (const run of [1, 2]) {
      const mem = memoryNetwork(3);
      const { parties: _, ...job } = query;
      const res = await Promise.all(
        mem.transports.map((t) => runExpSession(t, { ...job, trust: 'ot' }, t.self === 1 ? xs : null, { entropy: seededEntropy(run * 5 + t.self), otStore: stores[t.self]! })),
      );
      const setup = run === 1 ? cost.setupSentFresh : cost.setupSentKept;
      expect(res.map((r) => ({ rounds: r.offline.rounds, sent: r.offline.payloadBytesSent }))).toEqual(cost.sent.map((s) => ({ rounds: cost.setupRounds + cost.rounds, sent: setup + s })));
    }
  });

  it('gives another n of the same job from its plan: more values, more material', async () => {
    const planner = new OfflineCostPlanner();
    const small = await planner.cost(query);
    const big = await planner.cost({ ...query, n: 10 * query.n });
    expect(big.sent[0]).toBeGreaterThan(5 * small.sent[0]!);
  });

  it('rejects a job the room cannot run, naming it', async () => {
    await expect(new OfflineCostPlanner().cost({ ...query, method: 'prime', field: 'FM128' })).rejects.toThrow(/prime/);
  });
});
