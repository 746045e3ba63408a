import { describe, expect, it } from 'vitest';
import type { OpNode } from '../../workers/api';
import { runExpInProcess } from '../../mpc/session/expRun';
import { compactRounds } from '../../mpc/eval/ledger';
import { layoutGraph } from './graphLayout';

function node(id: number, name: string, rounds: number[], parents: number[] = [], scope = 'exp'): OpNode {
  return { id, name, scope, n: 1, parents, rounds, payloadBytesSent: 0, payloadBytesReceived: 0 };
}

describe('graph layout', () => {
  it('place nodes by first round, span them to their last, and never overlap two in a row', async () => {
    const res = await runExpInProcess([-1, 0, 2], { method: 'pade', profile: 'fast', field: 'FM128', parties: 2 });
    const g = layoutGraph(res.graph);
    expect(g.nodes.some((p) => p.node.scope === 'setup')).toBe(false);
    expect(g.nodes.length).toBe(res.graph.length - 2);
    // a column per online round, after one for the local sources (input and constants)
    expect(g.columns.map((c) => c.round)).toEqual([null, ...Array.from({ length: 13 }, (_, i) => i + 1)]);
    for (const p of g.nodes) {
      if (p.rounds.length > 0) {
        expect(g.columns[p.col]!.round).toBe(p.rounds[0]);
        expect(g.columns[p.colEnd]!.round).toBe(p.rounds.at(-1));
      }
      for (const q of g.nodes) {
        if (p !== q && p.row === q.row) expect(p.colEnd < q.col || q.colEnd < p.col).toBe(true);
      }
    }
    const clamp = g.nodes.find((p) => p.node.scope === 'exp.pade/clamp low')!;
    expect([g.columns[clamp.col]!.round, g.columns[clamp.colEnd]!.round]).toEqual([1, 7]);
    expect(g.edges.length).toBe(res.graph.filter((n) => n.scope !== 'setup').reduce((s, n) => s + n.parents.length, 0));
  });

  it('put local work right after its latest parent, and local work on local work beside it', () => {
    const g = layoutGraph([node(0, 'setup_dealer_seeds', [1], [], 'setup'), node(1, 'v2a', []), node(2, 'mul_aa', [1, 2], [1]), node(3, 'p2a', [], [2]), node(4, 'p2a', [], [3]), node(5, 'mul_aa', [3], [4])]);
    expect(g.columns.map((c) => c.round)).toEqual([null, 1, 2, null, 3]);
    expect([g.byId.get(3)!.col, g.byId.get(4)!.col]).toEqual([3, 3]);
    expect(g.byId.get(4)!.row).not.toBe(g.byId.get(3)!.row);
    expect(g.byId.get(5)!.col).toBe(4);
    expect(g.edges).toEqual([[1, 2], [2, 3], [3, 4], [4, 5]]);
  });

  it('write round lists compactly', () => {
    expect(compactRounds([1, 2, 3, 5, 7, 8])).toBe('1–3, 5, 7–8');
    expect(compactRounds([])).toBe('');
  });
});
