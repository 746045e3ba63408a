/**
 * exp against Math.exp over each method's documented domain, at and beyond the clamps, on both
 * rings and with 2 and 3 parties; and SPU's costs reproduced exactly by the spu2024 profile.
 */
import { describe, expect, it } from 'vitest';
import { linspace } from '../../eval/metrics';
import { runExpInProcess } from '../../testing/expRun';
import { defaultFractionBits, type Field } from '../../ring';
import { expDomain, expTolerance, type ExpMethod } from './index';
import { PADE_BOUND } from './pade';
import { primeLowerBound, primeUpperBound } from './prime';

function maxRelErr(xs: ArrayLike<number>, ys: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < xs.length; i++) m = Math.max(m, Math.abs(ys[i]! / Math.exp(xs[i]!) - 1));
  return m;
}

describe('spu2024 reproduces SPU costs exactly (FM128, 2 parties, per party and element)', () => {
  const expected: Record<ExpMethod, { bytes: number; rounds: number }> = {
    taylor: { bytes: 272, rounds: 17 },
    pade: { bytes: 1208, rounds: 52 },
    prime: { bytes: 169, rounds: 12 },
  };
  for (const method of ['taylor', 'pade', 'prime'] as const) {
    it.each([10, 300])(`${method}: ${expected[method].bytes} bytes, ${expected[method].rounds} rounds at n = %i`, async (n) => {
      const res = await runExpInProcess(linspace(-2, 2, n), { method, field: 'FM128', parties: 2, profile: 'spu2024', seed: n });
      for (const t of res.traffic) {
        expect(t.payloadBytesSent / n).toBe(expected[method].bytes);
        expect(t.payloadBytesReceived / n).toBe(expected[method].bytes);
        expect(t.rounds).toBe(expected[method].rounds);
      }
    });
  }
});

const CASES: { method: ExpMethod; field: Field; parties: number }[] = [
  { method: 'taylor', field: 'FM128', parties: 2 },
  { method: 'taylor', field: 'FM64', parties: 2 },
  { method: 'taylor', field: 'FM64', parties: 3 },
  { method: 'pade', field: 'FM128', parties: 2 },
  { method: 'pade', field: 'FM64', parties: 2 },
  { method: 'pade', field: 'FM128', parties: 3 },
  { method: 'prime', field: 'FM128', parties: 2 },
];

describe.each(CASES)('$method on $field with $parties parties', ({ method, field, parties }) => {
  it(`stays within its tolerance on its documented domain`, async () => {
    const [lo, hi] = expDomain(method, field, defaultFractionBits(field));
    const xs = [...linspace(lo, hi, 120), 0, lo, hi];
    const { y } = await runExpInProcess(xs, { method, field, parties, seed: 3 });
    expect(maxRelErr(xs, y)).toBeLessThanOrEqual(expTolerance(method));
  });
});

describe('clamps and range limits', () => {
  it('pade saturates at 2^32 above the bound and at 2^-32 (0 in fixed point) below it', async () => {
    const xs = [PADE_BOUND, 25, 40, -PADE_BOUND, -25, -40];
    const { y } = await runExpInProcess(xs, { method: 'pade', field: 'FM128', parties: 2, seed: 4 });
    for (const v of y.subarray(0, 3)) expect(Math.abs(v / 2 ** 32 - 1)).toBeLessThan(1e-4);
    for (const v of y.subarray(3)) expect(Math.abs(v)).toBeLessThan(2 ** -25);
    // and just inside the bound it is still e^x
    const inside = await runExpInProcess([PADE_BOUND - 0.01, -PADE_BOUND + 0.01], { method: 'pade', field: 'FM128', parties: 2, seed: 9 });
    expect(Math.abs(inside.y[0]! / Math.exp(PADE_BOUND - 0.01) - 1)).toBeLessThan(1e-3);
  });

  it('prime clamps below (48 − o − 2f)/log2 e ≈ −11.7835 to the constant e^lb', async () => {
    const lb = primeLowerBound(26);
    expect(lb).toBeCloseTo(-11.7835, 4);
    const xs = [lb, -12, -15, -40];
    const { y } = await runExpInProcess(xs, { method: 'prime', field: 'FM128', parties: 2, seed: 5 });
    for (const v of y) expect(Math.abs(v / Math.exp(lb) - 1)).toBeLessThan(expTolerance('prime'));
  });

  it('prime without the lower clamp breaks well below −12.5 (the float32 trailing-zero bound)', async () => {
    const { y } = await runExpInProcess([-11, -20, -30], { method: 'prime', field: 'FM128', parties: 2, seed: 6, lowerClamp: false });
    expect(Math.abs(y[0]! / Math.exp(-11) - 1)).toBeLessThan(expTolerance('prime'));
    expect(Math.abs(y[1]! / Math.exp(-20) - 1)).toBeGreaterThan(1);
    expect(Math.abs(y[2]! / Math.exp(-30) - 1)).toBeGreaterThan(1);
  });

  it('prime with the upper clamp saturates at e^ub ≈ e^40.90; without it, 41 is still right', async () => {
    const ub = primeUpperBound(26);
    expect(ub).toBeCloseTo(40.8957, 3);
    const clamped = await runExpInProcess([41.5, 45], { method: 'prime', field: 'FM128', parties: 2, seed: 7, upperClamp: true });
    for (const v of clamped.y) expect(Math.abs(v / Math.exp(ub) - 1)).toBeLessThan(1e-5);
    const open = await runExpInProcess([41], { method: 'prime', field: 'FM128', parties: 2, seed: 8 });
    expect(Math.abs(open.y[0]! / Math.exp(41) - 1)).toBeLessThan(1e-5);
  });

  it('prime refuses three parties and FM64, naming what is supported', async () => {
    await expect(runExpInProcess([1], { method: 'prime', field: 'FM128', parties: 3 })).rejects.toThrow(
      "exp method 'prime' runs with 2 parties on FM128 only (this session: 3 parties, FM128); use 'taylor' or 'pade'",
    );
    await expect(runExpInProcess([1], { method: 'prime', field: 'FM64', parties: 2 })).rejects.toMatchObject({ code: 'ERR_UNSUPPORTED' });
  });

  it('refuses inputs that do not fit the ring, naming the input', async () => {
    await expect(runExpInProcess([1, 2 ** 50], { method: 'taylor', field: 'FM64', parties: 2 })).rejects.toThrow(/input 1125899906842624 at index 1 does not fit FM64/);
  });
});
