/**
 * Method comparison: each finished run becomes one record of SPU's evaluation dimensions as this
 * tab measured them (bytes per element, rounds, valid range, error against Math.exp, time under
 * the run's network). The series of runs that fills the comparison, the table's rows (latest run
 * per setting), and the CSV and JSON documents. Pure: no DOM, no stores.
 *
 * Only the input party knows x, so only its records carry error, valid range and the error curve;
 * the curve holds this tab's own private inputs and stays in this tab (comparisonStore.ts).
 */
import type { CurvePoint, RunErrorStats } from '../mpc/eval/measuredError';
import type { ExpMethod, ProfileName, Trust } from '../workers/api';
import { MAX_N, METHODS, PROFILES, paramsProblem, type RunParams } from './params';

export interface CompareRecord {
  readonly id: number;
  readonly method: ExpMethod;
  readonly profile: ProfileName;
  readonly batching: boolean;
  readonly field: string;
  readonly parties: number;
  readonly n: number;
  /** The emulated network (netLabel), e.g. '100Mbit-10ms' or 'none (loopback)'. */
  readonly net: string;
  readonly rounds: number;
  /** Payload bytes this party sent in the exp, per element (what `tabmpc cost` reports). */
  readonly bytesSentPerElement: number;
  /** Wall time of the exp in this party's worker (ms). */
  readonly expMs: number;
  readonly error: RunErrorStats | null;
  /** Who made the correlated randomness (the form's trust, for every run of a comparison). */
  readonly trust: Trust;
  /** The offline phase, this party: rounds (setup included) and payload bytes sent per element. */
  readonly offlineRounds: number;
  readonly offlineBytesSentPerElement: number;
}

/** The settings a table row stands for (n and the network stay columns of their own). */
export const rowKey = (r: Pick<CompareRecord, 'method' | 'profile' | 'batching'>): string => `${r.method}/${r.profile}/${r.batching ? 'on' : 'off'}`;

/** The latest record of each setting at size `n`, in method, profile, batching order. */
export function tableRows(records: readonly CompareRecord[], n: number): CompareRecord[] {
  const latest = new Map<string, CompareRecord>();
  for (const r of records) if (r.n === n) latest.set(rowKey(r), r);
  const rank = (r: CompareRecord) => [METHODS.indexOf(r.method), PROFILES.indexOf(r.profile), r.batching ? 0 : 1];
  return [...latest.values()].sort((a, b) => {
    const ra = rank(a), rb = rank(b);
    return ra[0]! - rb[0]! || ra[1]! - rb[1]! || ra[2]! - rb[2]!;
  });
}

/**
 * The size the table compares at: the one with the most settings recorded (a comparison runs all
 * of them there, its other sizes only batching on), the latest such on a tie; null if none.
 */
export function tableSize(records: readonly CompareRecord[]): number | null {
  const settings = new Map<number, Set<string>>();
  for (const r of records) {
    if (!settings.has(r.n)) settings.set(r.n, new Set());
    settings.get(r.n)!.add(rowKey(r));
  }
  let best: number | null = null;
  for (const r of records) if (best === null || settings.get(r.n)!.size >= settings.get(best)!.size) best = r.n;
  return best;
}

/** Exp time against n: the latest record per (setting, n), grouped by setting, n ascending. */
export function timeSeries(records: readonly CompareRecord[]): Map<string, { n: number; ms: number }[]> {
  const latest = new Map<string, CompareRecord>();
  for (const r of records) latest.set(`${rowKey(r)}@${r.n}`, r);
  const out = new Map<string, { n: number; ms: number }[]>();
  for (const r of latest.values()) {
    const key = rowKey(r);
    if (!out.has(key)) out.set(key, []);
    out.get(key)!.push({ n: r.n, ms: r.expMs });
  }
  for (const pts of out.values()) pts.sort((a, b) => a.n - b.n);
  return out;
}

/**
 * The runs of a comparison, from the run form's settings: every method this room can run, in both
 * profiles, batching on and off, at the form's n; then, batching on, at n/10 and 10·n for the
 * time-against-n chart.
 */
export function comparisonRuns(base: RunParams, parties: number): RunParams[] {
  const runs: RunParams[] = [];
  const plain = { ...base, stepMode: false, compression: false };
  const methods = METHODS.filter((method) => paramsProblem({ ...plain, method }, parties) === null);
  for (const profile of PROFILES) {
    for (const batching of [true, false]) for (const method of methods) runs.push({ ...plain, method, profile, batching });
  }
  const sizes = [Math.max(10, Math.round(base.n / 10)), Math.min(MAX_N, base.n * 10)].filter((n) => n !== base.n);
  for (const n of sizes) for (const profile of PROFILES) for (const method of methods) runs.push({ ...plain, method, profile, batching: true, n });
  return runs;
}

export const COMPARISON_CSV_HEADER = [
  'method',
  'profile',
  'batching',
  'field',
  'parties',
  'n',
  'network',
  'rounds',
  'bytes_sent_per_element',
  'exp_ms',
  'max_rel_err',
  'mean_rel_err_in_range',
  'valid_from',
  'valid_to',
  'trust',
  'offline_rounds',
  'offline_bytes_sent_per_element',
] as const;

/** Every record (all sizes), one CSV line each; cells the input party alone knows stay empty elsewhere. */
export function comparisonCsv(records: readonly CompareRecord[]): string {
  const cell = (v: number | null | undefined) => (v === null || v === undefined ? '' : String(v));
  const lines = records.map((r) =>
    [
      r.method,
      r.profile,
      r.batching ? 'on' : 'off',
      r.field,
      r.parties,
      r.n,
      r.net,
      r.rounds,
      r.bytesSentPerElement,
      r.expMs.toFixed(1),
      cell(r.error?.maxRelErr),
      cell(r.error?.meanRelErrInRange),
      cell(r.error?.validRange?.[0]),
      cell(r.error?.validRange?.[1]),
      r.trust,
      r.offlineRounds,
      r.offlineBytesSentPerElement,
    ].join(','),
  );
  return [COMPARISON_CSV_HEADER.join(','), ...lines].join('\n') + '\n';
}

/** The records with their error curves (this tab's own inputs), as JSON. */
export function comparisonJson(party: number, records: readonly CompareRecord[], curves: ReadonlyMap<number, readonly CurvePoint[]>): string {
  return (
    JSON.stringify(
      {
        party,
        note: 'bytes are payload bytes this party sent in the exp; time is the exp in this party worker; error fields only for the input party',
        records: records.map((r) => ({ ...r, curve: curves.get(r.id) ?? null })),
      },
      null,
      2,
    ) + '\n'
  );
}
