/**
 * The default trust weighs the offline phase's planned bytes (real plans from the worker's
 * planner), and the form's trust follows it only while the user has not picked one.
 */
import { describe, expect, it } from 'vitest';
import type { OfflineCost } from '../workers/api';
import { OfflineCostPlanner } from '../workers/offlineCost';
import { applyDefaultTrust, busiestOfflineBytes, defaultTrustFor, estimateOfflineMs, OFFLINE_BYTES_PER_SECOND, OT_DEFAULT_MAX_BYTES, offlineCostQuery } from './offlineCost';
import { DEFAULT_PARAMS, OT_DEFAULT_MAX_N, type RunParams } from './params';
import { createRunStore } from './runStore';

const planner = new OfflineCostPlanner();
const costOf = (p: Partial<RunParams>, parties: number) => planner.cost(offlineCostQuery({ ...DEFAULT_PARAMS, ...p }, parties));
const cost = (sent: number[], setupSentFresh = 0): OfflineCost => ({ rounds: 4, sent, setupRounds: 2, setupSentFresh, setupSentKept: 0 });

describe('the default trust', () => {
  it('is OT for cheap material and the trusted first party for heavy material, at the same n', async () => {
    // 2-party prime makes ~3.6 kB per value (party 0), 3-party pade ~142 kB
    expect(defaultTrustFor(1000, await costOf({ method: 'prime', n: 1000 }, 2))).toBe('ot');
    expect(defaultTrustFor(100, await costOf({ method: 'pade', n: 100 }, 3))).toBe('tfp');
    expect(defaultTrustFor(100, await costOf({ method: 'pade', n: 100 }, 2))).toBe('ot');
    expect(defaultTrustFor(1000, await costOf({ method: 'pade', n: 1000 }, 2))).toBe('tfp');
    expect(defaultTrustFor(10_000, await costOf({ method: 'prime', n: 10_000 }, 2))).toBe('tfp');
  });

  it('has its bound on the busiest party, setup with fresh base OTs included, and never OT above OT_DEFAULT_MAX_N values', () => {
    expect(busiestOfflineBytes(cost([100, 300, 200], 50))).toBe(350);
    expect(defaultTrustFor(10, cost([OT_DEFAULT_MAX_BYTES - 50, 0], 50))).toBe('ot');
    expect(defaultTrustFor(10, cost([0, OT_DEFAULT_MAX_BYTES - 49], 50))).toBe('tfp');
    expect(defaultTrustFor(OT_DEFAULT_MAX_N, cost([1, 1]))).toBe('ot');
    expect(defaultTrustFor(OT_DEFAULT_MAX_N + 1, cost([1, 1]))).toBe('tfp');
  });

  it('estimates the time from the bytes at the measured rate, slower with three tabs or more', () => {
    const c = cost([2_000_000, 1_000_000], 0);
    expect(estimateOfflineMs(c, 'softspoken4', 2)).toBeCloseTo((1000 * 2_000_000) / OFFLINE_BYTES_PER_SECOND.softspoken4);
    expect(estimateOfflineMs(c, 'iknp', 2)).toBeLessThan(estimateOfflineMs(c, 'softspoken4', 2));
    expect(estimateOfflineMs(c, 'softspoken4', 3)).toBeGreaterThan(estimateOfflineMs(c, 'softspoken4', 2));
  });

  it("sets the form's trust only while the user has not picked one, and only for the form's current settings", () => {
    const store = createRunStore();
    const q = offlineCostQuery(store.getState().params, 2);
    const heavy = cost([OT_DEFAULT_MAX_BYTES + 1, 0]);
    applyDefaultTrust(store, q, 2, heavy);
    expect(store.getState().params.trust).toBe('tfp');
    applyDefaultTrust(store, q, 2, cost([1, 1]));
    expect(store.getState().params.trust).toBe('ot');
    // an answer for other settings (the user changed n since) is dropped
    applyDefaultTrust(store, { ...q, n: q.n + 1 }, 2, heavy);
    expect(store.getState().params.trust).toBe('ot');
    // and for another room size
    applyDefaultTrust(store, q, 3, heavy);
    expect(store.getState().params.trust).toBe('ot');
    store.setState({ trustChosen: true });
    applyDefaultTrust(store, q, 2, heavy);
    expect(store.getState().params.trust).toBe('ot');
  });
});
