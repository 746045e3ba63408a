/**
 * Ring-kernel benchmark: ns per element for FM64 and FM128 at n = 10^6, allocation of the result
 * included, as the engine calls the kernels.
 *
 *   npx tsx bench/ringKernels.ts [--json] [--n N] [--reps R]
 *
 * "mulAA local" is one party's local work in a Beaver multiplication z = x·y, as in
 * src/mpc/protocols/semi2k/arithmetic.ts mulAA: e' = x − a and d' = y − b before the opening, then
 * z = c + e·b + d·a, plus e·d on party 0 (timed here: the larger of the two).
 * "mulAA local, fused" is the same work as mulAA does it since issue 16: e', d' into one reused
 * array (subInto), then one beaverCombine_. "unpackAdd_" and "unpackXor_" add or XOR a peer's
 * share into an opening straight from its frame's bytes, against unpacking it first.
 * Two rows give context: "add_ (in place)" allocates nothing, and "slice" (allocate and copy one
 * array) is the machine's floor for any kernel that returns a fresh array.
 * Each figure is the median of R timed calls after two warm-up calls, with [min–max], and the
 * median count of minor page faults per call: allocating a fresh result can fault in every page
 * of it, which costs more than the arithmetic on some VMs.
 */
import { Prg } from '../src/mpc/prg/prg';
import type { Ring, Words } from '../src/mpc/ring';
import { ring128 } from '../src/mpc/ring/ring128';
import { mulInto as mulInto64, ring64 } from '../src/mpc/ring/ring64';
import { instantiate } from '../src/mpc/ring/wasm/instantiate';
import { RING128_WASM } from '../src/mpc/ring/wasm/ring128.wasm';
import { UsageError, markdownTable, parseFlags } from './args';

const WARMUP = 2;

interface Figure {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly pageFaults: number;
}

const median = (v: number[]): number => v.sort((a, b) => a - b)[v.length >> 1]!;

/** ns/element of `run` over n elements, and page faults per call, over `reps` calls after warm-up. */
function measure(n: number, reps: number, run: () => void): Figure {
  for (let i = 0; i < WARMUP; i++) run();
  const ns: number[] = [];
  const faults: number[] = [];
  for (let i = 0; i < reps; i++) {
    const f0 = process.resourceUsage().minorPageFault;
    const t0 = performance.now();
    run();
    ns.push(((performance.now() - t0) * 1e6) / n);
    faults.push(process.resourceUsage().minorPageFault - f0);
  }
  return { median: median(ns), min: Math.min(...ns), max: Math.max(...ns), pageFaults: median(faults) };
}

/** The kernels for one ring, on random operands. */
function kernels(ring: Ring, n: number, prg: Prg): Record<string, () => void> {
  const draw = (): Words => prg.words(n * ring.wpe);
  const [x, y, a, b, c, e, d] = [draw(), draw(), draw(), draw(), draw(), draw(), draw()];
  const w = n * ring.wpe;
  const ed = new BigUint64Array(2 * w);
  // a frame's payload: 16 bytes of header and 8 of table before it
  const frame = new Uint8Array(24 + n * ring.bytes);
  prg.fill(frame);
  const peer = frame.subarray(24);
  const peerNarrow = frame.subarray(24, 24 + n);
  return {
    mul: () => ring.mul(x, y),
    add: () => ring.add(x, y),
    xor: () => ring.xor(x, y),
    'add_ (in place)': () => ring.add_(a, y),
    slice: () => ring.slice(x, 0, n),
    'mulAA local': () => {
      ring.sub(x, a);
      ring.sub(y, b);
      // c accumulates across calls as the dealer's triple share would once; timing is unaffected.
      ring.add_(c, ring.mul(e, b));
      ring.add_(c, ring.mul(d, a));
      ring.add_(c, ring.mul(e, d));
    },
    // the same work as semi2k mulAA does it now: e', d' into one reused array, one fused combine
    'mulAA local, fused': () => {
      ring.subInto(ed.subarray(0, w), x, a);
      ring.subInto(ed.subarray(w), y, b);
      ring.beaverCombine_(c, e, d, a, b, true);
    },
    // a peer's share added to an opening: unpacked to a fresh array, or straight from its bytes
    'add_(unpack)': () => ring.add_(a, ring.unpack(peer, ring.bytes, n)),
    unpackAdd_: () => ring.unpackAdd_(a, peer, ring.bytes),
    // a boolean opening of 1-byte words (a comparison's bits)
    'xor_(unpack), 1 byte': () => ring.xor_(a, ring.unpack(peerNarrow, 1, n)),
    'unpackXor_, 1 byte': () => ring.unpackXor_(a, peerNarrow, 1),
  };
}

