import { describe, expect, it } from 'vitest';
import { linspace } from '../eval/metrics';
import { runExpInProcess } from '../testing/expRun';
import { planExp } from './plan';

describe('planExp', () => {
  it.each([
    ['taylor', 'FM64', 3],
    ['pade', 'FM128', 2],
    ['prime', 'FM128', 2],
  ] as const)('predicts the rounds and bytes of a real %s run on %s with %i parties', async (method, field, parties) => {
    const plan = await planExp({ method, field, inputParty: 0 }, parties);
    const n = 37;
    const real = await runExpInProcess(linspace(-1, 1, n), { method, field, parties, seed: 2 });
    real.traffic.forEach((t, party) => {
      expect(t.rounds).toBe(plan.rounds);
      expect(t.payloadBytesSent).toBe(plan.bytesSentPerElement[party]! * n);
      expect(t.payloadBytesReceived).toBe(plan.bytesReceivedPerElement[party]! * n);
    });
  });
});
