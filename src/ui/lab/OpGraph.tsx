/**
 * The executed operation graph, laid out by round (graphLayout.ts): each node is one protocol
 * operation, spanning the rounds it sent in; edges run from the operations whose outputs it used.
 * Hovering or focusing a node shows its details and explanation beside the graph and lights its
 * rounds up on the timeline; hovering a timeline round lights up the nodes it served. The cost
 * table below sums the same graph by operation.
 */
import { useEffect, useMemo } from 'react';
import { useStore } from 'zustand';
import type { OpNode } from '../../workers/api';
import { fmtInt, fmtPerElement } from '../kit/format';
import { explainOp, METHOD_EXPLANATIONS } from './explanations';
import type { LedgerMeta } from './export';
import { compactRounds } from '../../workers/readings';
import { layoutGraph, type GraphLayout, type PlacedNode } from './graphLayout';
import { resetLab } from '../../app/labStore';
import { useTabApp } from '../kit/tabAppContext';
import { OpTable } from './OpTable';
import { useRunTrace } from './useRunTrace';
import './opgraph.css';

const COL_W = 88;
/** Rounds only spanned by long operations (no node starts there) get a narrow column. */
const NARROW_W = 30;
/** Shrink the drawing to fit the panel, but never below this scale (then it scrolls). */
const MIN_SCALE = 0.7;
const ROW_H = 46;
const NODE_H = 34;
const HEAD_H = 24;
const PAD = 6;
/** Monospace glyph width at the node font size, to shorten names that do not fit. */
const CHAR_W = 6.7;
const SUB_CHAR_W = 5.8;

export function OpGraphSection(props: { self: number }) {
  const trace = useRunTrace();
  const runStore = useTabApp().stores.run;
  const summary = useStore(runStore, (s) => s.summary);
  if (!trace) return null;
  const { params } = trace;
  const method = METHOD_EXPLANATIONS[params.method];
  return (
    <section className="lab-view op-graph" data-testid="lab-graph" aria-label="Operation graph and cost per operation">
      <div className="lab-view-head">
        <h3>Operation graph</h3>
      </div>
      {trace.graph && summary ? (
        <GraphAndTable
          graph={trace.graph}
          meta={{
            method: params.method === 'taylor' ? `taylor-${params.iterations}` : params.method,
            profile: params.profile,
            field: params.field,
            parties: summary.exp.perPeer.length,
            party: props.self,
            n: params.n,
            batching: params.batching,
          }}
          methodText={method}
        />
      ) : (
        <p className="muted">The graph of executed operations appears here when the run finishes ({method.title}).</p>
      )}
    </section>
  );
}

function GraphAndTable(props: { graph: readonly OpNode[]; meta: LedgerMeta; methodText: { title: string; text: string } }) {
  const layout = useMemo(() => layoutGraph(props.graph), [props.graph]);
  // node ids and rounds mean something else in the next run: forget pins and hovers
  const labStore = useTabApp().stores.lab;
  useEffect(() => () => resetLab(labStore), [labStore, props.graph]);
  const hoverNode = useStore(labStore, (s) => s.hoverNode);
  const pinnedNode = useStore(labStore, (s) => s.pinnedNode);
  const shownId = hoverNode ?? pinnedNode;
  const shown = shownId === null ? undefined : layout.byId.get(shownId);
  return (
    <>
      <div className="og-columns">
        <div>
          <GraphSvg layout={layout} n={props.meta.n} />
          <p className="og-legend help">
            Each box is one operation, from the first to the last round it sent in, with its rounds and the bytes it sent per element; lines lead from the operations whose results it
            used. <span className="og-swatch multiply" /> multiplications <span className="og-swatch compare" /> comparisons <span className="og-swatch convert" /> conversions{' '}
            <span className="og-swatch open" /> opening <span className="og-swatch local" /> local work, no messages.
          </p>
        </div>
        <aside className="og-side" data-testid="graph-detail" aria-live="polite">
          {shown ? (
            <NodeDetail placed={shown} layout={layout} n={props.meta.n} pinned={pinnedNode === shown.node.id} />
          ) : (
            <>
              <h4>{props.methodText.title}</h4>
              <p>{props.methodText.text}</p>
              <p className="muted">
                {fmtInt(layout.nodes.length)} operations over {fmtInt(layout.columns.filter((c) => c.round !== null).length)} rounds. Point at a node to see what it does and what
                it cost; click to keep it here.
              </p>
            </>
          )}
        </aside>
      </div>
      <OpTable graph={props.graph} meta={props.meta} />
    </>
  );
}

function family(p: PlacedNode): string {
  const name = p.node.name;
  if (p.rounds.length === 0) return 'local';
  if (name === 'a2p') return 'open';
  if (name.startsWith('msb')) return 'compare';
  if (name.startsWith('a2b') || name.startsWith('b2a') || name === 'trunc_a') return 'convert';
  return 'multiply';
}

