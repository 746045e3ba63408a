/** Driving runs from e2e tests: the run form, starting a run and waiting for every tab, the CLI. */
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, type Page } from '@playwright/test';
import { expectConnected, type Party } from './helpers';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

export interface RunSetup {
  method: 'taylor' | 'pade' | 'prime';
  profile: 'fast' | 'spu2024';
  n: number;
  lo: number;
  hi: number;
}

/** Fill the run form: method, profile, n, and this tab's private input range. */
export async function configure(page: Page, s: RunSetup): Promise<void> {
  await page.getByTestId(`method-${s.method}`).click();
  await page.getByTestId(`profile-${s.profile}`).click();
  await page.getByTestId('n').fill(String(s.n));
  await page.getByTestId('input-kind-range').click();
  await page.getByTestId('input-lo').fill(String(s.lo));
  await page.getByTestId('input-hi').fill(String(s.hi));
}

/** Start a run from `proposer` and wait until every tab shows it done. */
export async function startAndFinish(proposer: Party, all: Party[], timeout = 60_000): Promise<void> {
  await proposer.page.getByTestId('start-run').click();
  for (const p of all) await expect(p.page.getByTestId('run-panel')).toHaveAttribute('data-run-phase', 'done', { timeout });
}

/** Wait until every tab sees every other connected. */
export async function connectAll(parties: Party[]): Promise<void> {
  for (const [i, p] of parties.entries()) for (let j = 0; j < parties.length; j++) if (j !== i) await expectConnected(p, j);
}

/** Run `npm run -s tabmpc -- <args> --json` and parse its output (the same engine, in process). */
export function cliJson<T>(args: readonly string[]): T {
  const out = execFileSync(join(root, 'node_modules', '.bin', 'tsx'), ['bench/cli.ts', ...args, '--json'], { cwd: root, encoding: 'utf8' });
  return JSON.parse(out) as T;
}
