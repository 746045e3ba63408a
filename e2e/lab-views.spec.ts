/**
 * The lab views of a finished run between two real tabs: the round timeline has one mark per
 * round of the run, hovering a graph node lights its rounds up on the timeline (and a round its
 * nodes in the graph), and the cost table's CSV and JSON downloads hold the figures the table
 * and the result panel show, which equal `tabmpc ledger` for the same settings.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test, type Page } from '@playwright/test';
import { createRoom, expectConnected, openParty, type Party } from './helpers';
import { cliJson, configure } from './runs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const shots = join(root, 'docs', 'screenshots');

interface LedgerRow {
  scope: string;
  op: string;
  calls: number;
  rounds: number[];
  bytesSentPerElement: number;
}

interface LedgerDoc {
  method: string;
  profile: string;
  party: number;
  n: number;
  exp: { rounds: number; bytesSent: number; bytesSentPerElement: number };
  session: { rounds: number; bytesSent: number; bytesSentPerElement: number };
  rows: (LedgerRow & { bytesSent: number })[];
}

/** The same engine in process: what `tabmpc ledger --json` reports for these settings. */
function cliLedger(n: number): { rounds: number; bytesSentPerElement: number; rows: LedgerRow[] } {
  return cliJson<{ rounds: number; bytesSentPerElement: number; rows: LedgerRow[] }>(['ledger', '--method', 'pade', '--profile', 'fast', '--n', String(n)]);
}

/** RFC 4180, strictly: quoted fields may hold commas, quotes are doubled, lines end in CRLF. */
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
        if (text.startsWith('""', i)) {
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
  if (row.length > 0) throw new Error('last line has no CRLF');
  return rows;
}

async function configurePade(page: Page, n: number, profile: 'fast' | 'spu2024' = 'fast'): Promise<void> {
  await configure(page, { method: 'pade', profile, n, lo: -10, hi: 20 });
}

async function download(page: Page, testid: string): Promise<{ name: string; text: string }> {
  const [dl] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testid).click()]);
  const path = await dl.path();
  return { name: dl.suggestedFilename(), text: readFileSync(path, 'utf8') };
}

const int = (s: string | null) => Number((s ?? '').replace(/[^0-9.]/g, ''));

