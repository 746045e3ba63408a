import { describe, expect, it } from 'vitest';
import { linspace } from '../eval/metrics';
import { runExpInProcess } from './expRun';
import { PlanCache, plannedBytes, planExp } from './plan';

describe('planExp', () => {
  it.each([
    ['taylor', 'FM64', 3, 'spu2024'],
    ['pade', 'FM128', 2, 'spu2024'],
    ['prime', 'FM128', 2, 'spu2024'],
    ['pade', 'FM128', 2, 'fast'],
    ['prime', 'FM128', 2, 'fast'],
  ] as const)('predicts the rounds and bytes of a real %s run on %s with %i parties (%s)', async (method, field, parties, profile) => {
    const plan = await planExp({ method, field, profile, inputParty: 0 }, parties);
    for (const n of [37, 64]) {
      const real = await runExpInProcess(linspace(-1, 1, n), { method, field, parties, profile, seed: 2 });
      real.traffic.forEach((t, party) => {
        expect(t.rounds).toBe(plan.rounds);
        expect(t.payloadBytesSent).toBe(plannedBytes(plan.sent[party]!, n));
        expect(t.payloadBytesReceived).toBe(plannedBytes(plan.received[party]!, n));
      });
    }
  });
});

describe('PlanCache', () => {
  it('plans a job once whatever its n, apart for any other setting, and keeps at most max jobs', async () => {
    const cache = new PlanCache(2);
    const job = { method: 'taylor', field: 'FM64', profile: 'fast', inputParty: 0 } as const;
    const first = cache.plan({ ...job, n: 10 } as typeof job, 2);
    expect(cache.plan({ ...job, n: 99 } as typeof job, 2)).toBe(first);
    const pade = cache.plan({ ...job, method: 'pade' }, 2);
    expect(pade).not.toBe(first);
    expect(cache.plan(job, 3)).not.toBe(first);
    expect(cache.size).toBe(2);
    expect(cache.plan(job, 2)).not.toBe(first); // the oldest went when the third job came
    expect(await pade).toEqual(await planExp({ ...job, method: 'pade' }, 2));
  });

  it('does not keep a failed plan', async () => {
    const cache = new PlanCache();
    const bad = { method: 'prime', field: 'FM64', profile: 'fast', inputParty: 0 } as const;
    await expect(cache.plan(bad, 2)).rejects.toThrow();
    expect(cache.size).toBe(0);
  });
});
