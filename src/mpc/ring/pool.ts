/**
 * Arrays for a protocol step's temporaries, handed back when the step is done and reused by the
 * next one, so a step allocates nothing in steady state.
 *
 * Why: a fresh large array costs more than the arithmetic on it. The allocator hands large
 * blocks back to the system when they are freed, so the next one is mapped again and every page
 * faults on first touch: on the machine of BENCHMARKS.md #16 a fresh 16 MB array costs about
 * 50 ms to fill (12 µs per 4 KiB page), against 2 ms for one that is reused.
 *
 * The pool holds its arrays weakly: a major GC may take them (they are only a cache), so a
 * party's memory between steps is what it would be without the pool.
 */
import type { Words } from './ring';

export class WordsPool {
  private free: WeakRef<BigUint64Array>[] = [];
  /** The views `take` handed out, to refuse giving back anything else. */
  private readonly lent = new WeakSet<Words>();

  /** An array of nWords words, with unspecified contents: the caller writes every word before reading. */
  take(nWords: number): Words {
    let best = -1;
    let bestLength = Infinity;
    for (let i = 0; i < this.free.length; i++) {
      const a = this.free[i]!.deref();
      if (a && a.length >= nWords && a.length < bestLength) {
        best = i;
        bestLength = a.length;
      }
    }
    const base = best >= 0 ? this.free[best]!.deref()! : new BigUint64Array(nWords);
    this.free = this.free.filter((r, i) => i !== best && r.deref() !== undefined);
    const view = base.subarray(0, nWords);
    this.lent.add(view);
    return view;
  }

  /** Hand back an array from `take` once nothing reads it any more. */
  give(x: Words): void {
    if (!this.lent.delete(x)) throw new Error('WordsPool.give: not an array this pool lent');
    this.free.push(new WeakRef(new BigUint64Array(x.buffer)));
  }
}
