/**
 * Seat changes (issue 12, item 6). A newcomer that takes party 0's seat after the room's first tab
 * left becomes the dealer of the trusted-first-party model, which receives every party's seed: every
 * tab that was there says so in the lobby and beside the run button (in the words of its form's
 * trust: under OT party 0 is no dealer), and takes part in no trusted-first-party run until its user
 * trusts the new party 0. Another seat's newcomer is announced, without blocking. And the
 * private input typed in the form never enters a UI store.
 */
import { expect, test, type Page } from '@playwright/test';
import { createRoom, expectConnected, hook, openParty, waitForHooks, type Party } from './helpers';
import { openMoreSettings, startAndFinish } from './runs';

const DEALER_TEXT = /^Party 0 is a new tab that joined at \d\d:\d\d:\d\d\. Under the trusted-first-party model it receives every party's seed and could learn every secret of the next run\.$/;
const DEALER_TEXT_OT =
  /^Party 0 is a new tab that joined at \d\d:\d\d:\d\d\. With OT, as this form is set, it makes its share of the Beaver material like every party and learns nothing but the result; a run with the trusted first party would send it every party's seed, so such a run waits for your confirmation\.$/;

const pageErrors = (ps: Party[]) => ps.flatMap((p) => p.errors).filter((e) => e.startsWith('pageerror'));

async function smallRun(page: Page): Promise<void> {
  await page.getByTestId('method-taylor').click();
  await page.getByTestId('n').fill('16');
  // the seat notice is about the trusted first party's dealer
  await openMoreSettings(page);
  await page.getByTestId('trust-tfp').click();
}

test('a new party 0 runs nothing until every tab that was there trusts it; other new tabs are announced', async ({ browser }) => {
  const { creator: a, link } = await createRoom(browser, 2);
  const b = await openParty(browser, link);
  await expectConnected(b, 0);
  // the tabs that were there from the start are no newcomers
  await expect(b.page.getByTestId('seat-notices-lobby')).toHaveCount(0);
  await expect(a.page.getByTestId('seat-notices-lobby')).toHaveCount(0);

  // the room's first tab leaves between runs; a newcomer with the link takes its seat, party 0
  await a.context.close();
  await expect(b.page.getByTestId('party-0-state')).toHaveText(/Left|Open/, { timeout: 10_000 });
  const c = await openParty(browser, link);
  await expect(c.page.getByTestId('party-0').getByTestId('self-index')).toBeVisible();
  await expectConnected(b, 0);
  await expectConnected(c, 1);

  // party 1 says so, in the lobby and beside the run button, in the words of its form's trust
  await openMoreSettings(b.page);
  await b.page.getByTestId('trust-ot').click();
  for (const where of ['lobby', 'run']) {
    const notice = b.page.getByTestId(`seat-notice-${where}-0`);
    await expect(notice).toHaveAttribute('data-acknowledged', 'false');
    await expect(b.page.getByTestId(`seat-notice-${where}-0-title`)).toHaveText('New party 0: trusted-first-party runs wait for you');
    await expect(b.page.getByTestId(`seat-notice-${where}-0-text`)).toHaveText(DEALER_TEXT_OT);
    await expect(b.page.getByTestId(`trust-seat-${where}-0`)).toHaveText('I trust the new party 0');
  }
  await expect(b.page.getByTestId('party-0')).toHaveAttribute('data-new-tab', 'true');
  await expect(b.page.getByTestId('party-0')).toContainText(/New tab since \d\d:\d\d:\d\d/);
  // under OT a new party 0 is no dealer: only trusted-first-party runs wait
  await expect(b.page.getByTestId('start-run')).toBeEnabled();
  await openMoreSettings(b.page);
  await b.page.getByTestId('trust-tfp').click();
  for (const where of ['lobby', 'run']) {
    await expect(b.page.getByTestId(`seat-notice-${where}-0-title`)).toHaveText('New party 0: runs wait for you');
    await expect(b.page.getByTestId(`seat-notice-${where}-0-text`)).toHaveText(DEALER_TEXT);
  }
  await expect(b.page.getByTestId('start-run')).toBeDisabled();
  await expect(b.page.getByTestId('compare-run')).toBeDisabled();
  // the new party 0 is told why (in the words of its own form's trust), and sees no notice about itself
  await expect(c.page.getByTestId('seat-self-dealer-run')).toContainText('each tab that was here before asks its user to confirm they trust you');
  await openMoreSettings(c.page);
  await c.page.getByTestId('trust-ot').click();
  await expect(c.page.getByTestId('seat-self-dealer-run')).toContainText('party 0 is no dealer and learns nothing but the result');
  await c.page.getByTestId('trust-tfp').click();
  await expect(c.page.getByTestId('seat-self-dealer-run')).toContainText("Under the trusted-first-party model party 0 receives every party’s seed");
  await expect(c.page.getByTestId('seat-notice-lobby-0')).toHaveCount(0);

  // the new party 0 proposes anyway: party 1 refuses, before its worker sends any seed
  await smallRun(c.page);
  await expect(c.page.getByTestId('start-run')).toBeEnabled();
  await c.page.getByTestId('start-run').click();
  await expect(c.page.getByTestId('run-error')).toHaveAttribute('data-code', 'ERR_ABORTED');
  await expect(c.page.getByTestId('run-error-sentence')).toHaveText('Party 1 has not confirmed that it trusts the new party 0, so it refused the run; ask its user to confirm, then try again.');
  await expect(b.page.getByTestId('run-error')).toHaveAttribute('data-code', 'ERR_UNCONFIRMED_SEAT');
  await expect(b.page.getByTestId('run-error')).toContainText('Party 0 proposed a run, refused here');

  // one click in party 1 (in either place) and the next run goes; the notice stays, as one line
  await b.page.getByTestId('trust-seat-run-0').click();
  for (const where of ['lobby', 'run']) {
    await expect(b.page.getByTestId(`seat-notice-${where}-0`)).toHaveAttribute('data-acknowledged', 'true');
    await expect(b.page.getByTestId(`seat-notice-${where}-0`)).toContainText(/Party 0 is a new tab since \d\d:\d\d:\d\d; you confirmed that you trust it/);
  }
  await expect(b.page.getByTestId('start-run')).toBeEnabled();
  await startAndFinish(c, [c, b]);

  // party 1's seat changes hands too: announced to party 0, without blocking its runs
  await b.context.close();
  await expect(c.page.getByTestId('party-1-state')).toHaveText(/Left|Open/, { timeout: 10_000 });
  const d = await openParty(browser, link);
  await expect(d.page.getByTestId('party-1').getByTestId('self-index')).toBeVisible();
  await expectConnected(c, 1);
  await expectConnected(d, 0);
  await expect(c.page.getByTestId('seat-notice-lobby-1')).toHaveAttribute('data-acknowledged', 'false');
  await expect(c.page.getByTestId('seat-notice-lobby-1-text')).toHaveText(/^Party 1 is a new tab that joined at \d\d:\d\d:\d\d, in the place of the tab that left\./);
  await expect(c.page.getByTestId('start-run')).toBeEnabled();
  await expect(d.page.getByTestId('seat-notices-lobby')).toHaveCount(0);
  await c.page.getByTestId('dismiss-seat-run-1').click();
  for (const where of ['lobby', 'run']) await expect(c.page.getByTestId(`seat-notice-${where}-1`)).toHaveCount(0);
  await startAndFinish(c, [c, d]);

  for (const p of [c, d]) await p.context.close();
  expect(pageErrors([a, b, c, d])).toEqual([]);
});

