/**
 * Across networks: two tabs on "machines" with no route to each other (network namespaces A and
 * B, e2e/netns.ts), and `npm start -- --https --turn … ` plus a coturn that both reach. The only
 * working ICE pairs go through the TURN relay: the tabs connect, the lobby says "relayed", every
 * succeeded candidate pair in getStats has a relay end, and an exp computed over the relay matches
 * Math.exp. The same with a tab in A and a headless Node party (`tabmpc party`, node-datachannel)
 * in B. Without --turn the same tabs get ERR_NO_PATH telling them what to configure.
 * Everything runs inside the suite's loopback-only namespace: no packet leaves the machine.
 */
import { randomBytes } from 'node:crypto';
import { chromium, expect, test, type Browser } from '@playwright/test';
import { CHROMIUM_ARGS } from '../playwright.config';
import { expectConnected, openParty, recordPeerConnections, type Party } from './helpers';
import { makeNetworks, requireNetns, SERVER_IP, startCoturn, unreachable, type Coturn, type Networks } from './netns';
import { exited, nodeParty, type NodeRun } from './nodeParty';
import { configure, connectAll, startAndFinish } from './runs';
import { serve, type ServeProcess } from './serveProcess';

test.beforeAll(requireNetns);

/** The suite's flags, less loopback candidates (each namespace has its own 127.0.0.1). */
const ARGS = [
  ...CHROMIUM_ARGS.filter((a) => a !== '--allow-loopback-in-peer-connection'),
  `--host-resolver-rules=MAP tabmpc.test ${SERVER_IP}`,
  '--ignore-certificate-errors',
];

let nets: Networks;
let coturn: Coturn;
const browsers: Browser[] = [];
const SECRET = randomBytes(16).toString('hex');

test.beforeAll(async () => {
  nets = makeNetworks();
  coturn = await startCoturn(SECRET);
});

test.afterAll(async () => {
  for (const b of browsers) await b.close().catch(() => {});
  await coturn?.stop();
  nets?.teardown();
});

async function launch(machine: 'a' | 'b'): Promise<Browser> {
  const b = await chromium.launch({ executablePath: nets[machine].chromium, args: ARGS });
  browsers.push(b);
  return b;
}

/** Party 0 in A creates a room on `origin`; party 1 in B opens the invite link. */
async function meet(origin: string): Promise<[Party, Party]> {
  const a = await openParty(await launch('a'), `${origin}/`, recordPeerConnections);
  await a.page.getByTestId('capacity-2').click();
  await a.page.getByTestId('create-room').click();
  const linkBox = a.page.getByTestId('room-link');
  await expect(linkBox).toHaveValue(/\?room=[0-9a-f]{32}$/);
  const b = await openParty(await launch('b'), await linkBox.inputValue(), recordPeerConnections);
  return [a, b];
}

/**
 * Candidate types of the selected pair and of every succeeded one, and the addresses of the
 * selected pair's relay ends (the TURN server's), from the tab's getStats.
 */
async function pairs(p: Party): Promise<{ selected: string[]; succeeded: string[][]; relayAddresses: string[] }> {
  return p.page.evaluate(async () => {
    const pc = (window as unknown as { __e2ePeerConnections: RTCPeerConnection[] }).__e2ePeerConnections[0]!;
    const stats = [...(await pc.getStats()).values()] as Record<string, unknown>[];
    const byId = new Map(stats.map((s) => [s['id'] as string, s]));
    const types = (pair: Record<string, unknown>): string[] => [byId.get(pair['localCandidateId'] as string)?.['candidateType'] as string, byId.get(pair['remoteCandidateId'] as string)?.['candidateType'] as string];
    const transport = stats.find((s) => s['type'] === 'transport' && typeof s['selectedCandidatePairId'] === 'string');
    const pair = transport ? byId.get(transport['selectedCandidatePairId'] as string) : undefined;
    const selected = pair ? types(pair) : [];
    const succeeded = stats.filter((s) => s['type'] === 'candidate-pair' && s['state'] === 'succeeded').map(types);
    const ends = pair ? [byId.get(pair['localCandidateId'] as string), byId.get(pair['remoteCandidateId'] as string)] : [];
    const relayAddresses = ends.filter((c) => c?.['candidateType'] === 'relay').map((c) => String(c?.['address']));
    return { selected, succeeded, relayAddresses };
  });
}

/** The tab's selected pair and every pair that ever worked have a relay end, on the TURN server. */
async function expectOnlyRelayed(p: Party): Promise<void> {
  const s = await pairs(p);
  expect(s.selected).toContain('relay');
  // only pairs with a relay end ever worked: there is no direct path
  expect(s.succeeded.length).toBeGreaterThan(0);
  for (const pair of s.succeeded) expect(pair).toContain('relay');
  expect(s.relayAddresses.length).toBeGreaterThan(0);
  for (const address of s.relayAddresses) expect(address).toBe(SERVER_IP);
}

