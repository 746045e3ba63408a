import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { WebSocket } from 'ws';
import { baseUrl, createRoom, expectConnected, hook, openParty, waitForHooks, type Party } from './helpers';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const MiB = 1024 * 1024;

function rttOf(text: string | null): number {
  return Number((text ?? '').replace(' ms', ''));
}

test('serves a cross-origin isolated page', async ({ browser }) => {
  const p = await openParty(browser, baseUrl());
  await expect(p.page.getByTestId('isolation')).toHaveText('Cross-origin isolated');
  expect(await p.page.evaluate(() => crossOriginIsolated)).toBe(true);
  await expect(p.page.getByTestId('run-slot-status')).toHaveText('Create or join a room to start.');
  await p.context.close();
  expect(p.errors).toEqual([]);
});

test('two tabs meet, connect over WebRTC, move multi-MB frames, and see each other leave', async ({ browser }) => {
  const { creator: a, link } = await createRoom(browser, 2);
  await expect(a.page.getByTestId('party-0-state')).toHaveText('Online');
  await expect(a.page.getByTestId('party-1-state')).toHaveText('Open');
  await expect(a.page.getByTestId('run-slot-status')).toHaveText('Waiting for peers: 1 of 2 parties connected.');

  const t0 = Date.now();
  const b = await openParty(browser, link);
  await expect(b.page.getByTestId('self-index')).toBeVisible();
  await expect(b.page.getByTestId('party-1-state')).toHaveText('Online');
  await expectConnected(a, 1);
  await expectConnected(b, 0);
  const connectWallMs = Date.now() - t0;
  await expect(a.page.getByTestId('run-slot-status')).toHaveText('All 2 parties are connected.');
  const rttA = rttOf(await a.page.getByTestId('party-1-rtt').textContent());
  expect(rttA).toBeGreaterThan(0);
  expect(rttA).toBeLessThan(200);
  await waitForHooks(a);
  await waitForHooks(b);

  // A multi-MB frame plus small and empty ones, in order, through the real Transport (session 1).
  const sizes = [16 * MiB, 0, 1000, 3 * MiB + 7];
  const receiving = hook(b, 'receiveFrames', 0, 1, sizes.length);
  const sent = await hook(a, 'sendFrames', 1, 1, sizes);
  const got = await receiving;
  expect(got.map((g) => g.length)).toEqual(sizes);
  expect(got.map((g) => g.hash)).toEqual(sent.hashes);
  const firstMs = got[0]!.at - sent.startedAt;
  const allMs = got[got.length - 1]!.at - sent.startedAt;
  const total = sizes.reduce((n, s) => n + s, 0);

  // And back, on another session, after the window has widened.
  const back = hook(a, 'receiveFrames', 1, 2, 1);
  const sentBack = await hook(b, 'sendFrames', 0, 2, [32 * MiB]);
  const gotBack = await back;
  expect(gotBack[0]!.hash).toBe(sentBack.hashes[0]);
  const backMs = gotBack[0]!.at - sentBack.startedAt;

  const statsA = await hook(a, 'stats', 1);
  expect(statsA?.framesSent).toBe(sizes.length + 1); // + the ack of session 2
  expect(statsA?.frameBytesSent).toBe(total + 1);
  expect(statsA?.frameWireBytesSent).toBe(total + 1 + 24 * (statsA?.chunksSent ?? 0));
  expect(statsA?.maxBufferedAmount).toBeLessThanOrEqual(4 * MiB + 128 * 1024 + 24);
  const statsB = await hook(b, 'stats', 0);
  expect(statsB?.frameBytesReceived).toBe(total + 1);

  console.log(
    `[measure] connect (B opens link → both show Connected+RTT): ${connectWallMs} ms; ` +
      `RTT shown: ${rttA} ms; 16 MiB frame A→B: ${firstMs.toFixed(0)} ms (${(16 / (firstMs / 1000)).toFixed(1)} MiB/s); ` +
      `19 MiB in 4 frames: ${allMs.toFixed(0)} ms (${(total / MiB / (allMs / 1000)).toFixed(1)} MiB/s); ` +
      `32 MiB frame B→A: ${backMs.toFixed(0)} ms (${(32 / (backMs / 1000)).toFixed(1)} MiB/s); ` +
      `max bufferedAmount A: ${statsA?.maxBufferedAmount}`,
  );

  // Idle RTT (pings queued behind megabytes measure the queue, not the link), then the screenshot
  // of the lobby with two connected peers.
  const rttText = a.page.getByTestId('party-1-rtt');
  await expect.poll(async () => rttOf(await rttText.textContent()), { timeout: 10_000 }).toBeLessThan(20);
  console.log(`[measure] idle RTT A→B: ${await rttText.textContent()}, B→A: ${await b.page.getByTestId('party-0-rtt').textContent()}`);
  mkdirSync(join(root, 'docs', 'screenshots'), { recursive: true });
  await a.page.screenshot({ path: join(root, 'docs', 'screenshots', 'lobby.png') });

  // B closes its tab: A shows party 1 gone within 10 s, and a pending receive fails with ERR_PEER_GONE.
  const pending = hook(a, 'receiveUntilError', 1, 3);
  await a.page.waitForTimeout(100);
  const closedAt = Date.now();
  await b.context.close();
  await expect(a.page.getByTestId('party-1-state')).toHaveText(/Left|Open/, { timeout: 10_000 });
  const goneMs = Date.now() - closedAt;
  const failure = await pending;
  expect(failure.code).toBe('ERR_PEER_GONE');
  expect(failure.message).toMatch(/party 1/);
  await expect(a.page.getByTestId('run-slot-status')).toHaveText('Waiting for peers: 1 of 2 parties connected.');
  console.log(`[measure] peer gone shown after ${goneMs} ms: ${failure.message}`);

  // The freed index can be taken again by a new tab.
  const c = await openParty(browser, link);
  await expect(c.page.getByTestId('party-1-state')).toHaveText('Online');
  await expectConnected(a, 1);
  await c.context.close();
  await a.context.close();
  expect([...a.errors, ...b.errors, ...c.errors]).toEqual([]);
});

