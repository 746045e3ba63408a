/**
 * The page a class can read (issue 15, items 4, 5, 6, 7 and 10), between two real tabs: nothing
 * scrolls sideways at 1280 × 800 or on a 1920 × 1080 projector, in the lobby, during a run, after
 * it and in the lab; the Run button and the result fit one screen; the explanation stays after a
 * run; the glossary opens from the keyboard; the invite link is whole, with a QR code and a
 * large-type view.
 */
import { expect, test, type Page } from '@playwright/test';
import { toString as qrToString } from 'qrcode';
import { createRoom, openParty, type Party } from './helpers';
import { configure, connectAll } from './runs';

const SIZES = [
  { width: 1280, height: 800 },
  { width: 1920, height: 1080 },
] as const;

/** The page does not scroll sideways. */
async function expectNoSidewaysScroll(page: Page, where: string): Promise<void> {
  const m = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
  expect(m.scroll, `${where}: the page is ${m.scroll} px wide in a ${m.client} px window`).toBeLessThanOrEqual(m.client);
}

/**
 * Every shown table fits its box, or scrolls inside a box that itself fits the window; `fit`
 * lists tables (by test id) that must fit without scrolling.
 */
async function expectTablesContained(page: Page, where: string, fit: readonly string[] = []): Promise<void> {
  const problems = await page.evaluate((mustFit) => {
    const out: string[] = [];
    const vw = document.documentElement.clientWidth;
    for (const table of document.querySelectorAll('table')) {
      if (table.getClientRects().length === 0) continue;
      const box = table.parentElement!;
      const name = table.dataset['testid'] ?? table.className;
      const scrolls = ['auto', 'scroll'].includes(getComputedStyle(box).overflowX);
      const boxRect = box.getBoundingClientRect();
      if (boxRect.right > vw + 0.5) out.push(`${name}: its box ends at ${boxRect.right} px, past the window's ${vw}`);
      const overflows = table.getBoundingClientRect().width > box.clientWidth + 0.5;
      if (overflows && !scrolls) out.push(`${name}: ${table.getBoundingClientRect().width} px in a ${box.clientWidth} px box that does not scroll`);
      if (overflows && mustFit.includes(name)) out.push(`${name}: ${table.getBoundingClientRect().width} px does not fit its ${box.clientWidth} px box`);
    }
    return out;
  }, fit);
  expect(problems, where).toEqual([]);
}

/** The element lies inside the window, top to bottom. */
async function expectOnScreen(page: Page, locator: ReturnType<Page['getByRole']>, what: string): Promise<void> {
  const box = await locator.boundingBox();
  const view = page.viewportSize()!;
  expect(box, what).not.toBeNull();
  expect(box!.y, `${what}: top`).toBeGreaterThanOrEqual(0);
  expect(box!.y + box!.height, `${what}: bottom at ${box!.y + box!.height} px in a ${view.height} px window`).toBeLessThanOrEqual(view.height);
  expect(box!.x + box!.width, `${what}: right edge`).toBeLessThanOrEqual(view.width);
}

/** How many lines the element's text takes. */
function lineCount(page: Page, selector: string): Promise<number> {
  return page.evaluate((sel) => {
    const el = document.querySelector(sel)!;
    const range = document.createRange();
    range.selectNodeContents(el);
    return new Set(Array.from(range.getClientRects(), (r) => Math.round(r.top))).size;
  }, selector);
}

