/**
 * The protocol picture between two real tabs: in step mode it shows the round held before it goes,
 * each packet named and sized, the sizes adding up to what step mode is about to send and, once
 * the round has run, to the timeline's bytes for that round, with the other tab's counts on the
 * way back; a click on a timeline mark or a graph node shows that round; presenter mode enlarges
 * the lab and Escape leaves it; the comparison's charts are uPlot's, with axes and a legend.
 */
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test, type Page } from '@playwright/test';
import { createRoom, openParty } from './helpers';
import { configure, connectAll } from './runs';

const shots = join(dirname(fileURLToPath(import.meta.url)), '..', 'docs', 'screenshots');

interface ShownPacket {
  op: string;
  bytes: number;
  text: string;
}

const fmt = (v: number) => v.toLocaleString('en-US');

/** The packets the picture draws from one party to another, as shown: operation, size, text. */
async function packets(page: Page, from: number, to: number): Promise<ShownPacket[]> {
  const loc = page.locator(`[data-testid="picture-packet"][data-from="${from}"][data-to="${to}"]`);
  const n = await loc.count();
  for (let i = 0; i < n; i++) await expect(loc.nth(i)).toBeVisible();
  return loc.evaluateAll((els) => els.map((e) => ({ op: e.getAttribute('data-op') ?? '', bytes: Number(e.getAttribute('data-bytes')), text: e.textContent ?? '' })));
}

/** Every packet says what it carries and shows its size in bytes; returns their sum. */
function checkedSum(ps: readonly ShownPacket[]): number {
  expect(ps.length).toBeGreaterThan(0);
  for (const p of ps) {
    expect(p.bytes).toBeGreaterThan(0);
    expect(p.text).toContain(`${fmt(p.bytes)} B`);
    expect(p.text.replace(`${fmt(p.bytes)} B`, '').trim().length).toBeGreaterThan(10);
  }
  return ps.reduce((s, p) => s + p.bytes, 0);
}

const int = (s: string | null) => Number((s ?? '').replace(/[^\d]/g, ''));

