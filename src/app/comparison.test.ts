import { describe, expect, it } from 'vitest';
import { DEFAULT_PARAMS } from './params';
import { comparisonCsv, comparisonRuns, tableRows, tableSize, timeSeries, type CompareRecord } from './comparison';

const rec = (over: Partial<CompareRecord>): CompareRecord => ({
  id: 1,
  method: 'pade',
  profile: 'fast',
  batching: true,
  field: 'FM128',
  parties: 2,
  n: 100,
  net: 'none (loopback)',
  rounds: 12,
  bytesSentPerElement: 608,
  expMs: 50,
  error: null,
  trust: 'tfp',
  offlineRounds: 1,
  offlineBytesSentPerElement: 0.32,
  ...over,
});

describe('comparisonRuns', () => {
  it('two parties: 3 methods × 2 profiles × batching on/off at n, then batching on at n/10 and 10n', () => {
    const runs = comparisonRuns({ ...DEFAULT_PARAMS, n: 200, stepMode: true, compression: true }, 2);
    expect(runs).toHaveLength(12 + 12);
    expect(runs.every((r) => !r.stepMode && !r.compression)).toBe(true);
    expect(new Set(runs.slice(0, 12).map((r) => `${r.method}/${r.profile}/${r.batching}/${r.n}`)).size).toBe(12);
    expect(runs.slice(12).map((r) => r.n)).toEqual([...Array(6).fill(20), ...Array(6).fill(2000)]);
    expect(runs.slice(12).every((r) => r.batching)).toBe(true);
  });

  it('three parties leave prime out (two-party only)', () => {
    const runs = comparisonRuns(DEFAULT_PARAMS, 3);
    expect(runs.some((r) => r.method === 'prime')).toBe(false);
    expect(runs).toHaveLength(8 + 8);
  });
});

describe('tables and exports', () => {
  it('keeps the latest record per setting at n, in method/profile/batching order', () => {
    const rows = tableRows(
      [
        rec({ id: 1, method: 'prime', rounds: 1 }),
        rec({ id: 2, method: 'taylor', batching: false }),
        rec({ id: 3, method: 'taylor' }),
        rec({ id: 4, method: 'prime', rounds: 8 }),
        rec({ id: 5, method: 'pade', n: 1000 }),
      ],
      100,
    );
    expect(rows.map((r) => r.id)).toEqual([3, 2, 4]);
  });

  it('compares at the size with the most settings, the latest on a tie', () => {
    expect(tableSize([])).toBeNull();
    const at100 = [rec({ n: 100 }), rec({ n: 100, batching: false })];
    expect(tableSize([...at100, rec({ n: 1000 }), rec({ n: 10 })])).toBe(100);
    expect(tableSize([rec({ n: 100 }), rec({ n: 1000 })])).toBe(1000);
  });

  it('time series per setting, sorted by n', () => {
    const s = timeSeries([rec({ n: 1000, expMs: 90 }), rec({ n: 10, expMs: 5 }), rec({ n: 100, expMs: 20 }), rec({ n: 100, expMs: 30 })]);
    expect(s.get('pade/fast/on')).toEqual([
      { n: 10, ms: 5 },
      { n: 100, ms: 30 },
      { n: 1000, ms: 90 },
    ]);
  });

  it('CSV: one line per record, error cells empty where x is unknown', () => {
    const csv = comparisonCsv([rec({ error: { maxRelErr: 0.5, meanRelErrInRange: 1e-4, tolerance: 1e-3, validRange: [-2, 1] } }), rec({ method: 'prime', bytesSentPerElement: 102.125 })]);
    expect(csv.trim().split('\n')).toEqual([
      'method,profile,batching,field,parties,n,network,rounds,bytes_sent_per_element,exp_ms,max_rel_err,mean_rel_err_in_range,valid_from,valid_to,trust,offline_rounds,offline_bytes_sent_per_element',
      'pade,fast,on,FM128,2,100,none (loopback),12,608,50.0,0.5,0.0001,-2,1,tfp,1,0.32',
      'prime,fast,on,FM128,2,100,none (loopback),12,102.125,50.0,,,,,tfp,1,0.32',
    ]);
  });
});
