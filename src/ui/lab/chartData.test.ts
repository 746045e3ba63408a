import { describe, expect, it } from 'vitest';
import { alignSeries, decadeTicks, fmtAxis, hasPoints } from './chartData';

describe('chart data', () => {
  it('shares one ascending x array and leaves gaps where a series has no point', () => {
    const data = alignSeries(
      [
        { label: 'a', color: '#000', points: [{ x: 2, y: 0.1 }, { x: 1, y: 0.2 }] },
        { label: 'b', color: '#000', points: [{ x: 3, y: 0.3 }, { x: 1, y: 0.4 }] },
      ],
      false,
    );
    expect(data).toEqual([[1, 2, 3], [0.2, 0.1, null], [0.4, null, 0.3]]);
  });

  it('leaves out what a log axis cannot draw, never moves it', () => {
    const data = alignSeries([{ label: 'a', color: '#000', points: [{ x: 0, y: 1 }, { x: 10, y: 0 }, { x: 100, y: -1 }, { x: 1000, y: Infinity }, { x: 10_000, y: 5 }] }], true);
    expect(data).toEqual([[10_000], [5]]);
    expect(hasPoints(alignSeries([{ label: 'a', color: '#000', points: [{ x: 1, y: 0 }] }], false))).toBe(false);
    expect(alignSeries([{ label: 'a', color: '#000', points: [{ x: -2, y: 1 }] }], false)).toEqual([[-2], [1]]);
  });

  it('writes ticks in few characters', () => {
    expect([1e-6, 2.5e-5, 0.05, 12.5, 1000, 1e6, 0].map(fmtAxis)).toEqual(['1e-6', '2.5e-5', '0.05', '12.5', '1000', '1e6', '0']);
  });

  it('puts log ticks on powers of ten, thinned when the range spans many decades', () => {
    expect(decadeTicks(0.5, 2000)).toEqual([1, 10, 100, 1000]);
    expect(decadeTicks(1e-10, 1e4)).toEqual([1e-10, 1e-8, 1e-6, 1e-4, 0.01, 1, 100, 1e4]);
    expect(decadeTicks(1e-10, 1e5)).toEqual([1e-10, 1e-8, 1e-6, 1e-4, 0.01, 1, 100, 1e4]);
    expect(decadeTicks(1e-12, 1e5)).toEqual([1e-12, 1e-9, 1e-6, 0.001, 1, 1000]);
    expect(decadeTicks(2, 5)).toEqual([]);
    expect(decadeTicks(0, 5)).toEqual([]);
  });
});
