/**
 * `tabmpc bench --transport webrtc`: two parties as separate Node processes over real WebRTC on
 * loopback (node-datachannel; a signaling server this command starts on 127.0.0.1), measured
 * honestly and next to what explains the time:
 *   - the channel's throughput, measured in the same run (64 MiB of frames, webrtcPeer.ts);
 *   - mul + open per second at each size (webrtcPeer.ts), with the same in one process over
 *     memory (compute: both parties on one thread) and bytes / throughput;
 *   - exp by prime between two `tabmpc party` processes (the headless party, its engine in a
 *     worker thread), with compute (the exp in process, as `tabmpc bench`) and bytes / throughput.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { availableParallelism, cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expDomain } from '../src/mpc/approx/exp';
import { TAYLOR_DEFAULT_ITERATIONS } from '../src/mpc/approx/exp/taylor';
import { linspace } from '../src/mpc/eval/metrics';
import { profileOf } from '../src/mpc/protocols/semi2k/profile';
import { defaultFractionBits } from '../src/mpc/ring';
import { runExpInProcess } from '../src/mpc/session/expRun';
import { startServer } from '../signaling/server';
import { CliError, markdownTable, parseFlags, UsageError, type FlagSpec } from './args';
import { mulOpenInProcess } from './mulOpen';
import type { PeerReport } from './webrtcPeer';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const tsx = join(root, 'node_modules', '.bin', 'tsx');

export const WEBRTC_FLAGS = {
  transport: { kind: 'string', choices: ['memory', 'webrtc'] },
  sizes: { kind: 'string' },
  'exp-n': { kind: 'int' },
  json: { kind: 'bool' },
} as const satisfies FlagSpec;

export interface MulOpenRow {
  n: number;
  rounds: number;
  /** Party 0's payload bytes sent per element. */
  bytesSentPerElement: number;
  /** Party 0's wall time over WebRTC (ms). */
  webrtcMs: number;
  mulsPerSec: number;
  /** The same in one process over memory (ms). */
  computeMs: number;
  /** Both parties' payload bytes / the measured throughput (ms; the channel is full duplex, so this is an upper bound). */
  bytesOverThroughputMs: number;
}

export interface ExpRow {
  method: 'prime';
  n: number;
  rounds: number;
  bytesSentPerElement: number;
  /** Party 0's exp alone, over WebRTC (ms), and its whole run (proposal to opened result). */
  webrtcMs: number;
  runMs: number;
  computeMs: number;
  bytesOverThroughputMs: number;
  /** Every value within the method's tolerance of Math.exp (party 0's check). */
  withinTolerance: number;
}

export interface WebrtcBench {
  machine: string;
  connectMs: number;
  throughputMBps: number;
  mulOpen: MulOpenRow[];
  exp: ExpRow | null;
  /** Why the exp did not run, if it did not (the mul + open figures stand on their own). */
  expError?: string;
}

