import { describe, expect, it } from 'vitest';
import { seededEntropy } from '../../prg/entropy';
import { baseOtReceive, baseOtSenderFinish, baseOtSenderStart, publicPoint, dhSecret, KEY_BYTES, randomScalar } from './base';

describe('Simplest OT over ristretto255', () => {
  it('gives the receiver exactly the key of its choice for each of the 128 OTs', () => {
    const sRand = seededEntropy(1);
    const rRand = seededEntropy(2);
    const choices = new Uint8Array(16);
    rRand(choices);
    const { a, A } = baseOtSenderStart(sRand);
    const { msg, keys } = baseOtReceive(A, choices, rRand);
    const { keys0, keys1 } = baseOtSenderFinish(a, A, msg);
    const k = (b: Uint8Array, i: number) => Array.from(b.subarray(i * KEY_BYTES, (i + 1) * KEY_BYTES));
    const seen = new Set<string>();
    for (let i = 0; i < 128; i++) {
      const c = (choices[i >> 3]! >> (i & 7)) & 1;
      expect(k(keys, i)).toEqual(k(c ? keys1 : keys0, i));
      expect(k(keys, i)).not.toEqual(k(c ? keys0 : keys1, i));
      seen.add(k(keys0, i).join()).add(k(keys1, i).join());
    }
    expect(seen.size).toBe(256); // every key distinct: the index is in the hash
  });

  it('rejects a message that is not made of points', () => {
    const { a, A } = baseOtSenderStart(seededEntropy(3));
    const bad = new Uint8Array(128 * 32).fill(0xff);
    expect(() => baseOtSenderFinish(a, A, bad)).toThrow(expect.objectContaining({ code: 'ERR_BAD_FRAME' }));
    expect(() => baseOtReceive(bad.subarray(0, 32), new Uint8Array(16), seededEntropy(4))).toThrow(expect.objectContaining({ code: 'ERR_BAD_FRAME' }));
  });

  it('dhSecret agrees on both sides', () => {
    const x = randomScalar(seededEntropy(5));
    const y = randomScalar(seededEntropy(6));
    const X = publicPoint(x);
    const Y = publicPoint(y);
    expect(dhSecret(x, X, Y, true, 'l', 16)).toEqual(dhSecret(y, Y, X, false, 'l', 16));
    expect(dhSecret(x, X, Y, true, 'l', 16)).not.toEqual(dhSecret(x, X, Y, true, 'm', 16));
  });
});
