/**
 * One timed mul + open in a fresh process, for `tabmpc bench --mul-open --against DIR`:
 *
 *   npx tsx bench/mulOpenChild.ts ROOT FIELD N
 *
 * ROOT is a TabMPC checkout (this one, or the "before" tree); its own engine and bench/mulOpen.ts
 * are loaded, so the same command times either tree. Prints one JSON line {ms, cpuMs, rounds, payloadBytesSent}:
 * wall time, and in a second run the process's CPU time, which a loaded machine inflates less.
 * A warm-up at n = 64 and one at n first, so the timed run sees compiled code and warm kernels, as
 * the in-process command's runs after its first do.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

interface MulOpenModule {
  mulOpen(p: unknown, n: number, now: () => number): Promise<{ ms: number; rounds: number; payloadBytesSent: number }>;
}
interface SimulateModule {
  simulate(parties: number, fn: (p: unknown) => Promise<unknown>, opts: { field: string; checkSent: boolean }): Promise<{ output: unknown }[]>;
}

const [root, field, nText] = process.argv.slice(2);
if (!root || !(field === 'FM64' || field === 'FM128') || !(Number(nText) >= 1)) {
  console.error('usage: npx tsx bench/mulOpenChild.ts ROOT FM64|FM128 N');
  process.exit(2);
}
const at = (path: string) => pathToFileURL(resolve(root, path)).href;
const { mulOpen } = (await import(at('bench/mulOpen.ts'))) as MulOpenModule;
const { simulate } = (await import(at('src/mpc/io/simulate.ts'))) as SimulateModule;
type Figures = Awaited<ReturnType<MulOpenModule['mulOpen']>>;
const once = async (n: number, now: () => number) => (await simulate(2, (p) => mulOpen(p, n, now), { field, checkSent: false }))[0]!.output as Figures;
const n = Number(nText);
await once(64, wallMs);
await once(n, wallMs);
const wall = await once(n, wallMs);
// the same run again, timed by the process's CPU time (user + system: page faults are system time)
const cpu = await once(n, cpuMs);
console.log(JSON.stringify({ ...wall, cpuMs: cpu.ms }));

function wallMs(): number {
  return performance.now();
}
function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}
