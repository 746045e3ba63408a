/**
 * The Playwright suite's switches (`?e2e`, `stallMs`, `link`, `relay`) and hooks exist only in the
 * e2e build (e2eSwitches.ts): a link to the production app (`npm start`, dist/) cannot set them.
 * Builds the app both ways into a temporary directory and reads what the browser would run.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const out = mkdtempSync(join(tmpdir(), 'tabmpc-build-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

/** `vite build` (in `mode`, default production) into a fresh directory; returns its files' names and the text of its scripts and pages. */
function build(mode?: string): { files: string[]; code: string } {
  const dir = join(out, mode ?? 'production');
  const vite = join(dirname(createRequire(join(root, 'package.json')).resolve('vite/package.json')), 'bin', 'vite.js');
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env['NODE_ENV']; // vitest sets 'test'; a build decides for itself
  delete env['VITEST'];
  const r = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'error', '--outDir', dir, '--emptyOutDir', ...(mode ? ['--mode', mode] : [])], { cwd: root, env, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`vite build failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
  const files = readdirSync(dir, { recursive: true, encoding: 'utf8' });
  const code = files.filter((f) => /\.(js|html)$/.test(f)).map((f) => readFileSync(join(dir, f), 'utf8')).join('\n');
  return { files, code };
}

/** What would betray a switch or a hook in a bundle: the URL parameters as read, the hooks' global and names. */
const SIGNS: readonly [string, RegExp][] = [
  ['the ?e2e parameter', /\.has\(["'`]e2e["'`]\)/],
  ['the stallMs parameter', /\.get\(["'`]stallMs["'`]\)/],
  ['the link parameter', /\.get\(["'`]link["'`]\)/],
  ['the relay parameter', /\.has\(["'`]relay["'`]\)/],
  ['the hooks global', /__tabmpc/],
  ['a hook', /\b(crashWorker|sendFrames|receiveFrames|echoFrames|frameRtts|receiveUntilError)\b/],
];

describe('the production build', () => {
  it('holds none of the e2e switches or hooks (the e2e build, the same sources, holds them all)', { timeout: 180_000 }, () => {
    const prod = build();
    expect(prod.files.filter((f) => /e2e/i.test(f))).toEqual([]);
    expect(SIGNS.filter(([, re]) => re.test(prod.code)).map(([what]) => what)).toEqual([]);
    // the signs are real: the e2e build shows every one
    const e2e = build('e2e');
    expect(SIGNS.filter(([, re]) => !re.test(e2e.code)).map(([what]) => what)).toEqual([]);
  });
});
