import { describe, expect, it } from 'vitest';
import { seededEntropy } from '../../prg/entropy';
import { baseOtReceive, baseOtSenderFinish, baseOtSenderStart } from './base';
import { IknpReceiver, IknpSender } from './iknp';
import { tccrHash } from '../../prg/tccr';

/** A sender/receiver pair from real base OTs (the receiver of the extension is the base-OT sender). */
function iknpPair(seed: number, run = 0) {
  const rRand = seededEntropy(seed);
  const sRand = seededEntropy(seed + 1000);
  const delta = new Uint8Array(16);
  sRand(delta);
  const { a, A } = baseOtSenderStart(rRand);
  const { msg, keys } = baseOtReceive(A, delta, sRand);
  const { keys0, keys1 } = baseOtSenderFinish(a, A, msg);
  return { sender: new IknpSender(delta, keys, run, 0), receiver: new IknpReceiver(keys0, keys1, run, 0, rRand), delta };
}

const bit = (b: Uint8Array, j: number) => (b[j >> 3]! >> (j & 7)) & 1;

describe('IKNP random COT', () => {
  const { sender, receiver, delta } = iknpPair(11);

  it.each([128, 1024])('t ⊕ q = c·Δ for every COT (n = %i, random choices), twice in a row', (n) => {
    for (let rep = 0; rep < 2; rep++) {
      const r = receiver.extend(n, null);
      expect(r.msg.length).toBe(receiver.messageBytes(n));
      const s = sender.extend(n, r.msg);
      expect(s.firstIndex).toBe(r.firstIndex);
      let ones = 0;
      const got = r.t.map((x, i) => x ^ s.q[i]!);
      const want = new Uint8Array(16 * n);
      for (let j = 0; j < n; j++) {
        const c = bit(r.choices, j);
        ones += c;
        if (c) want.set(delta, 16 * j);
      }
      expect(got).toEqual(want);
      expect(ones).toBeGreaterThan(n / 4);
      expect(ones).toBeLessThan((3 * n) / 4);
    }
  });

  it('honours chosen choice bits, and gives random OTs: H(t) = H(q ⊕ c·Δ), never H(q ⊕ (1−c)·Δ)', () => {
    const n = 256;
    const choices = new Uint8Array(n / 8);
    for (let j = 0; j < n; j++) if (j % 3 === 0) choices[j >> 3]! |= 1 << (j & 7);
    const r = receiver.extend(n, choices);
    const s = sender.extend(n, r.msg);
    expect(r.choices).toEqual(choices);
    const q1 = s.q.slice();
    for (let j = 0; j < n; j++) for (let b = 0; b < 16; b++) q1[16 * j + b]! ^= delta[b]!;
    const m0 = new Uint8Array(16 * n), m1 = new Uint8Array(16 * n), mc = new Uint8Array(16 * n);
    tccrHash(s.q, s.firstIndex, m0);
    tccrHash(q1, s.firstIndex, m1);
    tccrHash(r.t, r.firstIndex, mc);
    for (let j = 0; j < n; j++) {
      const want = bit(choices, j) ? m1 : m0;
      const other = bit(choices, j) ? m0 : m1;
      expect(mc.subarray(16 * j, 16 * j + 16)).toEqual(want.subarray(16 * j, 16 * j + 16));
      expect(mc.subarray(16 * j, 16 * j + 16)).not.toEqual(other.subarray(16 * j, 16 * j + 16));
    }
  });

  it('gives every COT of a pair its own hash index, and another run other keystreams', () => {
    const a = iknpPair(12, 0);
    const b = iknpPair(12, 1);
    const ra = a.receiver.extend(128, new Uint8Array(16));
    const rb = b.receiver.extend(128, new Uint8Array(16));
    expect(ra.t).not.toEqual(rb.t);
    expect(rb.firstIndex).toBe(1n << 32n);
    expect(a.receiver.extend(128, null).firstIndex).toBe(128n);
  });

  it('rejects a message of the wrong length', () => {
    expect(() => sender.extend(128, new Uint8Array(10))).toThrow(expect.objectContaining({ code: 'ERR_BAD_FRAME' }));
    expect(() => receiver.extend(100, null)).toThrow(expect.objectContaining({ code: 'ERR_SHAPE' }));
  });
});
