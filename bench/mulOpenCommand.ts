/**
 * `tabmpc bench --mul-open`: secure multiplications with their opening per second, in one process
 * (both parties on this thread, the in-memory transport): z = x·y by Beaver (mul_aa), then z opened
 * (a2p), checked against the plaintext product (bench/mulOpen.ts). Issue 16's unit: ≥ 6 M/s on
 * FM64 and ≥ 3 M/s on FM128 at n = 10^6.
 *
 * With --against DIR, each repetition runs in a fresh process, alternating between DIR (the
 * "before" checkout) and this tree, so a ratio comes from one run under the same load.
 */
import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { existsSync } from 'node:fs';
import type { Field } from '../src/mpc/ring';
import { CliError, markdownTable, parseFlags, UsageError } from './args';
import { mulOpenInProcess } from './mulOpen';

const HERE = join(dirname(fileURLToPath(import.meta.url)), '..');

export const MUL_OPEN_FLAGS = {
  'mul-open': { kind: 'bool' },
  field: { kind: 'string', choices: ['FM64', 'FM128'] },
  n: { kind: 'int' },
  reps: { kind: 'int' },
  against: { kind: 'string' },
  json: { kind: 'bool' },
} as const;

interface Timing {
  readonly ms: number;
  /** The same in a second run, timed by the process's CPU time (user + system). */
  readonly cpuMs: number;
  readonly rounds: number;
  readonly payloadBytesSent: number;
}

interface Summary {
  readonly tree: string;
  readonly medianMs: number;
  readonly minMs: number;
  readonly maxMs: number;
  readonly mulsPerSec: number;
  readonly medianCpuMs: number;
  readonly rounds: number;
  readonly bytesSentPerElement: number;
}

/** The process's CPU time in ms (user + system: page faults are system time). */
function cpuNow(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

const median = (v: readonly number[]): number => [...v].sort((a, b) => a - b)[v.length >> 1]!;

function summary(tree: string, n: number, runs: readonly Timing[]): Summary {
  const ms = runs.map((r) => r.ms);
  const med = median(ms);
  return {
    tree,
    medianMs: Math.round(med * 10) / 10,
    minMs: Math.round(Math.min(...ms) * 10) / 10,
    maxMs: Math.round(Math.max(...ms) * 10) / 10,
    mulsPerSec: Math.round(n / (med / 1000)),
    medianCpuMs: Math.round(median(runs.map((r) => r.cpuMs)) * 10) / 10,
    rounds: runs[0]!.rounds,
    bytesSentPerElement: runs[0]!.payloadBytesSent / n,
  };
}

/** One mul + open timed in a fresh process on the tree at `root`. */
function childRun(root: string, field: Field, n: number): Promise<Timing> {
  const tsx = join(HERE, 'node_modules', '.bin', 'tsx');
  return new Promise((done, fail) => {
    execFile(tsx, [join(HERE, 'bench', 'mulOpenChild.ts'), root, field, String(n)], { cwd: HERE, maxBuffer: 1 << 20 }, (err, stdout, stderr) => {
      if (err) fail(new CliError(`the run on ${root} failed: ${stderr.trim().split('\n').pop() ?? err.message}`, 1));
      else done(JSON.parse(stdout.trim().split('\n').pop()!) as Timing);
    });
  });
}

export async function mulOpenCommand(argv: readonly string[]): Promise<void> {
  const flags = parseFlags(argv, MUL_OPEN_FLAGS);
  const field = (flags.field as Field | undefined) ?? 'FM128';
  const n = (flags.n as number | undefined) ?? 1_000_000;
  const reps = (flags.reps as number | undefined) ?? 5;
  const against = flags.against as string | undefined;
  if (reps < 3) throw new UsageError('--reps must be at least 3 (the figure is a median)');
  if (against !== undefined && !existsSync(join(against, 'bench', 'mulOpen.ts'))) {
    throw new UsageError(`--against: '${against}' is not a TabMPC checkout (no bench/mulOpen.ts)`);
  }
  const rows: Summary[] = [];
  if (against === undefined) {
    await mulOpenInProcess(64, field); // warm-up: JIT and wasm
    await mulOpenInProcess(n, field);
    const runs: Timing[] = [];
    for (let i = 0; i < reps; i++) {
      const wall = await mulOpenInProcess(n, field);
      runs.push({ ...wall, cpuMs: (await mulOpenInProcess(n, field, cpuNow)).ms });
    }
    rows.push(summary('this', n, runs));
  } else {
    const before: Timing[] = [];
    const after: Timing[] = [];
    for (let i = 0; i < reps; i++) {
      before.push(await childRun(against, field, n));
      after.push(await childRun(HERE, field, n));
    }
    rows.push(summary(against, n, before), summary('this', n, after));
  }
  if (flags.json) {
    process.stdout.write(JSON.stringify({ field, n, reps, rows }) + '\n');
    return;
  }
  console.log(`mul + open (mul_aa then a2p), ${field}, 2 parties in one process, n = ${n}: party 0's wall time, median [min–max] of ${reps}; medianCpuMs: the same timed by the process's CPU time, in separate runs` + (against ? ', each in a fresh process, alternating between the trees' : '') + '\n');
  console.log(markdownTable(['tree', 'medianMs', 'minMs', 'maxMs', 'mulsPerSec', 'medianCpuMs', 'rounds', 'bytesSentPerElement'], rows as never));
  if (rows.length === 2) {
    const [b, a] = rows as [Summary, Summary];
    console.log(`\nspeed-up, before / after: wall ${(b.medianMs / a.medianMs).toFixed(2)}x, CPU ${(b.medianCpuMs / a.medianCpuMs).toFixed(2)}x`);
  }
}