test('the private input typed in the form never enters a UI store', async ({ browser }) => {
  const { creator: a, link } = await createRoom(browser, 2);
  const b = await openParty(browser, link);
  await expectConnected(a, 1);
  await expectConnected(b, 0);
  for (const p of [a, b]) await waitForHooks(p);
  const secrets = ['3.1415926', '2.7182818', '1.6180339'];
  const stores = async () => [await hook(a, 'stores'), await hook(b, 'stores')].join('\n');
  const expectNoSecret = async () => {
    const all = await stores();
    expect(all).toContain('"phase"'); // the hook reads the real stores
    for (const s of secrets) expect(all).not.toContain(s);
  };

  await smallRun(a.page);
  await a.page.getByTestId('input-kind-value').click();
  await a.page.getByTestId('input-value').fill(`-${secrets[2]}`);
  await a.page.getByTestId('input-kind-range').click();
  await a.page.getByTestId('input-lo').fill(`-${secrets[0]}`);
  await a.page.getByTestId('input-hi').fill(secrets[1]!);
  await expectNoSecret();

  await startAndFinish(a, [a, b]);
  await expectNoSecret();
  // the run used what was typed (the first value is the range's low end), and the form keeps it
  await expect(a.page.getByTestId('values').locator('tbody tr').first()).toContainText('-3.141593');
  await expect(a.page.getByTestId('input-lo')).toHaveValue(`-${secrets[0]}`);
  await expect(a.page.getByTestId('input-hi')).toHaveValue(secrets[1]!);
  await a.page.getByTestId('input-kind-value').click();
  await expect(a.page.getByTestId('input-value')).toHaveValue(`-${secrets[2]}`);
  await expectNoSecret();

  for (const p of [a, b]) await p.context.close();
  expect(pageErrors([a, b])).toEqual([]);
});
