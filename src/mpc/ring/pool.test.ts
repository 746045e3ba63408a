/** WordsPool: reuse of handed-back arrays (of exactly the size), refusal of foreign arrays, its bounds. */
import { describe, expect, it } from 'vitest';
import { WordsPool } from './pool';

describe('WordsPool', () => {
  it('reuses a handed-back array of exactly the requested size, and no other', () => {
    const pool = new WordsPool();
    const big = pool.take(100);
    const small = pool.take(10);
    expect([big.length, small.length]).toEqual([100, 10]);
    pool.give(big);
    pool.give(small);
    expect(pool.take(8).buffer).not.toBe(small.buffer);
    const again = pool.take(10);
    expect(again).toBe(small);
    expect(pool.take(50).buffer).not.toBe(big.buffer);
    expect(pool.take(100)).toBe(big);
    // nothing free fits: a new array
    expect(pool.take(100)).not.toBe(big);
  });

  it('refuses an array it did not lend, or one given back twice', () => {
    const pool = new WordsPool();
    expect(() => pool.give(new BigUint64Array(4))).toThrow(/not an array this pool lent/);
    const x = pool.take(4);
    pool.give(x);
    expect(() => pool.give(x)).toThrow(/not an array this pool lent/);
  });

  it('release hands back what it lent and leaves any other array alone', () => {
    const pool = new WordsPool();
    const foreign = new BigUint64Array(4);
    pool.release(foreign);
    expect(pool.take(4).buffer).not.toBe(foreign.buffer);
    const x = pool.take(4);
    pool.release(x);
    pool.release(x); // a second release is a no-op, not a second free entry
    const y = pool.take(4);
    expect(y.buffer).toBe(x.buffer);
    expect(pool.take(4).buffer).not.toBe(x.buffer);
  });

  it("fresh reuses only a free array of exactly the size, which is then the caller's for good", () => {
    const pool = new WordsPool();
    const x = pool.take(100);
    pool.give(x);
    expect(pool.fresh(99).buffer).not.toBe(x.buffer);
    const kept = pool.fresh(100);
    expect(kept.buffer).toBe(x.buffer);
    expect([kept.byteOffset, kept.length, kept.buffer.byteLength]).toEqual([0, 100, 800]);
    // gone from the free list, and not lent: give refuses it, release leaves it alone
    expect(pool.fresh(100).buffer).not.toBe(x.buffer);
    expect(() => pool.give(kept)).toThrow(/not an array this pool lent/);
    pool.release(kept);
    expect(pool.take(100).buffer).not.toBe(x.buffer);
  });

  it('keeps at most 8 free arrays, dropping the least recently returned', () => {
    const pool = new WordsPool();
    const lent = [1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => pool.take(n));
    for (const x of lent) pool.give(x);
    // the 1-word array went first; the 2-word one is still kept
    expect(pool.take(1)).not.toBe(lent[0]);
    expect(pool.take(2)).toBe(lent[1]);
  });
});
