import { describe, expect, it } from 'vitest';
import { compareRuns, compareTable, median, numbersIn, unmatched } from './compareFigures';

describe('numbersIn', () => {
  it('labels rows by their strings and booleans, other numbers by their path', () => {
    const m = numbersIn({ rows: [{ method: 'prime', batching: true, ms: 12.5, rounds: 8 }, { method: 'pade', ms: 40 }], n: 1000, skipped: [], bad: Number.NaN });
    expect([...m]).toEqual([
      ['rows[prime true].ms', 12.5],
      ['rows[prime true].rounds', 8],
      ['rows[pade].ms', 40],
      ['n', 1000],
    ]);
  });
  it('falls back to the index for rows without a name', () => {
    expect([...numbersIn([[1, 2], { x: 3 }])]).toEqual([
      ['[0][0]', 1],
      ['[0][1]', 2],
      ['[1].x', 3],
    ]);
  });
});

describe('compareRuns', () => {
  const run = (ms: number, rounds = 8): Map<string, number> => new Map([['ms', ms], ['rounds', rounds]]);
  it('gives medians, the ratio after/before, and marks the figures every run agreed on', () => {
    const f = compareRuns([run(10), run(14), run(12)], [run(6), run(5), run(9)]);
    expect(f).toEqual([
      { label: 'ms', before: [10, 14, 12], after: [6, 5, 9], ratio: 0.5, exact: false },
      { label: 'rounds', before: [8, 8, 8], after: [8, 8, 8], ratio: 1, exact: true },
    ]);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    const table = compareTable(f);
    expect(table).toContain('| ms | 12 [10, 14, 12] | 6 [6, 5, 9] | 0.500 |');
    expect(table).toContain('| rounds | 8 | the same in every run | = |');
  });
  it('a cost that changed is not exact; a figure one version lacks is reported apart', () => {
    const f = compareRuns([run(10, 8)], [run(10, 9)]);
    expect(f[1]).toMatchObject({ label: 'rounds', exact: false, ratio: 9 / 8 });
    expect(unmatched([new Map([['a', 1]])], [new Map([['b', 1]])])).toEqual({ onlyBefore: ['a'], onlyAfter: ['b'] });
  });
});