test('lab views of a pade run: timeline marks, linked hover, cost table exports equal to the table and the result', async ({ browser }) => {
  test.setTimeout(120_000);
  const { creator: a, link } = await createRoom(browser, 2);
  const b = await openParty(browser, link);
  for (const [p, peer] of [[a, 1], [b, 0]] as [Party, number][]) await expectConnected(p, peer);
  const n = 1000;
  await configurePade(a.page, n);
  await a.page.getByTestId('start-run').click();
  for (const p of [a, b]) await expect(p.page.getByTestId('run-panel')).toHaveAttribute('data-run-phase', 'done', { timeout: 60_000 });
  const page = a.page;
  await page.setViewportSize({ width: 1600, height: 1000 });

  // the result panel's figures: the exp alone; the run adds one round to open the result
  const expRounds = int(await page.getByTestId('result-rounds').locator('.stat-value').textContent());
  const expBytes = int(await page.getByTestId('result-bytes-sent').locator('.stat-value').textContent());
  const perElement = (await page.getByTestId('result-bytes-per-element').locator('.stat-value').textContent())!.trim();
  expect(expRounds).toBe(12);
  expect(expBytes).toBe(608 * n);

  // timeline: exactly one mark per round of the run, all done, in both tabs
  for (const p of [a, b]) {
    await expect(p.page.getByTestId('timeline-mark')).toHaveCount(expRounds + 1);
    await expect(p.page.locator('[data-testid="timeline-mark"][data-state="done"]')).toHaveCount(expRounds + 1);
    await expect(p.page.getByTestId('timeline-progress')).toHaveText(`${expRounds + 1} of ${expRounds + 1} rounds`);
  }
  // hovering each mark shows its bytes to the peer and its operations; the exp's rounds add up to the result
  const marks = page.getByTestId('timeline-mark');
  let sent = 0;
  for (let k = 1; k <= expRounds + 1; k++) {
    await marks.nth(k - 1).hover();
    const detail = page.getByTestId('timeline-detail');
    await expect(detail).toHaveAttribute('data-round', String(k));
    const bytes = Number(await page.getByTestId('timeline-sent-1').getAttribute('data-bytes'));
    expect(bytes).toBeGreaterThan(0);
    if (k <= expRounds) sent += bytes;
    else await expect(page.getByTestId('timeline-ops')).toHaveText('a2p');
  }
  expect(sent).toBe(expBytes);
  // round 12 served the three bit-selections: they light up in the graph, and only they
  await marks.nth(11).hover();
  await expect(page.getByTestId('timeline-ops')).toHaveText('mul_a1b ×3');
  const litNodes = page.locator('[data-testid="graph-node"][data-highlight="true"]');
  await expect(litNodes).toHaveCount(3);
  for (const r of await litNodes.evaluateAll((els) => els.map((e) => e.getAttribute('data-rounds')))) expect(r).toBe('12');

  // graph: 24 nodes without the setup (the clamps add their public constants locally, so no p2a
  // node shares a constant); hovering the clamp comparison lights rounds 1–7 up
  const nodes = page.getByTestId('graph-node');
  expect(await nodes.count()).toBe(24);
  const clamp = page.locator('[data-testid="graph-node"][data-rounds="1 2 3 4 5 6 7"]').first();
  await clamp.hover();
  const litMarks = page.locator('[data-testid="timeline-mark"][data-highlight="true"]');
  await expect(litMarks).toHaveCount(7);
  expect(await litMarks.evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-round'))))).toEqual([1, 2, 3, 4, 5, 6, 7]);
  await expect(page.getByTestId('graph-node-detail')).toContainText('msb_bounded');
  await expect(page.getByTestId('graph-node-detail')).toContainText('Sign bit (comparison), bounded input');
  await expect(page.getByTestId('graph-node-rounds')).toHaveText('7: 1–7');
  // a click pins the node: its details stay while the pointer moves on (and for the screenshot)
  await clamp.click();
  await page.mouse.move(0, 0);
  await expect(page.getByTestId('graph-node-detail')).toContainText('pinned');
  await expect(litMarks).toHaveCount(0);
  mkdirSync(shots, { recursive: true });
  await page.getByTestId('lab-graph').screenshot({ path: join(shots, 'graph.png') });
  await marks.nth(7).hover();
  await page.getByTestId('lab-timeline').screenshot({ path: join(shots, 'timeline.png') });
  await page.mouse.move(0, 0);

  // the cost table as shown
  const shown = await page.getByTestId('op-row').evaluateAll((trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td'), (td) => td.textContent ?? '')));
  const cliDoc = cliLedger(n);
  expect(shown.length).toBe(cliDoc.rows.length);

  // CSV: a header, then exactly the table's cells
  const csv = await download(page, 'export-csv');
  expect(csv.name).toBe('tabmpc-ledger-pade-fast-FM128-n1000-party0.csv');
  const cells = parseCsv(csv.text);
  expect(cells[0]).toEqual(['scope', 'operation', 'calls', 'rounds', 'in_rounds', 'bytes_sent', 'bytes_sent_per_element']);
  expect(cells.slice(1)).toEqual(shown);

  // JSON: the exact ledger, the same figures as the table, the result and the CLI
  const json = await download(page, 'export-json');
  expect(json.name).toBe('tabmpc-ledger-pade-fast-FM128-n1000-party0.json');
  const doc = JSON.parse(json.text) as LedgerDoc;
  expect([doc.method, doc.profile, doc.party, doc.n]).toEqual(['pade', 'fast', 0, n]);
  doc.rows.forEach((r, i) => {
    const row = shown[i]!;
    expect([r.op, String(r.calls), String(r.rounds.length), String(r.bytesSent), String(r.bytesSentPerElement)]).toEqual([row[1], row[2], row[3], row[5], row[6]]);
  });
  expect(doc.rows.map(({ bytesSent: _b, ...r }) => r)).toEqual(cliDoc.rows);
  expect(doc.exp).toEqual({ rounds: expRounds, bytesSent: expBytes, bytesSentPerElement: Number(perElement) });
  expect(doc.exp.rounds).toBe(cliDoc.rounds);
  expect(doc.session.rounds).toBe(expRounds + 1);
  await expect(page.getByTestId('op-total-exp').locator('td.num').first()).toHaveText(String(expRounds));
  await expect(page.getByTestId('op-total-exp').locator('td.num').nth(1)).toHaveText(String(expBytes));

  await a.context.close();
  await b.context.close();
  expect([...a.errors, ...b.errors]).toEqual([]);
});

test('the timeline fills in as rounds happen: k marks done, the rest of the plan as empty slots', async ({ browser }) => {
  test.setTimeout(180_000);
  const { creator: a, link } = await createRoom(browser, 2);
  const b = await openParty(browser, link);
  for (const [p, peer] of [[a, 1], [b, 0]] as [Party, number][]) await expectConnected(p, peer);
  // SPU's pade: 52 rounds + 1 to open, long enough on 50,000 values to watch it go
  await configurePade(a.page, 50_000, 'spu2024');
  await a.page.getByTestId('start-run').click();
  const snapshot = () =>
    a.page.evaluate(() => {
      const marks = [...document.querySelectorAll('[data-testid="timeline-mark"]')];
      return {
        text: document.querySelector('[data-testid="timeline-progress"]')?.textContent ?? '',
        done: marks.filter((m) => m.getAttribute('data-state') === 'done').map((m) => Number(m.getAttribute('data-round'))),
        planned: marks.filter((m) => m.getAttribute('data-state') === 'planned').length,
        total: marks.length,
      };
    });
  // watch the page until the run is done: every view is consistent in itself (done marks are
  // rounds 1..k, then planned slots up to 53, and the counter says k of 53), and k only grows
  const seen: number[] = [];
  const deadline = Date.now() + 150_000;
  while ((await a.page.getByTestId('run-panel').getAttribute('data-run-phase')) !== 'done') {
    expect(Date.now()).toBeLessThan(deadline);
    const s = await snapshot();
    if (s.total > 0) {
      expect(s.total).toBe(53);
      expect(s.done).toEqual(Array.from({ length: s.done.length }, (_, i) => i + 1));
      expect(s.planned).toBe(53 - s.done.length);
      expect(s.text).toBe(`${s.done.length} of 53 rounds`);
      if (seen.length > 0) expect(s.done.length).toBeGreaterThanOrEqual(seen.at(-1)!);
      if (s.done.length > 0 && s.done.length < 53 && s.done.length !== seen.at(-1)) seen.push(s.done.length);
    }
    await a.page.waitForTimeout(50);
  }
  // the marks appeared a few at a time, not all at the end
  expect(seen.length).toBeGreaterThanOrEqual(2);
  const end = await snapshot();
  expect(end).toEqual({ text: '53 of 53 rounds', done: Array.from({ length: 53 }, (_, i) => i + 1), planned: 0, total: 53 });
  console.log(`[lab] mid-run timeline views: ${seen.join(', ')} of 53 rounds done`);
  await a.context.close();
  await b.context.close();
  expect([...a.errors, ...b.errors]).toEqual([]);
});