test('protocol picture: a round’s packets in step mode add up to the counters, rounds picked on the timeline and graph, presenter mode, uPlot charts', async ({ browser }) => {
  test.setTimeout(300_000);
  const { creator: a, link } = await createRoom(browser, 2);
  const b = await openParty(browser, link);
  const all = [a, b];
  await connectAll(all);
  const n = 100;
  await configure(a.page, { method: 'pade', profile: 'fast', n, lo: -4, hi: 4 });
  await a.page.getByTestId('step-on').click();
  await a.page.getByTestId('start-run').click();
  const planned = 13; // pade (fast): 12 rounds, plus 1 to open the result
  const sentBy: number[][] = [[], []]; // [party][round − 1]: what each tab's picture said it was about to send
  const opsOf: string[][] = [];
  for (let k = 1; k <= planned; k++) {
    for (const [self, p] of all.entries()) {
      const peer = 1 - self;
      await expect(p.page.getByTestId('step-status')).toHaveText(`round ${k} of ${planned} is ready to go`, { timeout: 20_000 });
      const title = p.page.getByTestId('picture-round');
      await expect(title).toHaveAttribute('data-round', String(k));
      await expect(title).toHaveAttribute('data-status', 'ready');
      await expect(title).toContainText(`Round ${k} of ${planned}`);
      // the packets to the peer add up to what step mode's table says this party is about to send
      const out = await packets(p.page, self, peer);
      const sum = checkedSum(out);
      const row = p.page.getByTestId('step-payload').locator('tr', { hasText: `party ${peer}` });
      expect(int(await row.locator('td.num').textContent())).toBe(sum);
      await expect(p.page.getByTestId(`picture-total-to-${peer}`)).toHaveAttribute('data-bytes', String(sum));
      await expect(p.page.getByTestId(`picture-total-to-${peer}`)).toContainText(`about to send to party ${peer}: ${fmt(sum)} B`);
      sentBy[self]![k - 1] = sum;
      if (self === 0) opsOf[k - 1] = out.map((x) => x.op).sort();
    }
    // what each tab will accept is what the other is about to send
    expect(checkedSum(await packets(a.page, 1, 0))).toBe(sentBy[1]![k - 1]);
    expect(checkedSum(await packets(b.page, 0, 1))).toBe(sentBy[0]![k - 1]);
    if (k === 8) {
      // a Beaver multiplication's round: its packet says what it carries
      const mul = a.page.locator('[data-testid="picture-packet"][data-from="0"][data-op="mul_aa"]');
      await expect(mul).toContainText('masked differences e = x − a, d = y − b');
      await expect(mul).toContainText('Beaver multiplication');
    }
    // the picture's own button lets this tab's round go, as step mode's does
    await a.page.getByRole('button', { name: 'Send this round' }).click();
    await b.page.getByTestId('step-next').click();
    if (k < planned) for (const p of all) await expect(p.page.getByTestId('live-round')).toHaveText(`online round ${k} of ${planned}`, { timeout: 20_000 });
  }
  for (const p of all) await expect(p.page.getByTestId('run-panel')).toHaveAttribute('data-run-phase', 'done', { timeout: 20_000 });

  // every round again, picked on the timeline: the picture changes to it, and its sizes are the timeline's bytes
  const page = a.page;
  const marks = page.getByTestId('timeline-mark');
  await expect(marks).toHaveCount(planned);
  let exp = 0;
  for (let k = 1; k <= planned; k++) {
    await marks.nth(k - 1).click();
    await expect(page.getByTestId('picture-round')).toHaveAttribute('data-round', String(k));
    await expect(page.getByTestId('picture-round')).toHaveAttribute('data-status', 'sent');
    await expect(page.getByTestId('timeline-detail')).toHaveAttribute('data-round', String(k));
    const out = await packets(page, 0, 1);
    const sum = checkedSum(out);
    expect(sum).toBe(sentBy[0]![k - 1]);
    expect(Number(await page.getByTestId('timeline-sent-1').getAttribute('data-bytes'))).toBe(sum);
    expect(checkedSum(await packets(page, 1, 0))).toBe(sentBy[1]![k - 1]);
    await expect(page.getByTestId('picture-total-from-1')).toContainText(`received from party 1: ${fmt(sentBy[1]![k - 1]!)} B`);
    expect(out.map((x) => x.op).sort()).toEqual(opsOf[k - 1]);
    // the timeline lists the same operations as the packets
    const listed = (await page.getByTestId('timeline-ops').textContent())!.split(', ').map((s) => s.replace(/ ×\d+$/, ''));
    expect([...new Set(listed)].sort()).toEqual(opsOf[k - 1]);
    if (k < planned) exp += sum;
  }
  // the exp's rounds add up to the result's counter; the last round opens the result: one share of 16 bytes per value
  expect(exp).toBe(int(await page.getByTestId('result-bytes-sent').locator('.stat-value').textContent()));
  const opening = await packets(page, 0, 1);
  expect(opening.map((x) => [x.op, x.bytes])).toEqual([['a2p', 16 * n]]);
  expect(opening[0]!.text).toContain('its share of the result');

  // a node of the graph shows its first round: the three selections by a shared bit of round 12
  // (by the keyboard, as a node is a button: the graph is drawn at full size and scrolls in its own
  // box, and Playwright's click does not scroll an SVG group inside it into view)
  const node = page.locator('[data-testid="graph-node"][data-rounds="12"]').first();
  await node.focus();
  await node.press('Enter');
  await expect(page.getByTestId('picture-round')).toHaveAttribute('data-round', '12');
  await expect(page.locator('[data-testid="picture-packet"][data-from="0"]')).toContainText('select by a shared bit ×3');
  // and the arrows walk the rounds
  await page.getByRole('button', { name: 'Show the round before' }).click();
  await expect(page.getByTestId('picture-round')).toHaveAttribute('data-round', '11');

  await marks.nth(7).click();
  await page.mouse.move(0, 0);
  mkdirSync(shots, { recursive: true });
  await page.getByTestId('protocol-picture').screenshot({ path: join(shots, 'protocol-picture.png'), animations: 'disabled' });

  // presenter mode: the lab over the page in large type; Escape leaves it
  const picture = page.getByTestId('protocol-picture');
  // nothing of the picture is cut off or reaches past the window (the page's other overflows are items 1-10's)
  const fits = () => picture.evaluate((e) => e.scrollWidth <= e.clientWidth && e.getBoundingClientRect().right <= window.innerWidth);
  await page.setViewportSize({ width: 1280, height: 800 });
  expect(await fits()).toBe(true);
  const what = page.locator('.pp-what').first();
  const fontOf = () => what.evaluate((e) => parseFloat(getComputedStyle(e).fontSize));
  const small = { font: await fontOf(), box: (await picture.boundingBox())! };
  await page.getByRole('button', { name: 'Presenter mode' }).click();
  await expect(picture).toHaveAttribute('data-presenter', 'on');
  await expect(page.getByRole('dialog', { name: 'Presenter mode' })).toBeVisible();
  await expect(page.getByTestId('lab-graph')).toBeHidden();
  const big = { font: await fontOf(), box: (await picture.boundingBox())! };
  expect(big.font).toBeGreaterThanOrEqual(1.5 * small.font);
  expect(big.box.height).toBeGreaterThan(1.3 * small.box.height);
  expect(big.box.width).toBeGreaterThanOrEqual(small.box.width);
  expect(await fits()).toBe(true);
  await page.setViewportSize({ width: 1920, height: 1080 });
  expect(await fits()).toBe(true);
  await page.keyboard.press('Escape');
  await expect(picture).toHaveAttribute('data-presenter', 'off');
  await expect(page.getByRole('dialog')).toHaveCount(0);
  expect(await fontOf()).toBe(small.font);
  await page.setViewportSize({ width: 1280, height: 800 });

  // the comparison's charts: uPlot, with both axes and a legend of every series
  await configure(page, { method: 'pade', profile: 'fast', n: 20, lo: -4, hi: 4 });
  await page.getByTestId('compare-run').click();
  await expect(page.getByTestId('compare-status')).toHaveText(/^\d+ runs done$/, { timeout: 240_000 });
  for (const id of ['compare-error-chart', 'compare-time-chart']) {
    const chart = page.getByTestId(id);
    await expect(chart.locator('.uplot canvas')).toBeVisible();
    await expect(chart.locator('.u-axis')).toHaveCount(2);
    for (const ax of await chart.locator('.u-axis').all()) expect((await ax.boundingBox())!.width).toBeGreaterThan(20);
    const legend = chart.locator('.u-legend .u-series:not(:first-child)');
    await expect(legend).toHaveCount(6);
    await expect(legend.filter({ hasText: 'taylor · fast' }).first()).toBeVisible();
  }
  // in presenter mode the charts are redrawn taller, for a projector
  const canvas = page.getByTestId('compare-time-chart').locator('.uplot canvas');
  const h0 = (await canvas.boundingBox())!.height;
  await page.getByRole('button', { name: 'Presenter mode' }).click();
  await expect.poll(async () => (await canvas.boundingBox())?.height ?? 0).toBeGreaterThan(1.5 * h0);
  await page.keyboard.press('Escape');
  for (const p of all) await p.context.close();
  expect([...a.errors, ...b.errors]).toEqual([]);
});

