/**
 * OT-extension kernel benchmark (issue 14): ns per hash of the tweakable correlation-robust hash
 * (first 16 bytes of BLAKE3(x ‖ u64le(i)), src/mpc/prg/tccr.ts) and ns per transposed 128-bit
 * column (src/mpc/ring/bitTranspose.ts), the wasm kernels beside plain-JS references, in one run.
 *
 *   npx tsx bench/otKernels.ts [--json] [--n N] [--reps R]
 *
 * n elements (default 2^18): n random 16-byte blocks hashed with indices 0..n−1, and a random
 * 128 × n bit matrix transposed. References, the TypeScript versions of src/mpc/offline/kernels.ts
 * that the wasm kernels are tested against:
 *  - "@noble/hashes blake3, one call per hash" (tccrHashNoble): the library the kernel is checked
 *    against, as a caller without a batched kernel would use it (a fresh hasher and output per call);
 *  - "scalar TS compression" (tccrHashJs): one BLAKE3 compression per hash on 32-bit JS numbers,
 *    no allocation (what a careful pure-TS version costs; preprocessing.md §2.2 measured
 *    ~65–75 ns/hash for a ChaCha-permutation hash written that way);
 *  - "TS, 8×8 blocks" (transpose128Js): the transpose by delta swaps on 8×8-bit blocks.
 * The wasm rows include the copies through the module's memory, as callers get them. Each figure
 * is the median of R timed calls after two warm-up calls, with [min–max], and the median CPU time
 * of the process per element (the better figure when other work shares the cores).
 */
import { tccrHashJs, tccrHashNoble, transpose128Js } from '../src/mpc/offline/kernels';
import { Prg } from '../src/mpc/prg/prg';
import { tccrHash } from '../src/mpc/prg/tccr';
import { transpose128 } from '../src/mpc/ring/bitTranspose';
import { UsageError, markdownTable, parseFlags } from './args';

const WARMUP = 2;

interface Figure {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  /** Median CPU time of this process per element (user + system): less sensitive to other load. */
  readonly cpu: number;
}

const median = (v: number[]): number => v.sort((a, b) => a - b)[v.length >> 1]!;

/** ns per element of `run` over n elements, over `reps` calls after warm-up. */
function measure(n: number, reps: number, run: () => void): Figure {
  for (let i = 0; i < WARMUP; i++) run();
  const ns: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < reps; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    run();
    ns.push(((performance.now() - t0) * 1e6) / n);
    const c = process.cpuUsage(c0);
    cpu.push(((c.user + c.system) * 1e3) / n);
  }
  return { median: median(ns), min: Math.min(...ns), max: Math.max(...ns), cpu: median(cpu) };
}

function sameBytes(a: Uint8Array, b: Uint8Array, what: string): void {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) throw new Error(`${what}: byte ${i} differs`);
}

function main(argv: readonly string[]): void {
  const flags = parseFlags(argv, { json: { kind: 'bool' }, n: { kind: 'int' }, reps: { kind: 'int' } });
  const n = (flags.n as number | undefined) ?? 2 ** 18;
  const reps = (flags.reps as number | undefined) ?? 5;
  if (reps < 3) throw new UsageError('--reps must be at least 3');
  if (n % 128 !== 0 || n <= 0 || n >= 2 ** 32) throw new UsageError('--n must be a positive multiple of 128 below 2^32');

  const prg = new Prg(new Uint8Array(16).fill(9), 0);
  const blocks = new Uint8Array(16 * n);
  prg.fill(blocks);
  const rows = new Uint8Array(16 * n);
  prg.fill(rows);
  const [outWasm, outRef] = [new Uint8Array(16 * n), new Uint8Array(16 * n)];

  // Figures only count for kernels that compute the right thing: check all three hashes and both
  // transposes against each other on the whole input once.
  tccrHash(blocks, 0n, outWasm);
  tccrHashNoble(blocks, 0n, outRef);
  sameBytes(outWasm, outRef, 'tccrHash vs @noble/hashes');
  tccrHashJs(blocks, 0n, outRef);
  sameBytes(outWasm, outRef, 'scalar TS compression vs tccrHash');
  transpose128(rows, n, outWasm);
  transpose128Js(rows, n, outRef);
  sameBytes(outWasm, outRef, 'transpose128 vs TypeScript');

  const results = [
    { kernel: 'hash: tccrHash (wasm SIMD, 4 lanes)', unit: 'ns/hash', f: measure(n, reps, () => tccrHash(blocks, 0n, outWasm)) },
    { kernel: 'hash: scalar TS compression (tccrHashJs)', unit: 'ns/hash', f: measure(n, reps, () => tccrHashJs(blocks, 0n, outRef)) },
    { kernel: 'hash: @noble/hashes blake3, one call per hash', unit: 'ns/hash', f: measure(n, reps, () => tccrHashNoble(blocks, 0n, outRef)) },
    { kernel: 'transpose: transpose128 (wasm SIMD)', unit: 'ns/column', f: measure(n, reps, () => transpose128(rows, n, outWasm)) },
    { kernel: 'transpose: TS, 8×8 blocks (transpose128Js)', unit: 'ns/column', f: measure(n, reps, () => transpose128Js(rows, n, outRef)) },
  ];
  if (flags.json) {
    console.log(JSON.stringify({ n, reps, node: process.version, results }, null, 2));
    return;
  }
  console.log(`n = ${n}, median [min–max] of ${reps} calls after ${WARMUP} warm-up calls; node ${process.version}\n`);
  console.log(
    markdownTable(
      ['kernel', 'unit', 'wall', 'CPU'],
      results.map((r) => ({
        kernel: r.kernel,
        unit: r.unit,
        wall: `${r.f.median.toFixed(2)} [${r.f.min.toFixed(2)}–${r.f.max.toFixed(2)}]`,
        CPU: r.f.cpu.toFixed(2),
      })),
    ),
  );
}

try {
  main(process.argv.slice(2));
} catch (err) {
  if (!(err instanceof UsageError)) throw err;
  console.error(`${err.message}\nusage: npx tsx bench/otKernels.ts [--json] [--n N] [--reps R]`);
  process.exitCode = 2;
}
