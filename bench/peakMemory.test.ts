import { describe, expect, it } from 'vitest';
import { linspace } from '../src/mpc/eval/metrics';
import { measurePeakMemory } from './peakMemory';

describe('measurePeakMemory', () => {
  it('sees at least the shares a run holds, and more for pade (wide rounds) than for taylor (a chain)', async () => {
    const xs = linspace(-2, 2, 20_000);
    const cfg = { method: 'taylor', profile: 'fast', field: 'FM128', parties: 2, batching: true } as const;
    const taylor = await measurePeakMemory(xs, cfg);
    const pade = await measurePeakMemory(xs, { ...cfg, method: 'pade' });
    // a party holds at least its 16-byte share of the value being squared, and the opened result
    expect(taylor.peakBytesPerPartyPerElement).toBeGreaterThanOrEqual(32);
    expect(taylor.peakBytesPerPartyPerElement).toBeLessThan(1024);
    expect(pade.peakBytesPerPartyPerElement).toBeGreaterThan(2 * taylor.peakBytesPerPartyPerElement);
    expect(taylor.peakBytes).toBeCloseTo(taylor.peakBytesPerPartyPerElement * 2 * xs.length, 6);
  });
});
