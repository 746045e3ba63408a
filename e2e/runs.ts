/** Driving runs from e2e tests: the run form, starting a run and waiting for every tab, the CLI. */
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, type Page } from '@playwright/test';
import { createRoom, expectConnected, hook, openParty, type Party } from './helpers';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

export interface RunSetup {
  method: 'taylor' | 'pade' | 'prime';
  profile: 'fast' | 'spu2024';
  n: number;
  lo: number;
  hi: number;
  /**
   * Who makes the Beaver material (default here 'tfp': the specs that predate the choice measure
   * the trusted first party's runs and SPU's cost tables; e2e/trust-ot.spec.ts covers 'ot').
   */
  trust?: 'ot' | 'tfp';
}

/** Unfold the run form's "More settings" (profile, ring, batching, trust, network, compression), if folded. */
export async function openMoreSettings(page: Page): Promise<void> {
  const more = page.getByTestId('more-settings');
  if (!(await more.evaluate((d) => (d as HTMLDetailsElement).open))) await page.getByTestId('more-settings-summary').click();
  await expect(more).toHaveAttribute('open', '');
}

/** Fill the run form: method, profile, n, and this tab's private input range (unfolds More settings). */
export async function configure(page: Page, s: RunSetup): Promise<void> {
  await openMoreSettings(page);
  await page.getByTestId(`method-${s.method}`).click();
  await page.getByTestId(`profile-${s.profile}`).click();
  await page.getByTestId('n').fill(String(s.n));
  await page.getByTestId('input-kind-range').click();
  await page.getByTestId('input-lo').fill(String(s.lo));
  await page.getByTestId('input-hi').fill(String(s.hi));
  await page.getByTestId(`trust-${s.trust ?? 'tfp'}`).click();
}

/** Start a run from `proposer` and wait until every tab shows it done. */
export async function startAndFinish(proposer: Party, all: Party[], timeout = 60_000): Promise<void> {
  await proposer.page.getByTestId('start-run').click();
  try {
    for (const p of all) await expect(p.page.getByTestId('run-panel')).toHaveAttribute('data-run-phase', 'done', { timeout });
  } catch (err) {
    await describeStall(all);
    throw err;
  }
}

/** Print what each tab shows and its links' counters, so a run that never finishes says where it stopped. */
async function describeStall(all: Party[]): Promise<void> {
  for (const [i, p] of all.entries()) {
    const panel = await p.page.getByTestId('run-panel').innerText().catch((e: Error) => `(unreadable: ${e.message})`);
    console.log(`[stall] tab ${i} run panel:\n${panel}`);
    for (let peer = 0; peer < all.length; peer++) {
      if (peer === i) continue;
      const s = await hook(p, 'stats', peer).catch(() => null);
      console.log(`[stall] tab ${i} link to ${peer}: ${JSON.stringify(s)}`);
    }
  }
}

/** Wait until every tab sees every other connected. */
export async function connectAll(parties: Party[]): Promise<void> {
  for (const [i, p] of parties.entries()) for (let j = 0; j < parties.length; j++) if (j !== i) await expectConnected(p, j);
}

/** A room of two tabs, both connected: party 0 made it, party 1 joined by its invite link. */
export async function twoTabs(browser: Parameters<typeof createRoom>[0]): Promise<[Party, Party]> {
  const { creator: a, link } = await createRoom(browser, 2);
  const b = await openParty(browser, link);
  await connectAll([a, b]);
  return [a, b];
}

/** Run `npm run -s tabmpc -- <args> --json` and parse its output (the same engine, in process). */
export function cliJson<T>(args: readonly string[]): T {
  const out = execFileSync(join(root, 'node_modules', '.bin', 'tsx'), ['bench/cli.ts', ...args, '--json'], { cwd: root, encoding: 'utf8' });
  return JSON.parse(out) as T;
}

/** One row of the CLI's `bench`: the same exp in process, on the same emulated network. */
export interface BenchRow {
  rounds: number;
  computeMs: number;
  estimateMs: number;
  measuredMs: number;
}

export function cliBench(preset: string, method: string, n: number): BenchRow {
  return cliJson<{ rows: BenchRow[] }>(['bench', '--net', preset, '--method', method, '--n', String(n)]).rows[0]!;
}

/** "87.3 ms" or "1.25 s" as the page formats times. */
export function parseMs(text: string): number {
  const m = /([\d.]+) (ms|s)\b/.exec(text);
  if (!m) throw new Error(`not a time: ${text}`);
  return Number(m[1]) * (m[2] === 's' ? 1000 : 1);
}

/** The run's round trip on a worker channel, as FramesPath words it, then the lobby's idle one. */
export const FRAMES_RTT =
  'round trip (under load [\\d.]+ m?s, the ping queued behind [\\d.,]+ (B|KiB|MiB) of frames|during the run [\\d.]+ m?s, nothing queued ahead of the ping); idle round trip [\\d.]+ m?s';
