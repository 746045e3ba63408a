import { describe, expect, it } from 'vitest';
import { createComparisonRecords } from './comparisonStore';

describe('comparison records', () => {
  it('keep the input party’s error figures and curve (values of its private x) out of the store', () => {
    const { add: addRecord, clear: clearRecords, store: comparisonStore, curveOf, withErrors } = createComparisonRecords();
    const error = { maxRelErr: 0.25, meanRelErrInRange: 1e-4, tolerance: 1e-3, validRange: [-3.217, 2.918] as [number, number] };
    const curve = [{ x: -3.217, relErr: 1e-5 }, { x: 2.918, relErr: 2e-5 }];
    addRecord({ method: 'pade', profile: 'fast', batching: true, field: 'FM128', parties: 2, n: 2, net: 'none (loopback)', rounds: 7, bytesSentPerElement: 100, expMs: 3, error, trust: 'ot', offlineRounds: 9, offlineBytesSentPerElement: 4000 }, curve);
    const json = JSON.stringify(comparisonStore.getState());
    expect(json).not.toContain('3.217');
    expect(json).not.toContain('2.918');
    // the view and the exports still have them
    const [r] = withErrors(comparisonStore.getState().records);
    expect(r?.error).toEqual(error);
    expect(curveOf(r!.id)).toEqual(curve);
    clearRecords();
    expect(withErrors([{ ...r!, error: null }])[0]?.error).toBeNull();
  });
});
