import { describe, expect, it } from 'vitest';
import { seededEntropy } from '../mpc/prg/entropy';
import { runExpSession } from '../mpc/session/expSession';
import { memoryNetwork } from '../mpc/io/memoryTransport';
import { combine, createSharesStore } from './sharesStore';

describe('share inspector data', () => {
  it.each([2, 3] as const)('the revealed shares of %i parties sum to the encoded inputs and outputs', async (parties) => {
    const xs = [0.5, -1.25, 2, 3];
    const mem = memoryNetwork(parties);
    const runs = await Promise.all(
      mem.transports.map((t) =>
        runExpSession(t, { method: 'taylor', field: 'FM128', profile: 'spu2024', n: xs.length, inputParty: 0 }, t.self === 0 ? xs : null, {
          entropy: seededEntropy(t.self + 10 * parties),
          keepShares: 4,
        }),
      ),
    );
    const { add: addShares, revealed: revealedShares } = createSharesStore();
    runs.forEach((r, party) => addShares(party, { session: 7, field: 'FM128', fxp: 26, x: r.shares!.x, y: r.shares!.y }));
    const byParty = revealedShares()!.byParty;
    xs.forEach((x, i) => {
      expect(combine(byParty, parties, 'x', i)!.value).toBe(x);
      expect(combine(byParty, parties, 'y', i)!.value).toBeCloseTo(runs[0]!.y[i]!, 12);
      // one share alone is noise: nowhere near the value
      expect(Math.abs(Number(BigInt.asIntN(128, BigInt(`0x${runs[1]!.shares!.x[i]}`))) / 2 ** 26)).toBeGreaterThan(1e6);
    });
  });

  it('says nothing while a party has not revealed', () => {
    const { add: addShares, revealed: revealedShares } = createSharesStore();
    addShares(0, { session: 1, field: 'FM64', fxp: 18, x: ['5'], y: ['6'] });
    expect(combine(revealedShares()!.byParty, 2, 'x', 0)).toBeNull();
  });
});
