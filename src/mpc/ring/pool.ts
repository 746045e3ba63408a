/**
 * Arrays for a protocol step's temporaries, handed back when the step is done and reused by the
 * next one, so a step allocates nothing in steady state.
 *
 * Why: a fresh large array costs more than the arithmetic on it. The allocator hands large
 * blocks back to the system when they are freed, so the next one is mapped again and every page
 * faults on first touch: on the machine of BENCHMARKS.md #16 a fresh 16 MB array costs about
 * 50 ms to fill (12 µs per 4 KiB page), against 2 ms for one that is reused.
 *
 * The pool holds its free arrays strongly (a WeakRef to them was cleared by the next scavenge,
 * so nothing was ever reused; one pool per Party was never reused by a benchmark that makes one
 * multiplication per session), at most MAX_FREE arrays and MAX_FREE_BYTES bytes of them: what a
 * thread keeps between steps is the temporaries of its largest steps, as its wasm scratch memory.
 */
import type { Words } from './ring';

/** Free arrays kept; the least recently returned goes first. */
const MAX_FREE = 4;
/** Bytes of free arrays kept: two parties' e, d of 10^6 FM128 multiplications (32 MB each) and room. */
const MAX_FREE_BYTES = 128 << 20;

export class WordsPool {
  private free: BigUint64Array[] = [];
  /** The views `take` handed out, to refuse giving back anything else. */
  private readonly lent = new WeakSet<Words>();

  /** An array of nWords words, with unspecified contents: the caller writes every word before reading. */
  take(nWords: number): Words {
    let best = -1;
    for (let i = 0; i < this.free.length; i++) {
      const a = this.free[i]!;
      if (a.length >= nWords && (best < 0 || a.length < this.free[best]!.length)) best = i;
    }
    const base = best >= 0 ? this.free.splice(best, 1)[0]! : new BigUint64Array(nWords);
    const view = base.subarray(0, nWords);
    this.lent.add(view);
    return view;
  }

  /** Hand back an array from `take` once nothing reads it any more. */
  give(x: Words): void {
    if (!this.lent.delete(x)) throw new Error('WordsPool.give: not an array this pool lent');
    this.free.push(new BigUint64Array(x.buffer));
    let bytes = 0;
    for (const a of this.free) bytes += a.byteLength;
    while (this.free.length > MAX_FREE || bytes > MAX_FREE_BYTES) bytes -= this.free.shift()!.byteLength;
  }
}