test('protocol picture with three tabs: one lane per peer, each adding up to the timeline, and a word on the traffic this tab cannot see', async ({ browser }) => {
  test.setTimeout(120_000);
  const { creator: a, link } = await createRoom(browser, 3);
  const others = [await openParty(browser, link), await openParty(browser, link)];
  const all = [a, ...others];
  await connectAll(all);
  await configure(a.page, { method: 'taylor', profile: 'fast', n: 10, lo: -1, hi: 1 });
  await a.page.getByTestId('start-run').click();
  for (const p of all) await expect(p.page.getByTestId('run-panel')).toHaveAttribute('data-run-phase', 'done', { timeout: 60_000 });
  // party 1's tab, on the square of round 2: one lane to each of parties 0 and 2
  const page = others[0]!.page;
  await page.getByTestId('timeline-mark').nth(1).click();
  await expect(page.getByTestId('picture-round')).toHaveAttribute('data-round', '2');
  await expect(page.getByTestId('picture-lane')).toHaveCount(2);
  await expect(page.getByTestId('picture-card')).toHaveCount(3);
  for (const peer of [0, 2]) {
    const out = await packets(page, 1, peer);
    expect(out.map((x) => x.op)).toEqual(['square_a']);
    expect(out[0]!.text).toContain('masked difference e = x − a');
    expect(checkedSum(out)).toBe(Number(await page.getByTestId(`timeline-sent-${peer}`).getAttribute('data-bytes')));
    expect(checkedSum(await packets(page, peer, 1))).toBe(16 * 10);
  }
  await expect(page.locator('[data-testid="picture-packet"][data-from="0"][data-to="2"]')).toHaveCount(0);
  await expect(page.getByTestId('protocol-picture')).toContainText('the packets between the other parties are counted in their tabs');
  for (const p of all) await p.context.close();
  expect(all.flatMap((p) => p.errors)).toEqual([]);
});