test('the lobby at 1280 and 1920 px: parties on one line each, the whole invite link, its QR code and a large view', async ({ browser }) => {
  const { creator: a, link } = await createRoom(browser, 2);
  const b = await openParty(browser, link);
  await connectAll([a, b]);
  const page = a.page;
  for (const size of SIZES) {
    await page.setViewportSize(size);
    const where = `lobby at ${size.width}×${size.height}`;
    await expectNoSidewaysScroll(page, where);
    // "Party 1" on one line; the link's state in full, not cut
    expect(await lineCount(page, '[data-testid="party-1"] .party-name'), `${where}: Party 1`).toBe(1);
    const detail = page.getByTestId('party-1').getByText(/^Direct link/);
    await expect(detail).toBeVisible();
    const cut = await detail.evaluate((el) => el.scrollWidth > el.clientWidth || el.scrollHeight > el.clientHeight);
    expect(cut, `${where}: the link's state is cut`).toBe(false);
    // the invite link, whole and readable in its box
    const invite = page.getByRole('textbox', { name: /^Invite link/ });
    await expect(invite).toHaveValue(link);
    const hidden = await invite.evaluate((el) => ({ x: el.scrollWidth - el.clientWidth, y: el.scrollHeight - el.clientHeight }));
    expect(hidden, `${where}: part of the invite link is hidden`).toEqual({ x: 0, y: 0 });
    // the QR code beside it
    const qr = page.getByRole('img', { name: 'QR code of the invite link' });
    await expect(qr).toBeVisible();
    expect(await qr.evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
  }
  // the code is the link's: the same encoder in Node gives the same symbol
  const shown = decodeURIComponent((await page.getByRole('img', { name: 'QR code of the invite link' }).getAttribute('src'))!.replace(/^data:image\/svg\+xml;charset=utf-8,/, ''));
  expect(shown).toBe(await qrToString(link, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 }));

  // the large view for a projector: the link in large type and the QR code; Escape closes it
  await page.getByRole('button', { name: 'Show large' }).click();
  const large = page.getByRole('dialog', { name: 'Invite link, large' });
  await expect(large).toBeVisible();
  await expect(large.getByText(link, { exact: true })).toBeVisible();
  await expect(large.getByRole('img', { name: 'QR code of the invite link, large' })).toBeVisible();
  const fontPx = await large.getByText(link, { exact: true }).evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
  expect(fontPx).toBeGreaterThanOrEqual(40);
  await expectNoSidewaysScroll(page, 'large invite view');
  await page.keyboard.press('Escape');
  await expect(large).toBeHidden();
  // and the close button does the same
  await page.getByRole('button', { name: 'Show large' }).click();
  await expect(large).toBeVisible();
  await large.getByRole('button', { name: 'Close' }).click();
  await expect(large).toBeHidden();

  for (const p of [a, b]) await p.context.close();
  expect([...a.errors, ...b.errors]).toEqual([]);
});

