/**
 * A hook that long computations call between chunks of work, so the host can share the CPU.
 *
 * Why: on a small machine two tabs' workers computing flat out take every core, and what else
 * needs one waits: the pages' main threads, Chromium's network process (which moves every
 * frame), and V8's GC helper threads, whose work a page's GC pause waits for. A browser worker
 * cannot lower its own priority, but it can rest a moment now and then, and while its page misses
 * its heartbeat (src/workers/breathing.ts, pageBeat.ts).
 * The engine itself never rests: without a pacer this is a no-op, as in the CLI and the tests.
 *
 * Called between chunks by: the wasm ring kernels (FM128, GF(p): ring/wasm/scratch.ts), the
 * ChaCha PRG (prg/chachaWasm.ts), the TCCR hash (prg/tccr.ts), the bit transpose
 * (ring/bitTranspose.ts) and Gilboa's OLE between its hashes (offline/ole/gilboa.ts). FM64's plain
 * JS loops do not call it, so an FM64 run rests only while it draws randomness. Installed once, by
 * the party worker's entry (src/workers/party.worker.ts), for its thread.
 *
 * Why one hook per thread, and not a pacer passed in or held per session (issue 13 asked): what
 * it shares is the thread's CPU, not a session's; the callers are already one per thread, since
 * each wasm module above is instantiated once when its module loads (`instantiate` at the top of
 * each file) and serves every session and Party in the thread, like its scratch memory; and the
 * calls sit below every ring operation, PRG draw and hash, so passing a pacer would add a
 * parameter to each of those (the Ring interface, Prg, tccrHash, transpose128, the OLE) and to
 * every caller, for a value that is the same for all of them in a thread. A pacer held by the wasm
 * instances would be this same module-level state, five times over. What keeps it honest: it is
 * installed in one place, it cannot change a result (it only waits, synchronously, and calls
 * nothing of the engine), and it is absent everywhere else.
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
