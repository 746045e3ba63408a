/**
 * Benchmark, not a check (`npm run bench:connect`, root): how long a peer connection takes to set
 * up (PeerInfo.connectMs: from creating the connection to its data channel opening, as the lobby
 * shows it) between two tabs on two "machines" (network namespaces, e2e/netns.ts), directly
 * (a route between them, no ICE servers) and through coturn (no route, TURN only). Repetitions:
 * TABMPC_CONNECT_BENCH_REPS (default 7). Nothing leaves the machine.
 *
 *   npm run bench:connect
 */
import { randomBytes } from 'node:crypto';
import { chromium, expect, test, type Browser } from '@playwright/test';
import { CHROMIUM_ARGS } from '../../playwright.config';
import { openParty, type Party } from '../../e2e/helpers';
import { makeNetworks, requireNetns, SERVER_IP, startCoturn } from '../../e2e/netns';
import { serve } from '../../e2e/serveProcess';

test.beforeAll(requireNetns);

const ARGS = [...CHROMIUM_ARGS.filter((a) => a !== '--allow-loopback-in-peer-connection'), `--host-resolver-rules=MAP tabmpc.test ${SERVER_IP}`, '--ignore-certificate-errors'];

/** "…, set up in 123 ms" in a connected party's row. */
async function setupMs(p: Party, peer: number): Promise<{ ms: number; path: string }> {
  const row = p.page.getByTestId(`party-${peer}`);
  await expect(row).toHaveAttribute('data-state', 'connected', { timeout: 30_000 });
  await expect(row).toHaveAttribute('data-path', /^(direct|relayed)$/);
  const m = /set up in (\d+) ms/.exec(await row.innerText());
  return { ms: Number(m?.[1]), path: (await row.getAttribute('data-path')) ?? '?' };
}

function median(xs: number[]): number {
  const s = [...xs].sort((x, y) => x - y);
  return s[Math.floor(s.length / 2)]!;
}

test('connection set-up time, direct and through TURN', async () => {
  test.setTimeout(600_000);
  const reps = Number(process.env['TABMPC_CONNECT_BENCH_REPS'] ?? 7);
  const nets = makeNetworks();
  const secret = randomBytes(16).toString('hex');
  const coturn = await startCoturn(secret);
  const browsers: Browser[] = [];
  try {
    browsers.push(await chromium.launch({ executablePath: nets.a.chromium, args: ARGS }), await chromium.launch({ executablePath: nets.b.chromium, args: ARGS }));
    for (const mode of ['direct', 'turn'] as const) {
      nets.setDirectRoute(mode === 'direct');
      const server = await serve(
        ['--https', '--host', SERVER_IP, '--port', '0', '--allowed-hosts', 'tabmpc.test', ...(mode === 'turn' ? ['--turn', coturn.url] : [])],
        mode === 'turn' ? { TABMPC_TURN_SECRET: secret } : {},
      );
      const origin = `https://tabmpc.test:${new URL(server.url).port}`;
      const times: number[][] = [[], []];
      try {
        for (let rep = 0; rep < reps; rep++) {
          const a = await openParty(browsers[0]!, `${origin}/`);
          await a.page.getByTestId('capacity-2').click();
          await a.page.getByTestId('create-room').click();
          await expect(a.page.getByTestId('room-link')).toHaveValue(/\?room=[0-9a-f]{32}$/);
          const b = await openParty(browsers[1]!, await a.page.getByTestId('room-link').inputValue());
          const seen = [await setupMs(a, 1), await setupMs(b, 0)];
          expect(seen.map((s) => s.path)).toEqual(mode === 'direct' ? ['direct', 'direct'] : ['relayed', 'relayed']);
          seen.forEach((s, i) => times[i]!.push(s.ms));
          console.log(`[connect-bench] ${mode} rep ${rep + 1}: party 0 ${seen[0]!.ms} ms, party 1 ${seen[1]!.ms} ms`);
          await a.context.close();
          await b.context.close();
        }
      } finally {
        await server.stop();
      }
      for (const [i, t] of times.entries()) {
        console.log(`[connect-bench] ${mode} party ${i}: median ${median(t)} ms [${Math.min(...t)}–${Math.max(...t)}] over ${t.length}`);
      }
    }
  } finally {
    for (const b of browsers) await b.close().catch(() => {});
    await coturn.stop();
    nets.teardown();
  }
});
