import { describe, expect, it } from 'vitest';
import { seededEntropy } from '../../prg/entropy';
import { baseOtReceive, baseOtSenderFinish, baseOtSenderStart } from './base';
import { tccrHash } from '../../prg/tccr';
import { groupSizes, SoftSpokenReceiver, SoftSpokenSender } from './softSpoken';

function pair(k: number, seed: number, run = 0) {
  const rRand = seededEntropy(seed);
  const sRand = seededEntropy(seed + 1000);
  const choices = new Uint8Array(16);
  sRand(choices);
  const { a, A } = baseOtSenderStart(rRand);
  const { msg, keys } = baseOtReceive(A, choices, sRand);
  const { keys0, keys1 } = baseOtSenderFinish(a, A, msg);
  return { sender: new SoftSpokenSender(k, choices, keys, run, 0), receiver: new SoftSpokenReceiver(k, keys0, keys1, run, 0, rRand) };
}

const bit = (b: Uint8Array, j: number) => (b[j >> 3]! >> (j & 7)) & 1;

function check(t: Uint8Array, q: Uint8Array, choices: Uint8Array, delta: Uint8Array, n: number) {
  const got = t.map((x, i) => x ^ q[i]!);
  const want = new Uint8Array(16 * n);
  for (let j = 0; j < n; j++) if (bit(choices, j)) want.set(delta, 16 * j);
  expect(got).toEqual(want);
}

describe.each([2, 4, 5, 6, 7, 8])('SoftSpokenOT k = %i', (k) => {
  const { sender, receiver } = pair(k, 20 + k);

  // ⌈128/k⌉ groups, one bit per COT each
  const groups = Math.ceil(128 / k);

  it('t ⊕ q = c·Δ, with the GGM level sums in the first message only; ⌈128/k⌉ bits per COT after', () => {
    const n = 512;
    expect(groupSizes(k).reduce((a, b) => a + b, 0)).toBe(128);
    expect(groupSizes(k).every((g) => g === k || g === k - 1)).toBe(true);
    const first = receiver.extend(n, null);
    expect(first.msg.length).toBe(128 * 2 * 16 + groups * (n / 8));
    const s1 = sender.extend(n, first.msg);
    check(first.t, s1.q, first.choices, sender.delta, n);
    expect(receiver.messageBytes(n)).toBe(groups * (n / 8));
    const choices = new Uint8Array(n / 8);
    seededEntropy(5)(choices);
    const second = receiver.extend(n, choices);
    expect(second.choices).toEqual(choices);
    const s2 = sender.extend(n, second.msg);
    expect(s2.firstIndex).toBe(BigInt(n));
    check(second.t, s2.q, choices, sender.delta, n);
    // random OTs: the receiver's hash is the message of its choice
    const m0 = new Uint8Array(16 * n), mc = new Uint8Array(16 * n);
    tccrHash(s2.q, s2.firstIndex, m0);
    tccrHash(second.t, second.firstIndex, mc);
    for (let j = 0; j < n; j++) expect(mc.subarray(16 * j, 16 * j + 16).every((b, i) => b === m0[16 * j + i])).toBe(!bit(choices, j));
  });
});
