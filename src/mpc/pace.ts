/**
 * A hook that long computations call between chunks of work, so the host can share the CPU.
 *
 * Why: on a small machine two tabs' workers computing flat out take every core, and what else
 * needs one waits: the pages' main threads, Chromium's network process (which moves every
 * frame), and V8's GC helper threads, whose work a page's GC pause waits for. A browser worker
 * cannot lower its own priority, but it can rest a moment now and then, and while its page misses
 * its heartbeat (src/workers/breathing.ts, pageBeat.ts).
 * The engine itself never rests: without a pacer this is a no-op, as in the CLI and the tests.
 * Called between the chunks of the wasm kernels (FM128, GF(p): wasm/scratch.ts) and of the PRG;
 * FM64's plain JS loops do not call it, so an FM64 run rests only while it draws randomness.
 */
export type Pacer = () => void;

let pacer: Pacer | null = null;

/** Install (or remove, with null) the host's pacer for this thread. */
export function setPacer(p: Pacer | null): void {
  pacer = p;
}

/** Called by kernels between chunks of work; returns at once unless the host's pacer rests. */
export function pace(): void {
  if (pacer) pacer();
}
