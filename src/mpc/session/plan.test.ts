import { describe, expect, it } from 'vitest';
import { linspace } from '../eval/metrics';
import { runExpInProcess } from './expRun';
import { plannedBytes, planExp } from './plan';

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
