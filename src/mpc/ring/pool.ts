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
const MAX_FREE = 8;
/**
 * Bytes of free arrays kept: a Beaver multiplication of 10^6 FM128 elements with both parties on
 * one thread holds party 0's a, b and the replicas of party 1's a, b, c (16 MB each), both
 * parties' e, d (32 MB each) and party 1's a, b: 176 MB, and room. The count bounds what steps
 * on small arrays keep (bench's peakBytesPerElement for pade at 10^5: 536 B with the old 4
 * arrays, 560 B with 8).
 */
const MAX_FREE_BYTES = 192 << 20;

export class WordsPool {
  private free: BigUint64Array[] = [];
  /** The views `take` handed out, to refuse giving back anything else. */
  private readonly lent = new WeakSet<Words>();

  /**
   * An array of nWords words, with unspecified contents: the caller writes every word before
   * reading. Only a free array of exactly that size is reused: a larger one would be wasted, and
   * counted whole for as long as the view lives (a drawn share that becomes a result does).
   */
  take(nWords: number): Words {
    let found = -1;
    for (let i = this.free.length - 1; i >= 0 && found < 0; i--) if (this.free[i]!.length === nWords) found = i;
    const view = found >= 0 ? this.free.splice(found, 1)[0]! : new BigUint64Array(nWords);
    this.lent.add(view);
    return view;
  }

  /**
   * An array of nWords words for a result the caller keeps and never hands back: a free array of
   * exactly that size if there is one (so it is indistinguishable from a new one but for its
   * contents, which are unspecified: the caller writes every word), else a new one. Arrays the
   * pool keeps are then reused by the next results rather than sitting idle while new ones are
   * mapped.
   */
  fresh(nWords: number): Words {
    for (let i = this.free.length - 1; i >= 0; i--) {
      if (this.free[i]!.length === nWords) return this.free.splice(i, 1)[0]!;
    }
    return new BigUint64Array(nWords);
  }

  /** Hand back an array from `take` once nothing reads it any more. */
  give(x: Words): void {
    if (!this.lent.has(x)) throw new Error('WordsPool.give: not an array this pool lent');
    this.release(x);
  }

  /**
   * Like give, for an array that may come from elsewhere (e.g. a correlation that another source
   * made): one this pool did not lend is left to the garbage collector.
   */
  release(x: Words): void {
    if (!this.lent.delete(x)) return;
    this.free.push(x);
    let bytes = 0;
    for (const a of this.free) bytes += a.byteLength;
    while (this.free.length > MAX_FREE || bytes > MAX_FREE_BYTES) bytes -= this.free.shift()!.byteLength;
  }
}

/**
 * The thread's pool, shared by the protocol steps and the dealer, so that one bound covers them
 * all: per thread like the wasm kernels' scratch memory (pace.ts says why state is per thread).
 */
export const threadPool = new WordsPool();