/**
 * The multiplication kernels alone, the way limits.md §3 timed its reference figures (C 1.4 ns,
 * wasm 2.3 ns): operands and result allocated once, before timing, and FM128's in the wasm module's
 * own memory (a second instance of the engine's module, its memory grown to hold them), so nothing
 * is copied. The engine's calls above add what its API needs: copies through the module's scratch
 * buffers and a fresh result array.
 */
function kernelOnly(n: number, reps: number, prg: Prg): { FM64: Figure; FM128: Figure } {
  const [x64, y64, z64] = [prg.words(n), prg.words(n), new BigUint64Array(n)];
  const k = instantiate<{ mul(x: number, y: number, z: number, n: number): void }>(RING128_WASM);
  // 16 bytes per element, plus the element `mul` touches past an odd n (asm/ring128.ts); the
  // arrays start half a page into a page, as the scratch buffers do (scratch.ts says why)
  const stride = n * 16 + 4096;
  const [X, Y, Z] = [0x810, 0x810 + stride, 0x810 + 2 * stride];
  const need = Z + stride;
  if (k.memory.buffer.byteLength < need) k.memory.grow(Math.ceil((need - k.memory.buffer.byteLength) / 65536));
  const words = new BigUint64Array(k.memory.buffer);
  const [x, y] = [prg.words(2 * n), prg.words(2 * n)];
  words.set(x, X / 8);
  words.set(y, Y / 8);
  // the figure is only worth having for a kernel that computes the right thing
  k.mul(X, Y, Z, n);
  const check = Math.min(n, 1000);
  const expected = ring128.mul(x.subarray(0, 2 * check), y.subarray(0, 2 * check));
  for (let i = 0; i < 2 * check; i++) if (words[Z / 8 + i] !== expected[i]) throw new Error(`FM128 kernel in module memory: word ${i} is wrong`);
  return { FM64: measure(n, reps, () => mulInto64(z64, x64, y64)), FM128: measure(n, reps, () => k.mul(X, Y, Z, n)) };
}

function main(argv: readonly string[]): void {
  const flags = parseFlags(argv, { json: { kind: 'bool' }, n: { kind: 'int' }, reps: { kind: 'int' } });
  const n = (flags.n as number | undefined) ?? 1_000_000;
  const reps = (flags.reps as number | undefined) ?? 9;
  if (reps < 5) throw new UsageError('--reps must be at least 5');
  const prg = new Prg(new Uint8Array(16).fill(1), 0);
  const rings = { FM64: kernels(ring64, n, prg), FM128: kernels(ring128, n, prg) };
  const results = Object.keys(rings.FM64).map((kernel) => ({
    kernel,
    FM64: measure(n, reps, rings.FM64[kernel]!),
    FM128: measure(n, reps, rings.FM128[kernel]!),
  }));
  const mulKernel = kernelOnly(n, reps, prg);
  if (flags.json) {
    console.log(JSON.stringify({ n, reps, unit: 'ns/element', node: process.version, results, mulKernelOnly: mulKernel }, null, 2));
    return;
  }
  const cell = (f: Figure) => `${f.median.toFixed(2)} [${f.min.toFixed(2)}–${f.max.toFixed(2)}], ${f.pageFaults} pf`;
  const rows = results.map((r) => ({ kernel: r.kernel, FM64: cell(r.FM64), FM128: cell(r.FM128) }));
  console.log(`ns/element, n = ${n}, median [min–max] of ${reps} calls, result allocation included; pf = page faults per call\n`);
  console.log(markdownTable(['kernel', 'FM64', 'FM128'], rows));
  console.log(`\nmul kernel alone (operands and result allocated before timing; FM128 in the wasm module's memory, nothing copied):\n`);
  console.log(markdownTable(['kernel', 'FM64', 'FM128'], [{ kernel: 'mul, kernel alone', FM64: cell(mulKernel.FM64), FM128: cell(mulKernel.FM128) }]));
}

try {
  main(process.argv.slice(2));
} catch (err) {
  if (!(err instanceof UsageError)) throw err;
  console.error(`${err.message}\nusage: npx tsx bench/ringKernels.ts [--json] [--n N] [--reps R]`);
  process.exitCode = 2;
}