/** Start `tsx args`; its stdout lines as JSON objects, in order. */
function child(args: string[]): { proc: ChildProcess; next: (event: string) => Promise<Record<string, unknown>> } {
  const proc = spawn(tsx, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  proc.stderr!.on('data', (d: Buffer) => (stderr += String(d)));
  const lines = createInterface({ input: proc.stdout! })[Symbol.asyncIterator]();
  return {
    proc,
    async next(event) {
      for (;;) {
        const r = await lines.next();
        if (r.done) {
          // all of stderr, and the exit code, are in once the process has exited
          if (proc.exitCode === null && proc.signalCode === null) await new Promise((resolve) => proc.once('exit', resolve));
          // the line that says why: an error's message, not Node's version footer
          const lines = stderr.split('\n').filter((l) => l.trim() !== '');
          const why = lines.find((l) => /^\w*Error\b|error /.test(l)) ?? lines.pop() ?? `no output (exit code ${proc.exitCode}, signal ${proc.signalCode})`;
          throw new CliError(`${args[0]} ended before its '${event}' line: ${why.trim()}`, 1);
        }
        const o = JSON.parse(r.value) as Record<string, unknown>;
        if (o['event'] === event) return o;
      }
    },
  };
}

export async function benchWebrtc(sizes: readonly number[], expN: number | null): Promise<WebrtcBench> {
  const server = await startServer({ port: 0, host: '127.0.0.1', log: () => {} });
  const signal = `${server.url.replace('http', 'ws')}signal`;
  const procs: ChildProcess[] = [];
  try {
    const p0 = child(['bench/webrtcPeer.ts', '--url', signal, '--create', '2', '--sizes', sizes.join(',')]);
    procs.push(p0.proc);
    const room = String((await p0.next('joined'))['room']);
    procs.push(child(['bench/webrtcPeer.ts', '--url', signal, '--room', room, '--sizes', sizes.join(',')]).proc);
    const report = (await p0.next('report')) as unknown as PeerReport;
    const bytesPerMs = report.throughputBytesPerSec / 1000;
    const mulOpen: MulOpenRow[] = [];
    await mulOpenInProcess(64); // warm-up: JIT and wasm
    for (const m of report.mulOpen) {
      const compute = await mulOpenInProcess(m.n);
      mulOpen.push({
        n: m.n,
        rounds: m.rounds,
        bytesSentPerElement: m.payloadBytesSent / m.n,
        webrtcMs: round1(m.ms),
        mulsPerSec: Math.round(m.n / (m.ms / 1000)),
        computeMs: round1(compute.ms),
        bytesOverThroughputMs: round1((2 * m.payloadBytesSent) / bytesPerMs),
      });
    }
    let exp: ExpRow | null = null;
    let expError: string | undefined;
    if (expN !== null) {
      try {
        const [lo, hi] = expDomain('prime', 'FM128', defaultFractionBits('FM128'), profileOf('fast'), TAYLOR_DEFAULT_ITERATIONS);
        const url = server.url;
        const a = child(['bench/cli.ts', 'party', '--url', url, '--create', '2', '--method', 'prime', '--n', String(expN), `--lo=${lo}`, `--hi=${hi}`, '--json']);
        procs.push(a.proc);
        const joined = await a.next('joined');
        procs.push(child(['bench/cli.ts', 'party', '--url', String(joined['link']), '--runs', '1', '--json']).proc);
        // one run, as a user's: it includes the engine threads' first JIT and wasm compilation
        const run = (await a.next('run')) as {
          ok: boolean;
          message?: string;
          exp: { rounds: number; payloadBytesSent: number; payloadBytesReceived: number };
          expMs: number;
          totalMs: number;
          check: { withinTolerance: number };
        };
        if (!run.ok) throw new CliError(`the exp over WebRTC failed: ${run.message ?? ''}`, 1);
        const xs = linspace(lo, hi, expN);
        const cfg = { method: 'prime', profile: 'fast', field: 'FM128', parties: 2, batching: true } as const;
        await runExpInProcess(xs.subarray(0, 64), cfg); // warm-up: JIT and wasm, as tabmpc bench
        const compute = await runExpInProcess(xs, cfg);
        exp = {
          method: 'prime',
          n: expN,
          rounds: run.exp.rounds,
          bytesSentPerElement: run.exp.payloadBytesSent / expN,
          webrtcMs: round1(run.expMs),
          runMs: round1(run.totalMs),
          computeMs: round1(compute.elapsedMs),
          bytesOverThroughputMs: round1((run.exp.payloadBytesSent + run.exp.payloadBytesReceived) / bytesPerMs),
          withinTolerance: run.check.withinTolerance,
        };
      } catch (err) {
        expError = (err as Error).message;
      }
    }
    return { machine: machine(), connectMs: round1(report.connectMs), throughputMBps: round1(report.throughputBytesPerSec / 1e6), mulOpen, exp, ...(expError ? { expError } : {}) };
  } finally {
    for (const p of procs) p.kill();
    await server.close();
  }
}

function machine(): string {
  return `${cpus()[0]?.model ?? 'unknown CPU'}, ${availableParallelism()} cores, Node ${process.version}`;
}

function round1(v: number): number {
  return Math.round(v * 10) / 10;
}

export async function webrtcBenchCommand(argv: readonly string[]): Promise<void> {
  const flags = parseFlags(argv, WEBRTC_FLAGS);
  const sizes = String(flags.sizes ?? '10000,1000000').split(',').map((s) => Number(s));
  if (sizes.some((n) => !Number.isInteger(n) || n < 1 || n > 2_000_000)) throw new UsageError(`--sizes needs integers from 1 to 2000000, comma-separated, got '${String(flags.sizes)}'`);
  const expN = (flags['exp-n'] as number | undefined) ?? 1_000_000;
  const res = await benchWebrtc(sizes, expN);
  if (flags.json) {
    process.stdout.write(JSON.stringify(res) + '\n');
    return;
  }
  console.log(`two Node processes over WebRTC on loopback (node-datachannel), FM128, trust tfp; ${res.machine}`);
  console.log(`connection set-up (signaling, ICE, DTLS, SCTP): ${res.connectMs} ms; channel throughput measured in this run: ${res.throughputMBps} MB/s (64 MiB of 1 MiB frames, one way)`);
  console.log('mul + open: z = x·y (Beaver) opened to both; webrtcMs: party 0 over WebRTC; computeMs: the same in one process over memory (both parties on one thread); bytes / throughput: both parties\' payload bytes at the measured rate.\n');
  console.log(markdownTable(['n', 'rounds', 'bytesSentPerElement', 'webrtcMs', 'mulsPerSec', 'computeMs', 'bytesOverThroughputMs'], res.mulOpen as never));
  if (res.expError) console.log(`\nexp by prime: not measured: ${res.expError}`);
  if (res.exp) {
    console.log(`\nexp by prime (profile fast) between two \`tabmpc party\` processes (engine in a worker thread); webrtcMs: the exp alone at party 0; runMs: its whole run (proposal to opened result); one run, as a user's (with the engine threads' first JIT and wasm compilation); computeMs: the exp in process (as tabmpc bench).\n`);
    console.log(markdownTable(['method', 'n', 'rounds', 'bytesSentPerElement', 'webrtcMs', 'runMs', 'computeMs', 'bytesOverThroughputMs', 'withinTolerance'], [res.exp] as never));
  }
}
