/**
 * The per-operation cost table: the executed graph summed by (scope, operation), as
 * `tabmpc ledger` prints it, for this party. The CSV holds exactly the cells shown (export.ts
 * makes both); the JSON holds the exact ledger rows and totals.
 */
import { useMemo } from 'react';
import { ledger } from '../../workers/readings';
import type { OpNode } from '../../workers/api';
import { downloadText } from './download';
import { useGlossary } from '../kit/Glossary';
import { explainOp, type Explanation } from './explanations';
import { ledgerCells, ledgerCsv, ledgerFilename, ledgerJson, ledgerTotals, perElementText, type LedgerMeta } from './export';

/** The offline phase's rounds and payload bytes sent, from the graph's setup and offline nodes. */
function offlineTotal(graph: readonly OpNode[]): { rounds: number; bytesSent: number; ot: boolean } {
  const nodes = graph.filter((g) => g.scope === 'setup' || g.scope === 'offline');
  return {
    rounds: new Set(nodes.flatMap((g) => g.rounds)).size,
    bytesSent: nodes.reduce((s, g) => s + g.payloadBytesSent, 0),
    ot: nodes.some((g) => g.scope === 'offline'),
  };
}

export function OpTable(props: { graph: readonly OpNode[]; meta: LedgerMeta }) {
  const { graph, meta } = props;
  const rows = useMemo(() => ledger(graph, meta.n), [graph, meta.n]);
  const totals = ledgerTotals(rows, meta.n);
  const offline = useMemo(() => offlineTotal(graph), [graph]);
  return (
    <div className="op-table" data-testid="op-table">
      <div className="op-table-head">
        <h4>Cost per operation (party {meta.party})</h4>
        <div className="op-table-actions">
          <button type="button" onClick={() => downloadText(ledgerCsv(rows, meta.n), ledgerFilename(meta, 'csv'), 'text/csv;charset=utf-8')} data-testid="export-csv">
            Download CSV
          </button>
          <button type="button" onClick={() => downloadText(ledgerJson(meta, rows), ledgerFilename(meta, 'json'), 'application/json')} data-testid="export-json">
            Download JSON
          </button>
        </div>
      </div>
      <div className="table-scroll">
        <table className="ledger">
          <thead>
            <tr>
              <th>scope</th>
              <th>operation</th>
              <th>calls</th>
              <th>rounds</th>
              <th>in rounds</th>
              <th>bytes sent</th>
              <th>per element</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => {
              const c = ledgerCells(r, meta.n);
              const e = explainOp(r.op);
              return (
                <tr key={`${r.scope}/${r.op}`} data-testid="op-row">
                  <td>{c.scope}</td>
                  <td>
                    <OpName op={c.op} explanation={e} />
                  </td>
                  <td className="num">{c.calls}</td>
                  <td className="num">{c.rounds}</td>
                  <td className="num">{c.inRounds}</td>
                  <td className="num">{c.bytesSent}</td>
                  <td className="num">{c.bytesSentPerElement}</td>
                </tr>
              );
            })}
          </tbody>
          <tfoot>
            <tr data-testid="op-total-exp">
              <th colSpan={3}>exp alone</th>
              <td className="num">{totals.exp.rounds}</td>
              <td />
              <td className="num">{totals.exp.bytesSent}</td>
              <td className="num">{perElementText(totals.exp.bytesSentPerElement)}</td>
            </tr>
            <tr data-testid="op-total-session">
              <th colSpan={3}>with the opening</th>
              <td className="num">{totals.session.rounds}</td>
              <td />
              <td className="num">{totals.session.bytesSent}</td>
              <td className="num">{perElementText(totals.session.bytesSentPerElement)}</td>
            </tr>
            {offline.rounds > 0 && (
              <tr data-testid="op-total-offline">
                <th colSpan={3}>offline phase{offline.ot ? ' (Beaver material by OT, setup included)' : ' (setup)'}</th>
                <td className="num">{offline.rounds}</td>
                <td />
                <td className="num">{offline.bytesSent}</td>
                <td className="num">{perElementText(offline.bytesSent / meta.n)}</td>
              </tr>
            )}
          </tfoot>
        </table>
      </div>
      <p className="help">
        Calls: how many times the operation ran in that scope. Bytes sent: the payload this party sent to all peers. The offline phase (setup and, for trust ot, the Beaver
        material made by oblivious transfer) is not in the rows. Rounds of one row are the distinct rounds its calls sent in; rows that share a round each list it, which is what batching buys, so the totals count each round once. Same figures as{' '}
        <code>
          npm run -s tabmpc -- ledger --method {meta.method.replace(/-\d+$/, '')} --profile {meta.profile} --field {meta.field} --parties {meta.parties}
          {meta.batching ? '' : ' --batching off'}
        </code>
        .
      </p>
    </div>
  );
}

/** An operation's name; a click (or Enter) shows its plain explanation in the glossary. */
export function OpName(props: { op: string; explanation: Explanation | null }) {
  const open = useGlossary();
  const e = props.explanation;
  if (!e) return <code>{props.op}</code>;
  return (
    <button type="button" className="term" aria-haspopup="dialog" onClick={() => open({ key: props.op, entry: { term: `${props.op}: ${e.title}`, plain: e.text } })}>
      <code>{props.op}</code>
    </button>
  );
}
