/**
 * OT-extension kernel benchmark (issue 14): ns per hash of the tweakable correlation-robust hash
 * (first 16 bytes of BLAKE3(x ‖ u64le(i)), src/mpc/prg/tccr.ts) and ns per transposed 128-bit
 * column (src/mpc/ring/bitTranspose.ts), the wasm kernels beside plain-JS references, in one run.
 *
 *   npx tsx bench/otKernels.ts [--json] [--n N] [--reps R]
 *
 * n elements (default 2^18): n random 16-byte blocks hashed with indices 0..n−1, and a random
 * 128 × n bit matrix transposed. References:
 *  - "@noble/hashes blake3, one call per hash": the library the kernel is checked against, as a
 *    caller without a batched kernel would use it (a fresh hasher and output per call);
 *  - "scalar JS compression": one BLAKE3 compression per hash on 32-bit JS numbers, no allocation
 *    (what a careful pure-TS version costs; preprocessing.md §2.2 measured ~65–75 ns/hash for a
 *    ChaCha-permutation hash written that way);
 *  - "naive JS, bit by bit": the definition of the transpose, one bit at a time.
 * The wasm rows include the copies through the module's memory, as callers get them. Each figure
 * is the median of R timed calls after two warm-up calls, with [min–max], and the median CPU time
 * of the process per element (the better figure when other work shares the cores).
 */
import { blake3 } from '@noble/hashes/blake3.js';
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

// ---------------------------------------------------------------------------------------------
// Scalar JS BLAKE3 compression of one 24-byte message (x ‖ u64le(i)), first 4 output words.

const IV = Int32Array.of(0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19);
const PERM = [2, 6, 3, 10, 7, 0, 4, 13, 1, 11, 12, 5, 9, 14, 15, 8];
/** SCHEDULE[16r + i]: the message word that slot i of round r reads. */
const SCHEDULE = new Uint8Array(7 * 16);
{
  let s = Array.from({ length: 16 }, (_, i) => i);
  for (let r = 0; r < 7; r++) {
    SCHEDULE.set(s, 16 * r);
    s = PERM.map((p) => s[p]!);
  }
}
const m = new Int32Array(16);

/** out[4j..4j+4) = first 16 bytes of BLAKE3(blocks[4j..4j+4) ‖ u64le(j)), as 32-bit words. */
function scalarHash(blocks: Int32Array, out: Int32Array): void {
  const s = SCHEDULE;
  for (let j = 0; j < blocks.length >> 2; j++) {
    m[0] = blocks[4 * j]!; m[1] = blocks[4 * j + 1]!; m[2] = blocks[4 * j + 2]!; m[3] = blocks[4 * j + 3]!;
    m[4] = j; // indices below 2^32 here: m[5] and the rest stay 0
    let v0 = IV[0]!, v1 = IV[1]!, v2 = IV[2]!, v3 = IV[3]!, v4 = IV[4]!, v5 = IV[5]!, v6 = IV[6]!, v7 = IV[7]!;
    let v8 = IV[0]!, v9 = IV[1]!, v10 = IV[2]!, v11 = IV[3]!, v12 = 0, v13 = 0, v14 = 24, v15 = 1 | 2 | 8;
    for (let r = 0; r < 7 * 16; r += 16) {
      v0 = (v0 + v4 + m[s[r]!]!) | 0; v12 ^= v0; v12 = (v12 >>> 16) | (v12 << 16); v8 = (v8 + v12) | 0; v4 ^= v8; v4 = (v4 >>> 12) | (v4 << 20);
      v0 = (v0 + v4 + m[s[r + 1]!]!) | 0; v12 ^= v0; v12 = (v12 >>> 8) | (v12 << 24); v8 = (v8 + v12) | 0; v4 ^= v8; v4 = (v4 >>> 7) | (v4 << 25);
      v1 = (v1 + v5 + m[s[r + 2]!]!) | 0; v13 ^= v1; v13 = (v13 >>> 16) | (v13 << 16); v9 = (v9 + v13) | 0; v5 ^= v9; v5 = (v5 >>> 12) | (v5 << 20);
      v1 = (v1 + v5 + m[s[r + 3]!]!) | 0; v13 ^= v1; v13 = (v13 >>> 8) | (v13 << 24); v9 = (v9 + v13) | 0; v5 ^= v9; v5 = (v5 >>> 7) | (v5 << 25);
      v2 = (v2 + v6 + m[s[r + 4]!]!) | 0; v14 ^= v2; v14 = (v14 >>> 16) | (v14 << 16); v10 = (v10 + v14) | 0; v6 ^= v10; v6 = (v6 >>> 12) | (v6 << 20);
      v2 = (v2 + v6 + m[s[r + 5]!]!) | 0; v14 ^= v2; v14 = (v14 >>> 8) | (v14 << 24); v10 = (v10 + v14) | 0; v6 ^= v10; v6 = (v6 >>> 7) | (v6 << 25);
      v3 = (v3 + v7 + m[s[r + 6]!]!) | 0; v15 ^= v3; v15 = (v15 >>> 16) | (v15 << 16); v11 = (v11 + v15) | 0; v7 ^= v11; v7 = (v7 >>> 12) | (v7 << 20);
      v3 = (v3 + v7 + m[s[r + 7]!]!) | 0; v15 ^= v3; v15 = (v15 >>> 8) | (v15 << 24); v11 = (v11 + v15) | 0; v7 ^= v11; v7 = (v7 >>> 7) | (v7 << 25);
      v0 = (v0 + v5 + m[s[r + 8]!]!) | 0; v15 ^= v0; v15 = (v15 >>> 16) | (v15 << 16); v10 = (v10 + v15) | 0; v5 ^= v10; v5 = (v5 >>> 12) | (v5 << 20);
      v0 = (v0 + v5 + m[s[r + 9]!]!) | 0; v15 ^= v0; v15 = (v15 >>> 8) | (v15 << 24); v10 = (v10 + v15) | 0; v5 ^= v10; v5 = (v5 >>> 7) | (v5 << 25);
      v1 = (v1 + v6 + m[s[r + 10]!]!) | 0; v12 ^= v1; v12 = (v12 >>> 16) | (v12 << 16); v11 = (v11 + v12) | 0; v6 ^= v11; v6 = (v6 >>> 12) | (v6 << 20);
      v1 = (v1 + v6 + m[s[r + 11]!]!) | 0; v12 ^= v1; v12 = (v12 >>> 8) | (v12 << 24); v11 = (v11 + v12) | 0; v6 ^= v11; v6 = (v6 >>> 7) | (v6 << 25);
      v2 = (v2 + v7 + m[s[r + 12]!]!) | 0; v13 ^= v2; v13 = (v13 >>> 16) | (v13 << 16); v8 = (v8 + v13) | 0; v7 ^= v8; v7 = (v7 >>> 12) | (v7 << 20);
      v2 = (v2 + v7 + m[s[r + 13]!]!) | 0; v13 ^= v2; v13 = (v13 >>> 8) | (v13 << 24); v8 = (v8 + v13) | 0; v7 ^= v8; v7 = (v7 >>> 7) | (v7 << 25);
      v3 = (v3 + v4 + m[s[r + 14]!]!) | 0; v14 ^= v3; v14 = (v14 >>> 16) | (v14 << 16); v9 = (v9 + v14) | 0; v4 ^= v9; v4 = (v4 >>> 12) | (v4 << 20);
      v3 = (v3 + v4 + m[s[r + 15]!]!) | 0; v14 ^= v3; v14 = (v14 >>> 8) | (v14 << 24); v9 = (v9 + v14) | 0; v4 ^= v9; v4 = (v4 >>> 7) | (v4 << 25);
    }
    out[4 * j] = v0 ^ v8; out[4 * j + 1] = v1 ^ v9; out[4 * j + 2] = v2 ^ v10; out[4 * j + 3] = v3 ^ v11;
  }
}

