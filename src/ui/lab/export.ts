/**
 * The per-operation cost table as text: the cells the table shows (one function for both, so the
 * CSV holds exactly what is on screen) and the CSV and JSON documents the download buttons save.
 * JSON keeps the exact numbers (its rows are the ledger's rows, as `tabmpc ledger --json` prints
 * them) and adds each row's integer byte count. Pure: no DOM here.
 */
import type { LedgerRow } from '../../workers/readings';
import { compactRounds } from '../../workers/readings';

/** What the exported figures are about: this party's view of one run. */
export interface LedgerMeta {
  readonly method: string;
  readonly profile: string;
  readonly field: string;
  readonly parties: number;
  /** The party whose bytes these are. */
  readonly party: number;
  readonly n: number;
  readonly batching: boolean;
}

export interface LedgerCells {
  readonly scope: string;
  readonly op: string;
  readonly calls: string;
  readonly rounds: string;
  readonly inRounds: string;
  readonly bytesSent: string;
  readonly bytesSentPerElement: string;
}

export const CSV_HEADER = ['scope', 'operation', 'calls', 'rounds', 'in_rounds', 'bytes_sent', 'bytes_sent_per_element'] as const;

/** The top-level scope is the session itself: it opens the result after the exp. */
export const TOP_LEVEL = 'session';

/** Bytes as an exact integer: the ledger stores bytes / n. */
export function rowBytes(row: LedgerRow, n: number): number {
  return Math.round(row.bytesSentPerElement * n);
}

/** Bytes per element to three decimals (exact for costs such as 102.125 B), as the result panel. */
export function perElementText(v: number): string {
  return String(Number(v.toFixed(3)));
}

export function ledgerCells(row: LedgerRow, n: number): LedgerCells {
  return {
    scope: row.scope === '' ? TOP_LEVEL : row.scope,
    op: row.op,
    calls: String(row.calls),
    rounds: String(row.rounds.length),
    inRounds: compactRounds(row.rounds),
    bytesSent: String(rowBytes(row, n)),
    bytesSentPerElement: perElementText(row.bytesSentPerElement),
  };
}

export interface LedgerTotal {
  /** Distinct rounds: operations sharing a round count it once. */
  readonly rounds: number;
  readonly bytesSent: number;
  readonly bytesSentPerElement: number;
}

/** Totals of the exp alone (what the result panel reports) and of the whole online session. */
export function ledgerTotals(rows: readonly LedgerRow[], n: number): { readonly exp: LedgerTotal; readonly session: LedgerTotal } {
  const total = (rs: readonly LedgerRow[]): LedgerTotal => {
    const bytesSent = rs.reduce((s, r) => s + rowBytes(r, n), 0);
    return { rounds: new Set(rs.flatMap((r) => r.rounds)).size, bytesSent, bytesSentPerElement: bytesSent / n };
  };
  return { exp: total(rows.filter((r) => r.scope !== '')), session: total(rows) };
}

/** RFC 4180: quote a field holding a comma, quote or line break; double its quotes. */
export function csvField(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function ledgerCsv(rows: readonly LedgerRow[], n: number): string {
  const lines = [CSV_HEADER.join(',')];
  for (const r of rows) {
    const c = ledgerCells(r, n);
    lines.push([c.scope, c.op, c.calls, c.rounds, c.inRounds, c.bytesSent, c.bytesSentPerElement].map(csvField).join(','));
  }
  return lines.join('\r\n') + '\r\n';
}

export interface LedgerDocument extends LedgerMeta {
  readonly exp: LedgerTotal;
  readonly session: LedgerTotal;
  readonly rows: readonly (LedgerRow & { readonly bytesSent: number })[];
}

export function ledgerDocument(meta: LedgerMeta, rows: readonly LedgerRow[]): LedgerDocument {
  const totals = ledgerTotals(rows, meta.n);
  return { ...meta, ...totals, rows: rows.map((r) => ({ ...r, bytesSent: rowBytes(r, meta.n) })) };
}

export function ledgerJson(meta: LedgerMeta, rows: readonly LedgerRow[]): string {
  return JSON.stringify(ledgerDocument(meta, rows), null, 2) + '\n';
}

/** e.g. tabmpc-ledger-pade-fast-FM128-n1000-party0.csv */
export function ledgerFilename(meta: LedgerMeta, ext: 'csv' | 'json'): string {
  return `tabmpc-ledger-${meta.method}-${meta.profile}-${meta.field}-n${meta.n}-party${meta.party}.${ext}`;
}
