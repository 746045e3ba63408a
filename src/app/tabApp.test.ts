import { describe, expect, it } from 'vitest';
import type { PartyWorker } from './partyWorker';
import { createTabApp } from './tabApp';

/** A worker that is never started for real (these tests run no run). */
const noWorker = (): PartyWorker => {
  throw new Error('no party worker in this test');
};

describe('app instances', () => {
  it('share no state: each has its own stores, room and runs', () => {
    const a = createTabApp({ startWorker: noWorker });
    const b = createTabApp({ startWorker: noWorker });
    try {
      a.stores.run.setState((s) => ({ phase: 'error', error: { code: 'ERR_X', message: 'x' }, params: { ...s.params, n: 7 } }));
      a.stores.lobby.setState({ phase: 'connecting', room: '0'.repeat(32) });
      a.stores.lab.setState({ hoverNode: 3 });
      a.stores.comparison.add({ method: 'pade', profile: 'fast', batching: true, field: 'FM128', parties: 2, n: 7, net: 'none (loopback)', rounds: 7, bytesSentPerElement: 1, expMs: 1, error: null, trust: 'tfp', offlineRounds: 1, offlineBytesSentPerElement: 0 }, null);
      a.stores.shares.add(0, { session: 1, field: 'FM64', fxp: 18, x: ['5'], y: ['6'] });
      a.stores.netRun.setState({ session: 9 });
      a.stores.lastRun.set({ y: new Float64Array([1]), x: null }, null);

      expect(b.stores.run.getState()).toMatchObject({ phase: 'idle', error: null });
      expect(b.stores.run.getState().params.n).not.toBe(7);
      expect(b.stores.lobby.getState()).toMatchObject({ phase: 'idle', room: null });
      expect(b.stores.lab.getState().hoverNode).toBeNull();
      expect(b.stores.comparison.store.getState().records).toEqual([]);
      expect(b.stores.shares.revealed()).toBeNull();
      expect(b.stores.netRun.getState().session).toBeNull();
      expect(b.stores.lastRun.outcome()).toBeNull();
      expect(a.room.mesh()).toBeNull();
      expect(b.room.mesh()).toBeNull();
      expect([b.runs.busy(), b.workers.existing()]).toEqual([false, null]);
    } finally {
      a.dispose();
      b.dispose();
    }
  });

  it('tell subscribers of the last run when it changes', () => {
    const { stores } = createTabApp({ startWorker: noWorker });
    let calls = 0;
    const stop = stores.lastRun.subscribe(() => calls++);
    const outcome = { y: new Float64Array([2]), x: null };
    stores.lastRun.set(outcome, { graph: [], rounds: [] });
    expect([stores.lastRun.outcome(), calls]).toEqual([outcome, 1]);
    stores.lastRun.set(null, null);
    stop();
    stores.lastRun.set(outcome, null);
    expect(calls).toBe(2);
  });
});
