/**
 * The round timeline as data: one slot per planned round, filled as rounds complete, each with
 * the time computing before it and the time waiting on the network in it, the bytes it sent to
 * each peer, and the operations it served. Pure, so it is tested without a browser.
 */
import type { RoundRecord } from '../../workers/api';

export interface OpInRound {
  readonly id: number;
  readonly name: string;
}

export interface TimelineMark {
  /** 1-based online round. */
  readonly round: number;
  /** Null until the round has completed. */
  readonly done: {
    readonly computeMs: number;
    /** doneAt − sentAt: from our frames leaving to the last peer frame arriving. */
    readonly networkMs: number;
    /** Payload bytes sent to each party (index = party; own entry 0). */
    readonly bytesSent: readonly number[];
    /** Distinct graph nodes served, in op-id order. */
    readonly ops: readonly OpInRound[];
  } | null;
}

export interface Timeline {
  readonly marks: readonly TimelineMark[];
  readonly completed: number;
  /** The planned total, or the completed count if a run went past its plan (it never should). */
  readonly slots: number;
  /** Largest compute + network time of one round: the bars' common scale. */
  readonly maxMs: number;
  readonly totalComputeMs: number;
  readonly totalNetworkMs: number;
}

export function buildTimeline(rounds: readonly RoundRecord[], plannedRounds: number): Timeline {
  const online = rounds.filter((r) => r.phase === 'online');
  const slots = Math.max(plannedRounds, online.length);
  const byRound = new Map(online.map((r) => [r.round, r]));
  let maxMs = 0;
  let totalComputeMs = 0;
  let totalNetworkMs = 0;
  const marks: TimelineMark[] = [];
  for (let k = 1; k <= slots; k++) {
    const r = byRound.get(k);
    if (!r) {
      marks.push({ round: k, done: null });
      continue;
    }
    const networkMs = Math.max(0, r.doneAt - r.sentAt);
    const computeMs = Math.max(0, r.computeMs);
    maxMs = Math.max(maxMs, networkMs + computeMs);
    totalComputeMs += computeMs;
    totalNetworkMs += networkMs;
    marks.push({ round: k, done: { computeMs, networkMs, bytesSent: r.payloadBytesSent, ops: distinctOps(r) } });
  }
  return { marks, completed: byRound.size, slots, maxMs, totalComputeMs, totalNetworkMs };
}

/** A node sending several exchanges in one round is listed once per exchange: keep it once. */
function distinctOps(r: RoundRecord): OpInRound[] {
  const seen = new Map<number, string>();
  r.nodes.forEach((id, i) => {
    if (!seen.has(id)) seen.set(id, r.opNames[i] ?? '?');
  });
  return [...seen].sort((a, b) => a[0] - b[0]).map(([id, name]) => ({ id, name }));
}

/** "mul_aa ×7, square_a ×2": the operations of a round, by name, in first-appearance order. */
export function opSummary(ops: readonly OpInRound[]): string {
  const counts = new Map<string, number>();
  for (const o of ops) counts.set(o.name, (counts.get(o.name) ?? 0) + 1);
  return [...counts].map(([name, c]) => (c > 1 ? `${name} ×${c}` : name)).join(', ');
}
