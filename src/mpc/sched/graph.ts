/**
 * The executed operation graph: one node per protocol operation, with the rounds it took part
 * in, the payload bytes it sent and received, and the nodes whose outputs it consumed. The UI
 * draws it; the cost ledger sums it by operation.
 */
export interface OpNode {
  /** Creation order, identical on every party. */
  readonly id: number;
  /** Operation name, e.g. 'mul_aa'. */
  readonly name: string;
  /** Where it was called from, e.g. 'exp.pade/clamp low'. Empty at top level. */
  readonly scope: string;
  /** Number of elements. */
  readonly n: number;
  /** Ids of the nodes whose outputs this one consumed. */
  readonly parents: readonly number[];
  /** Online or offline round numbers (1-based) this operation sent in. */
  readonly rounds: number[];
  payloadBytesSent: number;
  payloadBytesReceived: number;
}

export class OpGraph {
  readonly nodes: OpNode[] = [];

  add(name: string, scope: string, n: number, parents: readonly number[]): OpNode {
    const node: OpNode = {
      id: this.nodes.length,
      name,
      scope,
      n,
      parents: [...new Set(parents)].sort((a, b) => a - b),
      rounds: [],
      payloadBytesSent: 0,
      payloadBytesReceived: 0,
    };
    this.nodes.push(node);
    return node;
  }
}