test('frame round trips through the mesh by size, back to back and after 30 ms idle: printed', async ({ browser }) => {
  // What one round costs the data channel alone (no worker, no engine): BENCHMARKS.md compares it
  // with whole rounds of a run.
  const { creator: a, link } = await createRoom(browser, 2);
  const b = await openParty(browser, link);
  for (const p of [a, b]) await waitForHooks(p);
  await expectConnected(a, 1);
  await expectConnected(b, 0);
  const sizes = [64, 1024, 4096, 12288, 32768, 131072];
  const repeats = 15;
  for (const gapMs of [0, 30]) {
    const session = 700 + gapMs;
    const echo = hook(b, 'echoFrames', 0, session, sizes.length * repeats);
    const got = await hook(a, 'frameRtts', 1, session, sizes, repeats, gapMs);
    await echo;
    expect(got.map((g) => g.rtts.length)).toEqual(sizes.map(() => repeats));
    const line = got.map(({ size, rtts }) => `${size} B ${[...rtts].sort((x, y) => x - y)[Math.floor(repeats / 2)]!.toFixed(1)} ms`).join(', ');
    console.log(`[measure] frame RTT medians, ${gapMs} ms between frames: ${line}`);
  }
  for (const p of [a, b]) await p.context.close();
  expect([...a.errors, ...b.errors]).toEqual([]);
});

test('three tabs form a full mesh', async ({ browser }) => {
  const { creator: p0, link } = await createRoom(browser, 3);
  const t0 = Date.now();
  const p1 = await openParty(browser, link);
  const p2 = await openParty(browser, link);
  const parties: Party[] = [p0, p1, p2];
  for (const [i, p] of parties.entries()) {
    await expect(p.page.getByTestId(`party-${i}-state`)).toHaveText('Online');
    for (let j = 0; j < 3; j += 1) if (j !== i) await expectConnected(p, j);
    await expect(p.page.getByTestId('run-slot-status')).toHaveText('All 3 parties are connected.');
  }
  const meshMs = Date.now() - t0;
  // The link between the two joiners (1 ↔ 2, not through the creator) carries frames too.
  await waitForHooks(p1);
  await waitForHooks(p2);
  const receiving = hook(p2, 'receiveFrames', 1, 7, 2, 3);
  const sent = await hook(p1, 'sendFrames', 2, 7, [2 * MiB, 5], 3);
  expect((await receiving).map((g) => g.hash)).toEqual(sent.hashes);
  console.log(`[measure] 3-party mesh connected ${meshMs} ms after the 2nd tab opened the link`);

  // A fourth tab finds the room full.
  const p3 = await openParty(browser, link);
  await expect(p3.page.getByTestId('lobby-error')).toHaveAttribute('data-code', 'ERR_ROOM_FULL');
  for (const p of [...parties, p3]) await p.context.close();
  expect(parties.flatMap((p) => p.errors)).toEqual([]);
});

test('an unknown room link shows a clear error', async ({ browser }) => {
  const p = await openParty(browser, `${baseUrl()}?room=${'ab'.repeat(16)}`);
  await expect(p.page.getByTestId('lobby-error')).toHaveAttribute('data-code', 'ERR_NO_ROOM');
  await expect(p.page.getByTestId('lobby-error')).toContainText('does not exist');
  await p.context.close();
});

test('a tab of another engine version than the room is told to reload (ERR_WIRE_MISMATCH)', async ({ browser }) => {
  // The room's creator states an older engine version, as a tab left open across an upgrade would.
  const ws = new WebSocket(new URL('/signal', baseUrl().replace(/^http/, 'ws')));
  const joined = new Promise<string>((resolve, reject) => {
    ws.addEventListener('message', (e) => {
      const m = JSON.parse(String(e.data)) as { type: string; room?: string };
      if (m.type === 'joined') resolve(m.room!);
      else if (m.type === 'error') reject(new Error(String(e.data)));
    });
  });
  ws.addEventListener('open', () => ws.send(JSON.stringify({ type: 'create', capacity: 2, wire: 'w-older' })));
  const room = await joined;
  const p = await openParty(browser, `${baseUrl()}?room=${room}`);
  await expect(p.page.getByTestId('lobby-error')).toHaveAttribute('data-code', 'ERR_WIRE_MISMATCH');
  await expect(p.page.getByTestId('lobby-error')).toContainText('reload the page');
  await p.context.close();
  ws.close();
});
