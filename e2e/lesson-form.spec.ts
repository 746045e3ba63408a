/**
 * The run form and its outcome as a person reads them (issue 15, items 1, 2, 3, 8 and 9), through
 * the real UI's visible text and roles: a number field keeps what was typed and says why it cannot
 * be used; the other tab's form shows the running proposal's settings; the live block and the
 * result show one set of final figures, equal to the engine's; a failed run reads as one plain
 * sentence with the code folded away; the two round trips say what they measure.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import { cliJson, configure, FRAMES_RTT, openMoreSettings, startAndFinish, twoTabs } from './runs';

const N_RANGE = 'Values n must be a whole number from 1 to 2,000,000';

const radio = (page: Page, group: string, option: string): Locator => page.getByRole('radiogroup', { name: group }).getByRole('radio', { name: option, exact: true });
const runButton = (page: Page): Locator => page.getByRole('button', { name: /^Run on / });

test('Values n keeps what was typed; a value it cannot use shows why, and Run refuses with that reason', async ({ browser }) => {
  test.setTimeout(120_000);
  const [a, b] = await twoTabs(browser);
  const n = a.page.getByRole('textbox', { name: 'Values n' });

  // clear the field and type 500: 500, not a clamped 1500
  await n.fill('');
  await n.pressSequentially('500');
  await expect(n).toHaveValue('500');
  await expect(runButton(a.page)).toHaveText('Run on 500 values');
  await n.blur();
  await expect(n).toHaveValue('500');
  await expect(runButton(a.page)).toBeEnabled();

  const reasons: Record<string, string> = {
    '-5': `${N_RANGE}; -5 is below 1.`,
    '0': `${N_RANGE}; 0 is below 1.`,
    abc: `${N_RANGE}; “abc” is not a number.`,
    '1e9': `${N_RANGE}; 1,000,000,000 is above 2,000,000.`,
    '': `${N_RANGE}; the field is empty.`,
  };
  for (const [typed, reason] of Object.entries(reasons)) {
    await n.fill('');
    if (typed) await n.pressSequentially(typed);
    // kept as typed, even after leaving the field: never a silent change
    await n.blur();
    await expect(n).toHaveValue(typed);
    await expect(n).toHaveAttribute('aria-invalid', 'true');
    const alert = a.page.getByRole('alert').filter({ hasText: reason }).first();
    await expect(alert).toBeVisible();
    // the field names its reason (aria-describedby), and Run refuses with it
    await expect(n).toHaveAccessibleDescription(reason);
    await expect(runButton(a.page)).toBeDisabled();
    await expect(a.page.getByTestId('run-problem')).toHaveText(`Run refused: ${reason}`);
  }

  // the private input's fields too: this tab is the input party, so a bad bound refuses the run
  await n.fill('500');
  await expect(runButton(a.page)).toBeEnabled();
  const from = a.page.getByRole('textbox', { name: 'from', exact: true });
  await from.fill('-2x');
  await expect(a.page.getByRole('alert').filter({ hasText: 'from must be a number; “-2x” is not one.' }).first()).toBeVisible();
  await expect(runButton(a.page)).toBeDisabled();
  await from.fill('-2');
  await a.page.getByRole('textbox', { name: 'to', exact: true }).fill('2');
  await expect(a.page.getByTestId('run-problem')).toHaveCount(0);

  // taylor's iterations: same rule
  await radio(a.page, 'Method', 'taylor').click();
  const iterations = a.page.getByRole('textbox', { name: 'Iterations N' });
  await iterations.fill('0');
  await expect(a.page.getByRole('alert').filter({ hasText: 'Iterations N must be a whole number from 1 to 20; 0 is below 1.' }).first()).toBeVisible();
  await expect(runButton(a.page)).toBeDisabled();
  await iterations.fill('8');
  // the trust choice sits in the folded 'More settings'
  await openMoreSettings(a.page);
  await radio(a.page, 'Who makes the Beaver material', 'tfp').click();

  // and the run uses exactly what was typed
  await startAndFinish(a, [a, b]);
  await expect(a.page.getByTestId('result-check')).toContainText('500 of 500 values within');
  for (const p of [a, b]) await p.context.close();
  expect([...a.errors, ...b.errors]).toEqual([]);
});

test("during a run the other tab's form shows the proposer's settings, and keeps them afterwards; an abort reads as one plain sentence", async ({ browser }) => {
  test.setTimeout(120_000);
  const [a, b] = await twoTabs(browser);
  // tab B's own earlier choices
  await configure(b.page, { method: 'taylor', profile: 'spu2024', n: 1000, lo: -2, hi: 2 });
  await expect(radio(b.page, 'Step through rounds', 'off')).toBeChecked();
  // tab A proposes prime/fast on 2,000 values, stepped (the run waits at its first round, so it lasts)
  await configure(a.page, { method: 'prime', profile: 'fast', n: 2000, lo: -5, hi: 5 });
  await radio(a.page, 'Step through rounds', 'on').click();
  await runButton(a.page).click();

  await expect(b.page.getByText('Party 0 started a run: these are its settings.')).toBeVisible({ timeout: 30_000 });
  await expect(a.page.getByText('Your run is going: these are its settings.')).toBeVisible();
  const shown = async (page: Page) => {
    await expect(radio(page, 'Method', 'prime')).toBeChecked();
    await expect(radio(page, 'Profile', 'fast')).toBeChecked();
    await expect(radio(page, 'Ring', 'FM128')).toBeChecked();
    await expect(radio(page, 'Who makes the Beaver material', 'tfp')).toBeChecked();
    await expect(radio(page, 'Step through rounds', 'on')).toBeChecked();
    await expect(radio(page, 'Input from party', '0')).toBeChecked();
    await expect(page.getByRole('textbox', { name: 'Values n' })).toHaveValue('2000');
  };
  await shown(b.page);
  await expect(b.page.getByRole('textbox', { name: 'Values n' })).toBeDisabled();

  await a.page.getByRole('button', { name: 'Abort run' }).click();
  for (const p of [a, b]) await expect(p.page.getByTestId('run-panel')).toHaveAttribute('data-run-phase', 'error', { timeout: 15_000 });
  // afterwards every form keeps the run's settings (Run repeats it from either tab), editable again
  await shown(b.page);
  await expect(b.page.getByText('Party 0 started a run: these are its settings.')).toHaveCount(0);
  await expect(b.page.getByRole('textbox', { name: 'Values n' })).toBeEnabled();
  await expect(runButton(b.page)).toHaveText('Run on 2,000 values');

  await expectPlainError(b.page, 'Aborted', 'Party 0 stopped the run; start a new one when you are ready.', 'ERR_ABORTED');
  await expectPlainError(a.page, 'Aborted', 'You stopped the run; press Run to start a new one.', 'ERR_ABORTED');
  for (const p of [a, b]) await p.context.close();
  expect([...a.errors, ...b.errors]).toEqual([]);
});

interface CostRow {
  method: string;
  rounds: number;
  bytesSentPerElement: number;
  bytesReceivedPerElement: number;
}

test('one set of final figures: the live block and the result agree, and equal the engine; the round trips say what they measure', async ({ browser }) => {
  test.setTimeout(120_000);
  const [a, b] = await twoTabs(browser);
  const n = 1000;
  const want = cliJson<{ rows: CostRow[] }>(['cost', '--profile', 'fast', '--parties', '2', '--n', String(n)]).rows.find((r) => r.method === 'pade')!;
  const expBytes = Math.round(want.bytesSentPerElement * n);
  // opening the result: each party sends its FM128 share (16 B) of every value to the other, in one round
  const openingBytes = 16 * n;
  const int = (v: number) => v.toLocaleString('en-US');
  await configure(a.page, { method: 'pade', profile: 'fast', n, lo: -5, hi: 5 });
  await startAndFinish(a, [a, b]);

  for (const p of [a, b]) {
    const live = p.page.getByTestId('live');
    const result = p.page.getByTestId('result');
    await expect(live.getByTestId('live-round')).toHaveText(`done: ${want.rounds + 1} online rounds (${want.rounds} rounds of the exp + 1 opening round)`);
    await expect(live.getByTestId('live-rounds').locator('.stat-value')).toHaveText(String(want.rounds + 1));
    await expect(result.getByTestId('result-rounds').locator('.stat-value')).toHaveText(String(want.rounds));
    await expect(result.getByTestId('result-rounds').locator('.stat-sub')).toHaveText(`+ 1 opening = ${want.rounds + 1} online`);
    await expect(live.getByTestId('live-sent').locator('.stat-value')).toHaveText(`${int(expBytes + openingBytes)} B`);
    await expect(live.getByTestId('live-sent').locator('.stat-sub')).toHaveText(`exp ${int(expBytes)} B + opening ${int(openingBytes)} B`);
    await expect(result.getByTestId('result-bytes-sent').locator('.stat-value')).toHaveText(int(expBytes));
    await expect(result.getByTestId('result-bytes-sent').locator('.stat-sub')).toHaveText(`+ ${int(openingBytes)} opening = ${int(expBytes + openingBytes)} online`);
    // one whole-run time, the same in both; the exp's own beside it, the same in both
    const liveTime = live.getByTestId('live-time');
    const resultTime = result.getByTestId('result-time');
    const whole = (await liveTime.locator('.stat-value').textContent())!;
    const expOnly = (await resultTime.locator('.stat-value').textContent())!;
    await expect(resultTime.locator('.stat-sub')).toHaveText(`whole run ${whole}`);
    await expect(liveTime.locator('.stat-sub')).toHaveText(`the exp alone ${expOnly}`);
    // nothing stale after the end
    await expect(live.getByText('now running')).toHaveCount(0);
  }

  // the lobby's round trip is the idle one; the run's says it was measured during the run, and how
  await expect(a.page.getByTestId('party-1').getByText('idle RTT')).toBeVisible();
  if (!process.env.TABMPC_E2E_RELAY) {
    await expect(a.page.getByTestId('frames-path')).toHaveText(new RegExp(`^Frames to party 1: worker to worker on their own data channel \\(${FRAMES_RTT}\\)\\.$`));
    await expect(a.page.getByText("During a run a ping waits behind the run's own data already queued on the channel")).toBeVisible();
  }
  for (const p of [a, b]) await p.context.close();
  expect([...a.errors, ...b.errors]).toEqual([]);
});

test("a tab closed mid-run: the other's error is one plain sentence, its code and reason folded under Details", async ({ browser }) => {
  test.setTimeout(120_000);
  const [a, b] = await twoTabs(browser);
  await configure(a.page, { method: 'pade', profile: 'fast', n: 2000, lo: -5, hi: 5 });
  // stepped: the run waits at its first round until the tab closes
  await radio(a.page, 'Step through rounds', 'on').click();
  await runButton(a.page).click();
  await expect(b.page.getByText('Party 0 started a run: these are its settings.')).toBeVisible({ timeout: 30_000 });
  await b.context.close();
  await expect(a.page.getByTestId('run-panel')).toHaveAttribute('data-run-phase', 'error', { timeout: 15_000 });
  await expectPlainError(a.page, 'Peer left', 'Party 1 left or lost its connection, so the run stopped; start a new run when every party is connected again.', 'ERR_PEER_GONE');
  await a.context.close();
  expect(a.errors).toEqual([]);
});

/** The run's error shows its title and one sentence; the code and the technical message only once Details is opened. */
async function expectPlainError(page: Page, title: string, sentence: string, code: string): Promise<void> {
  const error = page.getByTestId('run-error');
  await expect(error).toBeVisible();
  await expect(error).toHaveRole('alert');
  await expect(error.locator('strong')).toHaveText(title);
  await expect(error.getByText(sentence, { exact: true })).toBeVisible();
  const visible = (await error.innerText()).replace(/\s+/g, ' ').trim();
  expect(visible).toBe(`${title} ${sentence} Details`);
  const shownCode = error.getByTestId('run-error-code');
  await expect(shownCode).toHaveText(code);
  await expect(shownCode).toBeHidden();
  await error.getByText('Details', { exact: true }).click();
  await expect(shownCode).toBeVisible();
  console.log(`[lesson-form] ${title}: ${sentence} | ${(await error.getByTestId('run-error-detail').textContent()) ?? ''}`);
}
