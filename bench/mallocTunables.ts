/**
 * glibc malloc settings for the CLI's Node process (every command: cost, bench, party, ...).
 *
 * Why: V8 takes ArrayBuffers of a large exp (16 MB per FM128 array at n = 10^6) from glibc's
 * malloc, which serves blocks that big by mmap and unmaps them when they are freed, so the next
 * array faults in every page again: about 12 µs per 4 KiB page on this VM, 160,000 faults and
 * half of exp prime's 3.7 s at 10^6 (BENCHMARKS.md, "#16 the Node process's malloc"). Keeping
 * freed blocks in the heap (mmap and trim thresholds) and backing it with transparent huge pages
 * (hugetlb=1: madvise, 2 MiB pages) cuts the faults five-fold. The cost: the process keeps its
 * peak heap mapped until it exits, and its resident size is about a quarter higher.
 *
 * glibc reads GLIBC_TUNABLES only when a process starts, so the CLI starts itself once more with
 * them set. TABMPC_MALLOC=default (or a GLIBC_TUNABLES of the user's own) keeps glibc's defaults.
 * Browsers are not affected: their tabs get the engine's own buffer reuse only.
 */
import { spawn } from 'node:child_process';
import { constants } from 'node:os';

export const MALLOC_TUNABLES =
  'glibc.malloc.hugetlb=1:glibc.malloc.mmap_threshold=268435456:glibc.malloc.trim_threshold=2147483647';

/** Whether this process should start again with MALLOC_TUNABLES: glibc, and nobody chose otherwise. */
export function wantsRelaunch(env: NodeJS.ProcessEnv, glibcVersion: string | undefined): boolean {
  return glibcVersion !== undefined && env.GLIBC_TUNABLES === undefined && env.TABMPC_MALLOC !== 'default';
}

function glibcVersion(): string | undefined {
  if (process.platform !== 'linux') return undefined;
  const header = (process.report.getReport() as { header?: { glibcVersionRuntime?: string } }).header;
  return header?.glibcVersionRuntime;
}

/**
 * Run this same command in a child Node with MALLOC_TUNABLES and resolve with its exit code, or
 * resolve null when this process should do the work itself. Signals reach the child.
 */
export function relaunchWithMallocTunables(): Promise<number> | null {
  if (!wantsRelaunch(process.env, glibcVersion())) return null;
  const child = spawn(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: { ...process.env, GLIBC_TUNABLES: MALLOC_TUNABLES },
  });
  const forward = (signal: NodeJS.Signals): void => {
    child.kill(signal);
  };
  for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(s, forward);
  return new Promise((resolve) => {
    child.on('exit', (code, signal) => resolve(code ?? 128 + (signal ? constants.signals[signal] : 0)));
    child.on('error', (e) => {
      console.error(`tabmpc: could not start itself with glibc's malloc settings (${e.message}); TABMPC_MALLOC=default skips them`);
      resolve(1);
    });
  });
}
