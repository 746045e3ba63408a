/**
 * `npm start` builds the app first when dist/ is missing or older than its sources, so a fresh
 * checkout needs nothing but `npm start`. The e2e suite builds its own variant the same way
 * (`vite build --mode e2e` into E2E_OUT_DIR, with the test switches that dist/ never has).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** Inputs of the vite build, relative to the project root. */
const SOURCES = ['index.html', 'vite.config.ts', 'package.json', 'src', 'public'];

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules' || entry.startsWith('.')) continue;
    newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
}

/** Where the e2e build goes (relative to the root): git and lint ignore it, `npm start` never serves it. */
export const E2E_OUT_DIR = 'dist-e2e';

export interface BuildOptions {
  /** Vite mode (default production). */
  readonly mode?: string;
  /** Output directory relative to the root (default dist). */
  readonly outDir?: string;
}

/** True when <outDir>/index.html is missing or older than any source file. */
export function needsBuild(root: string, outDir = 'dist'): boolean {
  const built = join(root, outDir, 'index.html');
  if (!existsSync(built)) return true;
  const builtAt = statSync(built).mtimeMs;
  return SOURCES.some((s) => newestMtime(join(root, s)) > builtAt);
}

/** Run `vite build` in `root` (synchronously, output shown) if needed. Throws if the build fails. */
export function ensureBuilt(root: string, log: (line: string) => void = console.log, options: BuildOptions = {}): void {
  const outDir = options.outDir ?? 'dist';
  if (!needsBuild(root, outDir)) return;
  log(`Building the app${options.mode ? ` (mode ${options.mode})` : ''} (${outDir}/ is missing or older than the sources)…`);
  const vite = join(dirname(createRequire(join(root, 'package.json')).resolve('vite/package.json')), 'bin', 'vite.js');
  const args = [vite, 'build', '--logLevel', 'warn', '--outDir', outDir, '--emptyOutDir', ...(options.mode ? ['--mode', options.mode] : [])];
  const r = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`vite build failed (exit ${r.status ?? r.signal ?? 'unknown'})`);
}
