import { describe, expect, it } from 'vitest';
import { ledger, type LedgerRow } from '../../mpc/eval/ledger';
import { runExpInProcess } from '../../mpc/session/expRun';
import { CSV_HEADER, csvField, ledgerCells, ledgerCsv, ledgerDocument, ledgerFilename, ledgerJson, ledgerTotals, type LedgerMeta } from './export';

/** A strict RFC 4180 reader, to check that what we write reads back as the same cells. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let i = 0;
  while (i < text.length) {
    let field = '';
    if (text[i] === '"') {
      i++;
      for (;;) {
        if (i >= text.length) throw new Error('unterminated quote');
        if (text[i] === '"' && text[i + 1] === '"') {
          field += '"';
          i += 2;
        } else if (text[i] === '"') {
          i++;
          break;
        } else field += text[i++];
      }
    } else {
      while (i < text.length && text[i] !== ',' && text[i] !== '\r') {
        if (text[i] === '"' || text[i] === '\n') throw new Error(`stray character at ${i}`);
        field += text[i++];
      }
    }
    row.push(field);
    if (text[i] === ',') i++;
    else if (text.startsWith('\r\n', i)) {
      rows.push(row);
      row = [];
      i += 2;
    } else if (i < text.length) throw new Error(`bad separator at ${i}`);
  }
  if (row.length > 0) rows.push(row);
  return rows;
}

const meta: LedgerMeta = { method: 'pade', profile: 'fast', field: 'FM128', parties: 2, party: 0, n: 1000, batching: true };

describe('cost table export', () => {
  it('quote fields with commas, quotes and line breaks, and nothing else', () => {
    expect(csvField('exp.pade/clamp low')).toBe('exp.pade/clamp low');
    expect(csvField('1–7, 9')).toBe('"1–7, 9"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('a\nb')).toBe('"a\nb"');
  });

  it('write a real pade run as CSV whose cells are exactly the table cells, and JSON with the exact ledger', async () => {
    const n = meta.n;
    const xs = Array.from({ length: n }, (_, i) => -10 + (30 * i) / (n - 1));
    const res = await runExpInProcess(xs, { method: 'pade', profile: 'fast', field: 'FM128', parties: 2, seed: 3 });
    const rows = ledger(res.graph, n);
    const csv = parseCsv(ledgerCsv(rows, n));
    expect(csv[0]).toEqual([...CSV_HEADER]);
    expect(csv.length).toBe(rows.length + 1);
    rows.forEach((r, i) => {
      const c = ledgerCells(r, n);
      expect(csv[i + 1]).toEqual([c.scope, c.op, c.calls, c.rounds, c.inRounds, c.bytesSent, c.bytesSentPerElement]);
    });
    // the clamp comparisons: 7 rounds, 54 B per element, in a quoted "1–7" list
    const clamp = csv.find((r) => r[0] === 'exp.pade/clamp low')!;
    expect(clamp.slice(1)).toEqual(['msb_bounded', '1', '7', '1–7', '54000', '54']);
    expect(csv.at(-1)).toEqual(['session', 'a2p', '1', '1', '13', '16000', '16']);

    const doc = JSON.parse(ledgerJson(meta, rows)) as ReturnType<typeof ledgerDocument>;
    expect(doc.method).toBe('pade');
    expect(doc.rows.map(({ bytesSent: _b, ...r }) => r)).toEqual(rows);
    // the exp alone is what the run reports (docs/exp.md: 12 rounds, 608 B); the session adds the opening
    expect(doc.exp).toEqual({ rounds: res.traffic[0]!.rounds, bytesSent: res.traffic[0]!.payloadBytesSent, bytesSentPerElement: res.traffic[0]!.payloadBytesSent / n });
    expect(doc.exp.rounds).toBe(12);
    expect(doc.exp.bytesSentPerElement).toBe(608);
    expect(doc.session).toEqual({ rounds: 13, bytesSent: 624_000, bytesSentPerElement: 624 });
  });

  it('count shared rounds once and keep bytes exact when bytes / n is not a short decimal', () => {
    const rows: LedgerRow[] = [
      { scope: 'exp.prime', op: 'mul_priv_bits', calls: 1, rounds: [2], bytesSentPerElement: 126 / 1001 },
      { scope: 'exp.prime', op: 'mul_priv_gf', calls: 1, rounds: [1], bytesSentPerElement: 16 },
      { scope: 'exp.prime/clamp', op: 'msb_bounded', calls: 1, rounds: [1, 2, 3], bytesSentPerElement: 54 },
      { scope: '', op: 'a2p', calls: 1, rounds: [4], bytesSentPerElement: 16 },
    ];
    const t = ledgerTotals(rows, 1001);
    expect(t.exp).toEqual({ rounds: 3, bytesSent: 126 + 16 * 1001 + 54 * 1001, bytesSentPerElement: (126 + 70 * 1001) / 1001 });
    expect(t.session.rounds).toBe(4);
    expect(ledgerCells(rows[0]!, 1001)).toMatchObject({ bytesSent: '126', bytesSentPerElement: '0.126' });
  });

  it('name the files after the run', () => {
    expect(ledgerFilename(meta, 'csv')).toBe('tabmpc-ledger-pade-fast-FM128-n1000-party0.csv');
    expect(ledgerFilename({ ...meta, party: 1 }, 'json')).toBe('tabmpc-ledger-pade-fast-FM128-n1000-party1.json');
  });
});
