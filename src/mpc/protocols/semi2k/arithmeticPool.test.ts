/**
 * The thread's pool of temporaries (ring/pool.ts) under the Beaver multiplication and squaring:
 * arrays handed back after one step (e, d, the triple's a and b, party 0's replicas of the other
 * parties' draws) are reused by the next, so a result or an input share that still aliased one
 * of them would be overwritten. Many steps of one size, concurrent and in sequence, with every
 * result opened only after all of them ran, and every input share checked unchanged.
 */
import { describe, expect, it } from 'vitest';
import { ringOf, type Field } from '../../ring';
import { simulate } from '../../io/simulate';
import { a2p, mulAA, squareA, v2a } from './arithmetic';
import { truncAPr } from './truncation';

for (const field of ['FM64', 'FM128'] as Field[]) {
  for (const parties of [2, 3]) {
    describe(`pooled temporaries, ${field}, ${parties} parties`, () => {
      it('results and inputs stay intact while later multiplications reuse the pool', async () => {
        const ring = ringOf(field);
        const n = 5000;
        const values = (seed: bigint) => ring.fromBigInts(Array.from({ length: n }, (_, i) => (BigInt(i) + seed) * 0x9e3779b97f4a7c15n));
        const xs = [values(1n), values(2n), values(3n), values(4n)];
        const runs = await simulate(
          parties,
          async (p) => {
            const shares = xs.map((x, i) => v2a(p, i % parties, p.self === i % parties ? x : null, n));
            const copies = shares.map((s) => s.data.slice());
            const products = await Promise.all([mulAA(p, shares[0]!, shares[1]!), mulAA(p, shares[2]!, shares[3]!)]);
            const more = [await mulAA(p, shares[1]!, shares[2]!), await squareA(p, shares[3]!), await mulAA(p, products[0]!, shares[0]!)];
            const after = [await squareA(p, shares[0]!), await mulAA(p, shares[3]!, shares[0]!)];
            const opened = [];
            for (const z of [...products, ...more, ...after]) opened.push(await a2p(p, z));
            return { opened, inputsUnchanged: shares.every((s, i) => s.data.every((w, j) => w === copies[i]![j])) };
          },
          { field, seed: 7 },
        );
        const [x0, x1, x2, x3] = xs as [typeof xs[0], typeof xs[0], typeof xs[0], typeof xs[0]];
        const want = [ring.mul(x0, x1), ring.mul(x2, x3), ring.mul(x1, x2), ring.mul(x3, x3), ring.mul(ring.mul(x0, x1), x0), ring.mul(x0, x0), ring.mul(x3, x0)];
        for (const r of runs) {
          expect(r.output.inputsUnchanged).toBe(true);
          r.output.opened.forEach((z, i) => expect(z, `result ${i}`).toEqual(want[i]));
        }
      });

      it('truncAPr: results within 1 and inputs intact while later truncations reuse the pool', async () => {
        const ring = ringOf(field);
        const n = 3000;
        const m = 13;
        const signed = (seed: number) => Array.from({ length: n }, (_, i) => BigInt((i * 7919 + seed) % 200003) * (i % 2 ? -1n : 1n) << 20n);
        const plain = [signed(1), signed(2), signed(3)];
        const runs = await simulate(
          parties,
          async (p) => {
            const shares = plain.map((v, i) => v2a(p, i % parties, p.self === i % parties ? ring.fromBigInts(v) : null, n));
            const copies = shares.map((s) => s.data.slice());
            const first = await Promise.all(shares.map((s) => truncAPr(p, s, m)));
            const second = [await truncAPr(p, shares[2]!, m), await truncAPr(p, first[0]!, m)];
            const opened = [];
            for (const z of [...first, ...second]) opened.push(await a2p(p, z));
            return { opened, inputsUnchanged: shares.every((s, i) => s.data.every((w, j) => w === copies[i]![j])) };
          },
          { field, seed: 9 },
        );
        const shift = (v: bigint[], by: number) => v.map((x) => x >> BigInt(by));
        const want = [shift(plain[0]!, m), shift(plain[1]!, m), shift(plain[2]!, m), shift(plain[2]!, m), shift(plain[0]!, 2 * m)];
        for (const r of runs) {
          expect(r.output.inputsUnchanged).toBe(true);
          r.output.opened.forEach((z, i) => {
            const off = want[i]!.map((w, j) => ring.getSigned(z, j) - w).filter((d) => d < -2n || d > 2n);
            expect(off, `result ${i}`).toEqual([]);
          });
        }
      });
    });
  }
}
