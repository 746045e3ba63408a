import { describe, expect, it } from 'vitest';
import type { RoundRecord } from '../../workers/api';
import { runExpInProcess } from '../../mpc/session/expRun';
import { buildTimeline, opSummary } from './timelineModel';

function rec(round: number, nodes: number[], names: string[], sentAt: number, doneAt: number, computeMs: number): RoundRecord {
  return { phase: 'online', round, nodes, opNames: names, payloadBytesSent: [0, 16], payloadBytesReceived: [0, 16], entryBytesSent: nodes.map((_, i) => (i === 0 ? [0, 16] : [0, 0])), entryBytesReceived: nodes.map((_, i) => (i === 0 ? [0, 16] : [0, 0])), sentAt, doneAt, computeMs };
}

describe('round timeline', () => {
  it('show k of the planned rounds, with empty slots for the rest', () => {
    const t = buildTimeline([rec(1, [4, 4, 6], ['msb_bounded', 'msb_bounded', 'msb_bounded'], 10, 12.5, 3), rec(2, [7], ['mul_aa'], 13, 14, 0.5)], 5);
    expect(t.slots).toBe(5);
    expect(t.completed).toBe(2);
    expect(t.marks.map((m) => m.done !== null)).toEqual([true, true, false, false, false]);
    expect(t.marks[0]!.done).toEqual({ computeMs: 3, networkMs: 2.5, bytesSent: [0, 16], ops: [{ id: 4, name: 'msb_bounded' }, { id: 6, name: 'msb_bounded' }] });
    expect(t.maxMs).toBe(5.5);
    expect(t.totalComputeMs).toBe(3.5);
    expect(t.totalNetworkMs).toBe(3.5);
    expect(opSummary(t.marks[0]!.done!.ops)).toBe('msb_bounded ×2');
  });

  it('mark every round of a real run, with its bytes per peer equal to the run’s counters', async () => {
    const res = await runExpInProcess([-1, 0.5, 2, 3], { method: 'prime', profile: 'fast', field: 'FM128', parties: 2 });
    const t = buildTimeline(res.rounds, res.rounds.length);
    expect(t.completed).toBe(res.traffic[0]!.rounds + 1);
    expect(t.marks.every((m) => m.done !== null && m.done.networkMs >= 0 && m.done.computeMs >= 0)).toBe(true);
    const exp = t.marks.slice(0, -1).reduce((s, m) => s + m.done!.bytesSent[1]!, 0);
    expect(exp).toBe(res.traffic[0]!.perPeer[1]!.payloadBytesSent);
    expect(t.marks.at(-1)!.done!.ops.map((o) => o.name)).toEqual(['a2p']);
  });
});
