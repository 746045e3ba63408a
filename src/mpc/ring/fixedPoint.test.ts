import { describe, expect, it } from 'vitest';
import { ringOf, type Field } from './index';
import { decodeFxp, encodeFxp } from './fixedPoint';

describe.each(['FM64', 'FM128'] as Field[])('fixed point on %s', (field) => {
  const ring = ringOf(field);
  const f = field === 'FM64' ? 18 : 26;
  const values = [0, 1, -1, 0.5, -0.5, 2 ** -f, -(2 ** -f), 3.25, -3.25, 1e6, -1e6, 2 ** 20 + 0.125, -(2 ** 26), 1234.5678, -98765.4321];
  if (field === 'FM128') values.push(2 ** 60, -(2 ** 60), 2 ** 90 + 2 ** 40, -(2 ** 95));

  it('encodes like round(x·2^f) in two’s complement and decodes back', () => {
    const w = encodeFxp(ring, values, f);
    values.forEach((v, i) => expect(ring.getSigned(w, i)).toBe(BigInt(Math.round(v * 2 ** f))));
    const back = decodeFxp(ring, w, f);
    values.forEach((v, i) => expect(back[i]).toBe(Math.round(v * 2 ** f) / 2 ** f));
  });

  it('decodes arbitrary ring elements to the nearest double', () => {
    const raw = [1n, -1n, (1n << 52n) - 1n, -(1n << 52n), 1n << 53n, -(1n << 60n) - 12345n, (1n << BigInt(ring.k - 1)) - 1n, -(1n << BigInt(ring.k - 1))];
    const w = ring.fromBigInts(raw);
    const out = decodeFxp(ring, w, f);
    raw.forEach((r, i) => expect(out[i]).toBe(Number(BigInt.asIntN(ring.k, r)) / 2 ** f));
  });

  it('refuses what does not fit, naming the input', () => {
    expect(() => encodeFxp(ring, [1, 2 ** (ring.k - f)], f)).toThrow(/at index 1 does not fit/);
    expect(() => encodeFxp(ring, [NaN], f)).toThrow(/input NaN at index 0/);
  });
});