test.describe.serial('two machines with no route between them', () => {
  let server: ServeProcess | undefined;
  test.afterEach(async () => {
    for (const b of browsers.splice(0)) await b.close().catch(() => {});
    await server?.stop();
    server = undefined;
  });

  test('connect only through TURN and compute exp over the relay', async () => {
    test.setTimeout(180_000);
    expect([unreachable(nets.a, nets.b.ip), unreachable(nets.b, nets.a.ip), unreachable(nets.a, SERVER_IP), unreachable(nets.b, SERVER_IP)]).toEqual([true, true, false, false]);
    server = await serve(['--https', '--host', SERVER_IP, '--port', '0', '--allowed-hosts', 'tabmpc.test', '--turn', coturn.url], { TABMPC_TURN_SECRET: SECRET });
    expect(server.output()).toContain(`ICE: TURN ${coturn.url}`);
    expect(server.output()).not.toContain(SECRET);
    const [a, b] = await meet(`https://tabmpc.test:${new URL(server.url).port}`);
    await connectAll([a, b]);
    for (const [p, peer] of [[a, 1], [b, 0]] as const) {
      await expect(p.page.getByTestId(`party-${peer}`)).toHaveAttribute('data-path', 'relayed');
      await expect(p.page.getByTestId(`party-${peer}`)).toContainText(/Relayed through TURN \((relay|host) ↔ (relay|host)\), set up in \d+ ms/);
      await expectOnlyRelayed(p);
    }
    await configure(a.page, { method: 'prime', profile: 'fast', n: 1000, lo: -11, hi: 40 });
    await startAndFinish(a, [a, b], 90_000);
    const check = a.page.getByTestId('result-check');
    await expect(check).toHaveClass(/ok/);
    await expect(check).toContainText('1,000 of 1,000 values within');
    expect([...a.errors, ...b.errors]).toEqual([]);
  });

  test('a tab in A and a Node party in B connect only through TURN and compute exp over the relay', async () => {
    test.setTimeout(180_000);
    expect([unreachable(nets.a, nets.b.ip), unreachable(nets.b, nets.a.ip)]).toEqual([true, true]);
    server = await serve(['--https', '--host', SERVER_IP, '--port', '0', '--allowed-hosts', 'tabmpc.test', '--turn', coturn.url], { TABMPC_TURN_SECRET: SECRET });
    const port = new URL(server.url).port;
    const tab = await openParty(await launch('a'), `https://tabmpc.test:${port}/`, recordPeerConnections);
    await tab.page.getByTestId('capacity-2').click();
    await tab.page.getByTestId('create-room').click();
    await expect(tab.page.getByTestId('room-link')).toHaveValue(/\?room=[0-9a-f]{32}$/);
    const room = new URL(await tab.page.getByTestId('room-link').inputValue()).searchParams.get('room')!;
    // B has no resolver for tabmpc.test: the server's address (an IP is always an allowed host).
    // Its certificate is the server's self-signed one, which the tabs here take too (--ignore-certificate-errors).
    const node = nodeParty(['--url', `https://${SERVER_IP}:${port}/?room=${room}`, '--runs', '1'], { netns: nets.b.netns, env: { NODE_TLS_REJECT_UNAUTHORIZED: '0' } });
    try {
      expect((await node.next('joined'))['self']).toBe(1);
      await expectConnected(tab, 1);
      await expect(tab.page.getByTestId('party-1')).toHaveAttribute('data-path', 'relayed');
      await expectOnlyRelayed(tab);
      const [n, lo, hi] = [1000, -11, 40];
      await configure(tab.page, { method: 'prime', profile: 'fast', n, lo, hi, trust: 'tfp' });
      await tab.page.getByTestId('start-run').click();
      const run = (await node.next('run')) as unknown as NodeRun;
      expect(run.ok, `${run.code}: ${run.message}`).toBe(true);
      // libdatachannel's selected pair for the tab (getStats): a relay end, so through coturn
      expect(run.paths['0']?.kind).toBe('relayed');
      expect([run.paths['0']!.local, run.paths['0']!.remote]).toContain('relay');
      await expect(tab.page.getByTestId('run-panel')).toHaveAttribute('data-run-phase', 'done', { timeout: 90_000 });
      await expect(tab.page.getByTestId('result-check')).toHaveClass(/ok/);
      await expect(tab.page.getByTestId('result-check')).toContainText('1,000 of 1,000 values within');
      // the Node party got the opened results of the tab's private inputs, known to this test
      expect(run.y.length).toBeGreaterThan(0);
      run.y.forEach((y, k) => {
        const want = Math.exp(lo + ((hi - lo) * k) / (n - 1));
        expect(Math.abs(y - want) / want).toBeLessThan(2.5e-3);
      });
      expect(await exited(node.child)).toBe(0);
    } finally {
      node.child.kill();
      await exited(node.child);
    }
    expect(tab.errors).toEqual([]);
  });

  test('without --turn they get ERR_NO_PATH naming what to configure', async () => {
    test.setTimeout(120_000);
    server = await serve(['--https', '--host', SERVER_IP, '--port', '0', '--allowed-hosts', 'tabmpc.test']);
    expect(server.output()).toContain('ICE: none');
    const [a, b] = await meet(`https://tabmpc.test:${new URL(server.url).port}`);
    for (const [p, peer] of [[a, 1], [b, 0]] as const) {
      await expect(p.page.getByTestId(`party-${peer}`)).toContainText(
        `no network path to party ${peer}: you are not on one network; start the server with --stun and --turn (README: Across machines)`,
        { timeout: 60_000 },
      );
    }
  });
});
