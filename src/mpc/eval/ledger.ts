/**
 * The cost ledger: an executed operation graph summed by operation, so that each byte and round
 * of a run is attributed to the step that caused it (spu-exp.md's tables, measured instead of
 * derived). Rounds of an operation are the distinct rounds it sent in; operations sharing a round
 * each list it, which is the point of batching.
 */
import type { OpNode } from '../sched/graph';

export interface LedgerRow {
  /** Where the operation ran, e.g. 'exp.pade/clamp low'. */
  readonly scope: string;
  readonly op: string;
  /** How many nodes of this (scope, op) ran. */
  readonly calls: number;
  /** Distinct rounds they sent in, in order. */
  readonly rounds: readonly number[];
  readonly bytesSentPerElement: number;
}

/** Sum the online nodes of a graph by (scope, op), in order of first appearance. */
export function ledger(graph: readonly OpNode[], n: number): LedgerRow[] {
  const rows = new Map<string, { scope: string; op: string; calls: number; rounds: Set<number>; bytes: number }>();
  for (const node of graph) {
    // the offline phase (setup; trust 'ot': the making of the correlations) is not the exp's cost
    if (node.scope === 'setup' || node.scope === 'offline' || node.rounds.length === 0) continue;
    const key = `${node.scope}\u0000${node.name}`;
    let r = rows.get(key);
    if (!r) rows.set(key, (r = { scope: node.scope, op: node.name, calls: 0, rounds: new Set(), bytes: 0 }));
    r.calls += 1;
    for (const x of node.rounds) r.rounds.add(x);
    r.bytes += node.payloadBytesSent;
  }
  return [...rows.values()].map((r) => ({
    scope: r.scope,
    op: r.op,
    calls: r.calls,
    rounds: [...r.rounds].sort((a, b) => a - b),
    bytesSentPerElement: r.bytes / n,
  }));
}

/** Rounds as ranges, [1,2,3,5] → "1–3, 5". */
export function compactRounds(xs: readonly number[]): string {
  const out: string[] = [];
  for (let i = 0; i < xs.length; ) {
    let j = i;
    while (j + 1 < xs.length && xs[j + 1] === xs[j]! + 1) j++;
    out.push(i === j ? `${xs[i]}` : `${xs[i]}–${xs[j]}`);
    i = j + 1;
  }
  return out.join(', ');
}
