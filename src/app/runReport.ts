/** What a finished run leaves for the views: its summary and its comparison record (a failed run's words: runErrorText.ts). */
import type { RunResult } from '../workers/api';
import type { MeasuredError } from '../mpc/eval/measuredError';
import type { CompareRecord } from './comparison';
import { netLabel } from './netLabel';
import type { RunParams } from './params';
import type { RunSummary } from './runStore';

export function summarize(res: RunResult, params: RunParams, measured: MeasuredError | null, totalMs: number): RunSummary {
  const check = measured
    ? { maxRelErr: measured.stats.maxRelErr, maxAbsErr: measured.maxAbsErr, tolerance: measured.stats.tolerance, withinTolerance: measured.withinTolerance }
    : null;
  return {
    n: params.n,
    exp: res.exp,
    totalOnline: res.total.online,
    offline: res.total.offline,
    preprocess: res.preprocess,
    trust: params.trust,
    plannedRounds: res.plannedRounds,
    expMs: res.elapsedMs,
    totalMs,
    phasesMs: res.phasesMs,
    breathing: res.breathing,
    check,
  };
}

/** This run's row of the method comparison (its error figures only where x is known: the input party). */
export function comparisonRecord(params: RunParams, parties: number, summary: RunSummary, measured: MeasuredError | null): Omit<CompareRecord, 'id'> {
  return {
    method: params.method,
    profile: params.profile,
    batching: params.batching,
    field: params.field,
    parties,
    n: params.n,
    net: netLabel(params.net),
    rounds: summary.exp.rounds,
    bytesSentPerElement: summary.exp.payloadBytesSent / params.n,
    expMs: summary.expMs,
    error: measured?.stats ?? null,
    trust: params.trust,
    offlineRounds: summary.offline.rounds,
    offlineBytesSentPerElement: summary.offline.payloadBytesSent / params.n,
  };
}