/** The @noble/hashes reference: one blake3 call (and allocation) per hash. */
function nobleHash(blocks: Uint8Array, out: Uint8Array): void {
  const msg = new Uint8Array(24);
  const view = new DataView(msg.buffer);
  for (let j = 0; j < blocks.length / 16; j++) {
    msg.set(blocks.subarray(16 * j, 16 * j + 16));
    view.setUint32(16, j, true); // indices below 2^32 here; the high word stays 0
    out.set(blake3(msg).subarray(0, 16), 16 * j);
  }
}

/** The definition of transpose128, one bit at a time. */
function naiveTranspose(rows: Uint8Array, n: number, out: Uint8Array): void {
  out.fill(0);
  const rowBytes = n / 8;
  for (let r = 0; r < 128; r++) {
    for (let c = 0; c < n; c++) {
      out[16 * c + (r >> 3)]! |= ((rows[r * rowBytes + (c >> 3)]! >> (c & 7)) & 1) << (r & 7);
    }
  }
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
  nobleHash(blocks, outRef);
  sameBytes(outWasm, outRef, 'tccrHash vs @noble/hashes');
  scalarHash(new Int32Array(blocks.buffer), new Int32Array(outRef.buffer));
  sameBytes(outWasm, outRef, 'scalar JS compression vs tccrHash');
  transpose128(rows, n, outWasm);
  naiveTranspose(rows, n, outRef);
  sameBytes(outWasm, outRef, 'transpose128 vs naive');

  const results = [
    { kernel: 'hash: tccrHash (wasm SIMD, 4 lanes)', unit: 'ns/hash', f: measure(n, reps, () => tccrHash(blocks, 0n, outWasm)) },
    { kernel: 'hash: scalar JS compression', unit: 'ns/hash', f: measure(n, reps, () => scalarHash(new Int32Array(blocks.buffer), new Int32Array(outRef.buffer))) },
    { kernel: 'hash: @noble/hashes blake3, one call per hash', unit: 'ns/hash', f: measure(n, reps, () => nobleHash(blocks, outRef)) },
    { kernel: 'transpose: transpose128 (wasm SIMD)', unit: 'ns/column', f: measure(n, reps, () => transpose128(rows, n, outWasm)) },
    { kernel: 'transpose: naive JS, bit by bit', unit: 'ns/column', f: measure(n, reps, () => naiveTranspose(rows, n, outRef)) },
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