test('a run at 1280 × 800 and 1920 × 1080: no sideways scroll, Run and the result on one screen, the explanation stays, the glossary by keyboard', async ({ browser }) => {
  test.setTimeout(180_000);
  const { creator: a, link } = await createRoom(browser, 2);
  const b = await openParty(browser, link);
  const all: Party[] = [a, b];
  await connectAll(all);
  const page = a.page;
  await page.setViewportSize(SIZES[0]);

  // the advanced settings start folded; their summary names what they hold
  const more = page.getByTestId('more-settings');
  await expect(more).not.toHaveAttribute('open');
  await expect(page.getByText(/^More settings/)).toContainText('profile fast');
  // before any run the explanation stands where the numbers will come
  await expect(page.getByRole('heading', { name: 'What the numbers mean' })).toBeVisible();

  // a small run, stepped so that the page can be measured while it runs; the settings fold again
  await configure(page, { method: 'taylor', profile: 'fast', n: 100, lo: -2, hi: 2 });
  await page.getByTestId('more-settings-summary').click();
  await expect(more).not.toHaveAttribute('open');
  await page.getByRole('radiogroup', { name: 'Step through rounds' }).getByRole('radio', { name: 'on' }).click();
  await page.getByRole('button', { name: 'Run on 100 values' }).click();
  const planned = 9; // taylor-8, fast: 8 rounds and 1 to open the result
  for (let k = 1; k <= planned; k++) {
    for (const p of all) await expect(p.page.getByTestId('step-status')).toHaveText(`round ${k} of ${planned} is ready to go`, { timeout: 30_000 });
    if (k === 2) {
      for (const size of SIZES) {
        await page.setViewportSize(size);
        await expectNoSidewaysScroll(page, `during the run at ${size.width}×${size.height}`);
        await expectTablesContained(page, `during the run at ${size.width}×${size.height}`, ['traffic-table']);
      }
      await page.setViewportSize(SIZES[0]);
    }
    for (const p of all) await p.page.getByRole('button', { name: 'Next round' }).click();
  }
  for (const p of all) await expect(p.page.getByTestId('run-panel')).toHaveAttribute('data-run-phase', 'done', { timeout: 30_000 });

  for (const size of SIZES) {
    await page.setViewportSize(size);
    const where = `after the run at ${size.width}×${size.height}`;
    await expectNoSidewaysScroll(page, where);
    // the opened values and the traffic fit their column: "relative error" is whole
    await expectTablesContained(page, where, ['values', 'traffic-table']);
    await expect(page.getByRole('columnheader', { name: 'relative error' })).toBeVisible();
    // Run and the result together, without scrolling
    await page.evaluate(() => window.scrollTo(0, 0));
    await expectOnScreen(page, page.getByRole('button', { name: 'Run on 100 values' }), `${where}: the Run button`);
    await expectOnScreen(page, page.getByRole('heading', { name: 'Cost of the exp (this party)' }), `${where}: the result's heading`);
    await expectOnScreen(page, page.getByTestId('result-rounds'), `${where}: the result's rounds`);
    const run = (await page.getByRole('button', { name: 'Run on 100 values' }).boundingBox())!;
    const result = (await page.getByTestId('result-rounds').boundingBox())!;
    const widths = await page.evaluate(() => `${document.documentElement.scrollWidth}/${document.documentElement.clientWidth}`);
    console.log(`[measure] ${where}: Run button y ${run.y.toFixed(0)}–${(run.y + run.height).toFixed(0)}, result's rounds y ${result.y.toFixed(0)}–${(result.y + result.height).toFixed(0)}, page width ${widths} px`);
    // the explanation stays, now below the numbers
    await expect(page.getByRole('heading', { name: 'What the numbers mean' })).toBeVisible();
  }
  await expect(page.getByTestId('result-rounds')).toContainText('8');

  // the lab views below: graph, timeline and cost table fit or scroll in their own boxes
  for (const size of SIZES) {
    await page.setViewportSize(size);
    const where = `lab at ${size.width}×${size.height}`;
    await page.getByTestId('lab-graph').scrollIntoViewIfNeeded();
    await expectNoSidewaysScroll(page, where);
    await expectTablesContained(page, where);
    // graph names at a readable size, each with plain words beside it
    const nameFont = await page.locator('.og-name').first().evaluate((el) => el.getBoundingClientRect().height);
    expect(nameFont, `${where}: graph names`).toBeGreaterThanOrEqual(11);
  }
  await expect(page.getByTestId('graph-names')).toContainText('Square a shared value');

  // the glossary: the header's button is the page's first stop for the keyboard
  await page.setViewportSize(SIZES[0]);
  await page.evaluate(() => window.scrollTo(0, 0));
  // a click on the header's empty corner puts the keyboard's starting point at the top of the page
  await page.mouse.click(3, 3);
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'Glossary' })).toBeFocused();
  await page.keyboard.press('Enter');
  const glossary = page.getByRole('dialog', { name: 'Glossary' });
  await expect(glossary).toBeVisible();
  await expect(glossary.getByText('Beaver triple', { exact: true })).toBeVisible();
  await expect(glossary).toContainText('Three random numbers a, b and c = a·b');
  await page.keyboard.press('Escape');
  await expect(glossary).toBeHidden();
  // a term in the explanation opens its own entry, by keyboard too
  const term = page.getByTestId('how-to-read').getByRole('button', { name: 'round', exact: true });
  await term.focus();
  await page.keyboard.press('Enter');
  await expect(glossary).toBeVisible();
  const selected = glossary.locator('.glossary-entry.selected');
  await expect(selected).toContainText('Round');
  await expect(selected).toContainText('One exchange between the tabs');
  await expect(selected).toBeInViewport();
  await page.keyboard.press('Escape');
  await expect(glossary).toBeHidden();
  await expect(term).toBeFocused();

  for (const p of all) await p.context.close();
  expect([...a.errors, ...b.errors]).toEqual([]);
});

test('the method comparison at 1280 and 1920 px: its table fits or scrolls in its own box, headers in view, meanings in plain text', async ({ browser }) => {
  test.setTimeout(300_000);
  const { creator: a, link } = await createRoom(browser, 2);
  const b = await openParty(browser, link);
  await connectAll([a, b]);
  const page = a.page;
  await configure(page, { method: 'pade', profile: 'fast', n: 20, lo: -5, hi: 5 });
  await page.getByRole('button', { name: /^Run the comparison/ }).click();
  await expect(page.getByTestId('compare-status')).toHaveText(/^\d+ runs done$/, { timeout: 240_000 });
  const table = page.getByTestId('compare-table');
  for (const size of SIZES) {
    await page.setViewportSize(size);
    const where = `comparison at ${size.width}×${size.height}`;
    await table.scrollIntoViewIfNeeded();
    await expectNoSidewaysScroll(page, where);
    await expectTablesContained(page, where);
    // the header row stays with the table: its first and last columns are there to be read
    for (const name of ['method', 'network']) await expect(table.getByRole('columnheader', { name, exact: true })).toBeVisible();
    // what the columns mean, in text a projector shows (no tooltips)
    await expect(page.getByTestId('compare-columns')).toContainText('the widest interval of consecutive inputs');
    expect(await table.locator('th[title]').count()).toBe(0);
  }
  for (const p of [a, b]) await p.context.close();
  expect([...a.errors, ...b.errors]).toEqual([]);
});
