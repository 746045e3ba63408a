/**
 * A room that mixes a Chromium tab and a headless Node party (`tabmpc party`, spawned here: real
 * WebRTC through node-datachannel, the real signaling server, the party worker's engine in a Node
 * worker thread). Either one proposes exp by prime, the other takes part; both see results that
 * match Math.exp, and rounds and bytes equal to `tabmpc cost`.
 */
import { expect, test } from '@playwright/test';
import { baseUrl, createRoom, expectConnected, openParty } from './helpers';
import { exited, nodeParty, type NodeRun } from './nodeParty';
import { cliJson, configure } from './runs';

const n = 1000;
const [lo, hi] = [-11, 40];
const xAt = (k: number) => lo + ((hi - lo) * k) / (n - 1);

function expectedCost(): { rounds: number; bytesSentPerElement: number } {
  return cliJson<{ rows: { rounds: number; bytesSentPerElement: number }[] }>(['cost', '--method', 'prime', '--profile', 'fast', '--n', String(n)]).rows[0]!;
}

test('a tab proposes exp by prime, a Node party takes part: both match Math.exp and tabmpc cost', async ({ browser }) => {
  test.setTimeout(120_000);
  const want = expectedCost();
  const { creator: tab, link } = await createRoom(browser, 2);
  const node = nodeParty(['--url', link, '--runs', '1']);
  try {
    const joined = await node.next('joined');
    expect(joined['self']).toBe(1);
    await expectConnected(tab, 1);
    await configure(tab.page, { method: 'prime', profile: 'fast', n, lo, hi, trust: 'tfp' });
    await tab.page.getByTestId('start-run').click();
    const run = (await node.next('run')) as unknown as NodeRun;
    expect(run.ok, `${run.code}: ${run.message}`).toBe(true);
    await expect(tab.page.getByTestId('run-panel')).toHaveAttribute('data-run-phase', 'done', { timeout: 60_000 });

    // the tab, the input party, checks every value against Math.exp
    await expect(tab.page.getByTestId('result-check')).toHaveClass(/ok/);
    await expect(tab.page.getByTestId('result-check')).toContainText(`${n.toLocaleString('en-US')} of ${n.toLocaleString('en-US')} values within`);
    await expect(tab.page.getByTestId('result-rounds')).toContainText(String(want.rounds));
    await expect(tab.page.getByTestId('result-bytes-per-element')).toContainText(String(want.bytesSentPerElement));
    // the Node party got the opened results of the tab's inputs (private to the tab, known to this test)
    expect(run.proposer).toBe(0);
    expect(run.x).toBeNull();
    expect(run.y.length).toBeGreaterThan(0);
    run.y.forEach((y, k) => expect(Math.abs(y - Math.exp(xAt(k))) / Math.exp(xAt(k))).toBeLessThan(2.5e-3));
    expect(run.exp.rounds).toBe(want.rounds);
    expect(run.exp.payloadBytesSent).toBe(want.bytesSentPerElement * n);
    expect(await exited(node.child)).toBe(0);
  } finally {
    node.child.kill();
  }
  await tab.context.close();
  expect(tab.errors).toEqual([]);
});

test('a Node party creates the room and proposes; a tab joins by its invite link and takes part', async ({ browser }) => {
  test.setTimeout(120_000);
  const want = expectedCost();
  const node = nodeParty(['--url', baseUrl(), '--create', '2', '--method', 'prime', '--n', String(n), `--lo=${lo}`, `--hi=${hi}`]);
  try {
    const joined = await node.next('joined');
    expect(joined['self']).toBe(0);
    const tab = await openParty(browser, String(joined['link']));
    await expectConnected(tab, 0);
    const run = (await node.next('run')) as unknown as NodeRun;
    expect(run.ok, `${run.code}: ${run.message}`).toBe(true);
    await expect(tab.page.getByTestId('run-panel')).toHaveAttribute('data-run-phase', 'done', { timeout: 60_000 });

    // the Node party, the input party, checked every value against Math.exp
    expect(run.check).toEqual({ withinTolerance: n, n, tolerance: run.check!.tolerance, maxRelErr: expect.any(Number) as unknown as number });
    run.x!.forEach((x, k) => expect(x).toBeCloseTo(xAt(k), 12));
    run.y.forEach((y, k) => expect(Math.abs(y - Math.exp(xAt(k))) / Math.exp(xAt(k))).toBeLessThan(run.check!.tolerance));
    expect(run.exp.rounds).toBe(want.rounds);
    expect(run.exp.payloadBytesSent).toBe(want.bytesSentPerElement * n);
    // the tab took part like any party: the same costs; x is private to party 0
    await expect(tab.page.getByTestId('result-rounds')).toContainText(String(want.rounds));
    await expect(tab.page.getByTestId('result-bytes-per-element')).toContainText(String(want.bytesSentPerElement));
    await expect(tab.page.getByTestId('result-check-private')).toContainText('private to party 0');
    expect(await exited(node.child)).toBe(0);
    await tab.context.close();
    expect(tab.errors).toEqual([]);
  } finally {
    node.child.kill();
  }
});
