/**
 * The share inspector's engine hook: with keepShares, every party returns its own shares of the
 * first values of x (right after sharing) and y (before opening). Added up mod 2^k over all
 * parties they must give exactly the fixed-point encodings of the inputs and of the opened result.
 */
import { describe, expect, it } from 'vitest';
import { seededEntropy } from '../prg/entropy';
import { defaultFractionBits, ringOf, type Field } from '../ring';
import { decodeFxp, encodeFxp } from '../ring/fixedPoint';
import { memoryNetwork } from '../io/memoryTransport';
import { runExpSession } from './expSession';

async function runAll(parties: number, field: Field, xs: readonly number[], keepShares?: number) {
  const mem = memoryNetwork(parties);
  return Promise.all(
    mem.transports.map((t) =>
      runExpSession(t, { method: 'taylor', field, profile: 'spu2024', n: xs.length, inputParty: parties - 1 }, t.self === parties - 1 ? xs : null, {
        entropy: seededEntropy(31 * parties + t.self),
        ...(keepShares === undefined ? {} : { keepShares }),
      }),
    ),
  );
}

/** Σ over parties of the hex shares of element i, mod 2^k. */
function sum(hexes: readonly (readonly string[])[], i: number, k: number): bigint {
  return BigInt.asUintN(
    k,
    hexes.reduce((s, h) => s + BigInt(`0x${h[i]!}`), 0n),
  );
}

describe('runExpSession keepShares', () => {
  it.each([
    [2, 'FM64'],
    [2, 'FM128'],
    [3, 'FM128'],
  ] as const)('%i parties on %s: the kept shares sum to the encoded inputs and outputs', async (parties, field) => {
    const xs = [0.5, -1.25, 2, 1.75, -0.1]; // where taylor-8 is within 1%
    const keep = 4;
    const runs = await runAll(parties, field, xs, keep);
    const ring = ringOf(field);
    const f = defaultFractionBits(field);
    const encX = encodeFxp(ring, xs, f);
    for (const r of runs) {
      expect(r.shares!.x).toHaveLength(keep);
      expect(r.shares!.y).toHaveLength(keep);
    }
    for (let i = 0; i < keep; i++) {
      expect(sum(runs.map((r) => r.shares!.x), i, ring.k)).toBe(ring.get(encX, i));
      // the opened result is the decoding of exactly this sum
      const y = sum(runs.map((r) => r.shares!.y), i, ring.k);
      const oneY = ring.fromBigInts([y]);
      expect(decodeFxp(ring, oneY, f)[0]).toBe(runs[0]!.y[i]);
      expect(Math.abs(runs[0]!.y[i]! / Math.exp(xs[i]!) - 1)).toBeLessThan(0.01);
    }
    // a party's share alone is not the value: it is a uniformly random ring element
    const lone = BigInt(`0x${runs[0]!.shares!.x[0]!}`);
    expect(lone).not.toBe(ring.get(encX, 0));
  });

  it('keeps no shares unless asked, and never more than n', async () => {
    const off = await runAll(2, 'FM64', [1, 2]);
    expect(off.every((r) => r.shares === null)).toBe(true);
    const capped = await runAll(2, 'FM64', [1, 2], 10);
    expect(capped.every((r) => r.shares!.x.length === 2 && r.shares!.y.length === 2)).toBe(true);
  });
});