function GraphSvg(props: { layout: GraphLayout; n: number }) {
  const labStore = useTabApp().stores.lab;
  const { layout, n } = props;
  const hoverNode = useStore(labStore, (s) => s.hoverNode);
  const hoverRound = useStore(labStore, (s) => s.hoverRound);
  const pinnedNode = useStore(labStore, (s) => s.pinnedNode);
  const starts = new Set(layout.nodes.map((p) => p.col));
  const colW = layout.columns.map((_, i) => (starts.has(i) ? COL_W : NARROW_W));
  const colX = colW.reduce<number[]>((xs, w, i) => [...xs, xs[i]! + w], [PAD]);
  const width = colX[colX.length - 1]! + PAD;
  const height = HEAD_H + PAD * 2 + layout.rows * ROW_H;
  const x = (col: number) => colX[col]!;
  const y = (row: number) => HEAD_H + PAD + row * ROW_H + (ROW_H - NODE_H) / 2;
  const focus = hoverNode ?? pinnedNode;
  const lit = (p: PlacedNode) => p.node.id === focus || (hoverRound !== null && p.rounds.includes(hoverRound));
  return (
    <div className="og-scroll">
      <svg className="og-svg" style={{ minWidth: width * MIN_SCALE, maxWidth: width }} viewBox={`0 0 ${width} ${height}`} role="group" aria-label="Executed operations by round" onMouseLeave={() => labStore.setState({ hoverNode: null })}>
        {layout.columns.map((c, i) => (
          <g key={i} className={`og-col${c.round !== null && c.round === hoverRound ? ' lit' : ''}${c.round === null ? ' local' : ''}`}>
            <rect x={x(i) + 1} y={0} width={colW[i]! - 2} height={height} rx={6} />
            <text x={x(i) + colW[i]! / 2} y={16} textAnchor="middle">
              {c.round === null ? 'local' : colW[i] === COL_W ? `round ${c.round}` : c.round}
            </text>
          </g>
        ))}
        {layout.edges.map(([from, to]) => {
          const a = layout.byId.get(from)!;
          const b = layout.byId.get(to)!;
          const x1 = x(a.colEnd + 1) - 6;
          const y1 = y(a.row) + NODE_H / 2;
          const x2 = x(b.col) + 6;
          const y2 = y(b.row) + NODE_H / 2;
          const bend = Math.max(24, Math.abs(x2 - x1) / 2);
          const on = focus === from || focus === to;
          return <path key={`${from}-${to}`} className={`og-edge${on ? ' lit' : ''}`} d={`M${x1},${y1} C${x1 + bend},${y1} ${x2 - bend},${y2} ${x2},${y2}`} />;
        })}
        {layout.nodes.map((p) => {
          const w = x(p.colEnd + 1) - x(p.col) - 12;
          const name = fit(p.node.name, w - 12);
          const sub = p.rounds.length === 0 ? 'local' : `r${compactRounds(p.rounds)} · ${fmtPerElement(p.node.payloadBytesSent, n)} B`;
          const enter = () => labStore.setState({ hoverNode: p.node.id });
          // pinning a node that sent online also shows its first round in the protocol picture
          const online = p.node.scope !== 'offline' ? p.rounds[0] : undefined;
          const pin = () => labStore.setState((s) => ({ pinnedNode: s.pinnedNode === p.node.id ? null : p.node.id, pictureRound: online ?? s.pictureRound }));
          return (
            <g
              key={p.node.id}
              className={`og-node ${family(p)}${lit(p) ? ' lit' : ''}${pinnedNode === p.node.id ? ' pinned' : ''}`}
              transform={`translate(${x(p.col) + 6},${y(p.row)})`}
              tabIndex={0}
              role="button"
              aria-pressed={pinnedNode === p.node.id}
              aria-label={`${p.node.name}${p.node.scope ? ` in ${p.node.scope}` : ''}: ${p.rounds.length === 0 ? 'local, no traffic' : `rounds ${compactRounds(p.rounds)}, ${fmtInt(p.node.payloadBytesSent)} bytes sent`}`}
              data-testid="graph-node"
              data-node-id={p.node.id}
              data-rounds={p.rounds.join(' ')}
              data-highlight={lit(p) ? 'true' : 'false'}
              onMouseEnter={enter}
              onFocus={enter}
              onBlur={() => labStore.setState({ hoverNode: null })}
              onClick={pin}
              onKeyDown={(e) => {
                if (e.key === 'Enter' || e.key === ' ') {
                  e.preventDefault();
                  pin();
                }
              }}
            >
              <rect width={w} height={NODE_H} rx={7} />
              <text x={8} y={14} className="og-name">
                {name}
              </text>
              <text x={8} y={27} className="og-sub">
                {fit(sub, w - 12, SUB_CHAR_W)}
              </text>
            </g>
          );
        })}
      </svg>
    </div>
  );
}

function fit(s: string, px: number, charW = CHAR_W): string {
  const max = Math.max(3, Math.floor(px / charW));
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}

function NodeDetail(props: { placed: PlacedNode; layout: GraphLayout; n: number; pinned: boolean }) {
  const { node, rounds } = props.placed;
  const e = explainOp(node.name);
  const parents = node.parents.map((id) => props.layout.byId.get(id)).filter((p): p is PlacedNode => p !== undefined);
  return (
    <div data-testid="graph-node-detail" data-node-id={node.id}>
      <h4>
        <code>{node.name}</code> <span className="muted">#{node.id}</span>
        {props.pinned && <span className="og-pin">pinned</span>}
      </h4>
      {e && (
        <p>
          <strong>{e.title}.</strong> {e.text}
        </p>
      )}
      <dl className="og-facts">
        <dt>scope</dt>
        <dd>{node.scope || 'session (after the exp)'}</dd>
        <dt>elements</dt>
        <dd>{fmtInt(node.n)}</dd>
        <dt>rounds</dt>
        <dd data-testid="graph-node-rounds">{rounds.length === 0 ? 'none (local)' : `${rounds.length}: ${compactRounds(rounds)}`}</dd>
        <dt>bytes sent</dt>
        <dd>
          {fmtInt(node.payloadBytesSent)} B <span className="muted">({fmtPerElement(node.payloadBytesSent, props.n)} per element)</span>
        </dd>
        <dt>bytes received</dt>
        <dd>{fmtInt(node.payloadBytesReceived)} B</dd>
        <dt>inputs from</dt>
        <dd>{parents.length === 0 ? 'none' : parents.map((p) => `${p.node.name} #${p.node.id}`).join(', ')}</dd>
      </dl>
    </div>
  );
}
