/**
 * Base OTs are made once per pair and kept (OtStore) for later runs, each run on a new run
 * number; a party that lost its store (a tab that rejoined) makes its pairs redo them.
 */
import { describe, expect, it } from 'vitest';
import { ringOf } from '../ring';
import { simulate } from '../io/simulate';
import { OtStore } from './otSetup';

async function run(stores: OtStore[], seed: number) {
  const ring = ringOf('FM64');
  const runs = await simulate(
    stores.length,
    async (p) => {
      await p.preprocess([{ kind: 'triple', n: 8, param: 0 }]);
      const t = p.dealer.triple(8);
      const base = p.graph.nodes.find((n) => n.name === 'setup_base_ot')!;
      return { t, baseBytes: base.payloadBytesSent };
    },
    { field: 'FM64', seed, trust: 'ot', otStores: stores },
  );
  const sum = (f: (r: (typeof runs)[number]) => BigUint64Array) => runs.map(f).reduce((s, x) => ring.add(s, x));
  expect(sum((r) => r.output.t.c)).toEqual(ring.mul(sum((r) => r.output.t.a), sum((r) => r.output.t.b)));
  return runs.map((r) => r.output.baseBytes);
}

describe('OtStore', () => {
  it('keeps base OTs across runs, with a new run number each time, and redoes them with a peer that lost its own', async () => {
    const stores = [new OtStore(), new OtStore(), new OtStore()];
    expect(await run(stores, 1)).toEqual([2 * 4096, 2 * 4096, 2 * 4096]);
    const tag = stores[0]!.get(1)!.tag;
    expect(stores[0]!.get(1)!.nextRun).toBe(1);
    expect(await run(stores, 2)).toEqual([0, 0, 0]);
    expect(stores[0]!.get(1)!.nextRun).toBe(2);
    expect(stores[1]!.get(0)!.tag).toEqual(tag);
    // party 2 rejoins without its store: its two pairs redo their base OTs, the pair {0, 1} does not
    stores[2] = new OtStore();
    expect(await run(stores, 3)).toEqual([4096, 4096, 2 * 4096]);
    expect(stores[0]!.get(1)!.nextRun).toBe(3);
    expect(stores[0]!.get(2)!.nextRun).toBe(1);
    expect(stores[0]!.get(2)!.tag).toEqual(stores[2]!.get(0)!.tag);
  });
});
