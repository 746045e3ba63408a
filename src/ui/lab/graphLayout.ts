/**
 * Lays the executed operation graph out by round: a node that sends spans the columns of its
 * first to its last round; a node that never sends (local work: sharing a public constant, the
 * input party's free sharing) sits just after its latest parent, or in the first column if it has
 * none. Rows are packed greedily so that nodes never overlap. Setup nodes (the offline seed
 * exchange) are left out: they belong to no online round. Pure, so it is tested without a browser.
 */
import type { OpNode } from '../../workers/api';

export interface PlacedNode {
  readonly node: OpNode;
  /** Distinct rounds it sent in, ascending (empty for local work). */
  readonly rounds: readonly number[];
  /** First and last column it occupies, and its row. */
  readonly col: number;
  readonly colEnd: number;
  readonly row: number;
}

export interface Column {
  /** The online round this column is, or null for local work between rounds. */
  readonly round: number | null;
}

export interface GraphLayout {
  readonly nodes: readonly PlacedNode[];
  readonly columns: readonly Column[];
  readonly rows: number;
  /** [parent id, child id] for every parent link between drawn nodes. */
  readonly edges: readonly (readonly [number, number])[];
  readonly byId: ReadonlyMap<number, PlacedNode>;
}

export function layoutGraph(graph: readonly OpNode[]): GraphLayout {
  const shown = graph.filter((g) => g.scope !== 'setup');
  // positions on a half-step axis: round r is 2r, local work after round r is 2r + 1, sources 0
  const span = new Map<number, { from: number; to: number; rounds: number[] }>();
  for (const g of shown) {
    const rounds = [...new Set(g.rounds)].sort((a, b) => a - b);
    if (rounds.length > 0) {
      span.set(g.id, { from: 2 * rounds[0]!, to: 2 * rounds[rounds.length - 1]!, rounds });
      continue;
    }
    // parents always have smaller ids, so they are placed already
    let after = -1;
    for (const p of g.parents) {
      const s = span.get(p);
      if (s) after = Math.max(after, s.to);
    }
    // after a round: the local step that follows it; after local work or sources: beside it
    const at = after <= 0 ? 0 : after % 2 === 0 ? after + 1 : after;
    span.set(g.id, { from: at, to: at, rounds });
  }
  const maxRound = Math.max(0, ...shown.flatMap((g) => g.rounds));
  // every round gets a column, so the axis reads as the timeline does; local steps only if used
  const positions = new Set<number>();
  for (let r = 1; r <= maxRound; r++) positions.add(2 * r);
  for (const s of span.values()) if (s.from % 2 === 1 || s.from === 0) positions.add(s.from);
  const sorted = [...positions].sort((a, b) => a - b);
  const colOf = new Map(sorted.map((p, i) => [p, i]));
  const columns = sorted.map((p) => ({ round: p > 0 && p % 2 === 0 ? p / 2 : null }));

  const order = [...shown].sort((a, b) => span.get(a.id)!.from - span.get(b.id)!.from || a.id - b.id);
  const rowEnds: number[] = [];
  const nodes: PlacedNode[] = [];
  for (const g of order) {
    const s = span.get(g.id)!;
    const col = colOf.get(s.from)!;
    const colEnd = colOf.get(s.to)!;
    let row = rowEnds.findIndex((end) => end < col);
    if (row < 0) row = rowEnds.length;
    rowEnds[row] = colEnd;
    nodes.push({ node: g, rounds: s.rounds, col, colEnd, row });
  }
  nodes.sort((a, b) => a.node.id - b.node.id);
  const byId = new Map(nodes.map((p) => [p.node.id, p]));
  const edges = shown.flatMap((g) => g.parents.filter((p) => byId.has(p)).map((p) => [p, g.id] as const));
  return { nodes, columns, rows: rowEnds.length, edges, byId };
}
