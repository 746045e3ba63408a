import { describe, expect, it } from 'vitest';
import { CURVE_POINTS, measureError } from './measuredError';

describe('measureError', () => {
  it('finds the widest run of inputs within tolerance, its mean error, and the largest error', () => {
    // pade's tolerance is 2.5e-3: good results on [-2, 1], a bad one at 1.5, good again at 2 and 3
    const x = Float64Array.from([3, -2, -1, 0, 1, 1.5, 2]);
    const y = Float64Array.from(x, (v) => (v === 1.5 ? Math.exp(v) * 1.5 : Math.exp(v) * (1 + 1e-4)));
    const { stats, curve } = measureError('pade', x, y);
    expect(stats.tolerance).toBe(2.5e-3);
    expect(stats.validRange).toEqual([-2, 1]);
    expect(stats.maxRelErr).toBeCloseTo(0.5, 12);
    expect(stats.meanRelErrInRange).toBeCloseTo(1e-4, 12);
    expect(curve.map((p) => p.x)).toEqual([-2, -1, 0, 1, 1.5, 2, 3]);
  });

  it('reports no valid range when nothing is within tolerance, and thins long curves', () => {
    const n = 10 * CURVE_POINTS + 3;
    const x = Float64Array.from({ length: n }, (_, i) => i / n);
    const bad = measureError('taylor', x, Float64Array.from(x, (v) => 2 * Math.exp(v)));
    expect(bad.stats.validRange).toBeNull();
    expect(bad.stats.meanRelErrInRange).toBeNull();
    expect(bad.curve.length).toBeLessThanOrEqual(CURVE_POINTS);
    expect(bad.curve[0]!.relErr).toBeCloseTo(1, 12);
  });
});
