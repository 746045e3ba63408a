import { describe, expect, it } from 'vitest';
import { checkWindowSteps, SendWindow, windowSteps } from './sendWindow';

const KiB = 1024;
const MiB = 1024 * KiB;

describe('SendWindow', () => {
  it('starts at the first step and takes each later one once the bytes written reach it', () => {
    const w = new SendWindow([
      { fromBytes: 0, high: 64 * KiB, low: 16 * KiB },
      { fromBytes: 4 * MiB, high: MiB, low: 256 * KiB },
      { fromBytes: 8 * MiB, high: 4 * MiB, low: MiB },
    ]);
    expect([w.high, w.low]).toEqual([64 * KiB, 16 * KiB]);
    expect(w.wrote(4 * MiB - 1)).toBe(false);
    expect(w.high).toBe(64 * KiB);
    expect(w.wrote(1)).toBe(true);
    expect([w.high, w.low, w.writtenBytes]).toEqual([MiB, 256 * KiB, 4 * MiB]);
    expect(w.wrote(MiB)).toBe(false);
    // one write past two thresholds lands on the last one, and says so once
    const v = new SendWindow([
      { fromBytes: 0, high: 64 * KiB, low: 16 * KiB },
      { fromBytes: 10, high: 128 * KiB, low: 32 * KiB },
      { fromBytes: 20, high: 4 * MiB, low: MiB },
    ]);
    expect(v.wrote(25)).toBe(true);
    expect([v.high, v.low]).toEqual([4 * MiB, MiB]);
    expect(v.wrote(10 * MiB)).toBe(false);
    expect(v.high).toBe(4 * MiB);
  });

  it('refuses steps that would leave the window shut or out of order, naming the step', () => {
    expect(() => checkWindowSteps([])).toThrow(/no steps/);
    expect(() => checkWindowSteps([{ fromBytes: 5, high: 10, low: 1 }])).toThrow(/first step starts at 5 bytes/);
    expect(() => checkWindowSteps([{ fromBytes: 0, high: 10, low: 10 }])).toThrow(/step 0 has high 10 and low 10/);
    expect(() => checkWindowSteps([{ fromBytes: 0, high: 0, low: 0 }])).toThrow(/step 0/);
    expect(() => checkWindowSteps([{ fromBytes: 0, high: 10, low: -1 }])).toThrow(/step 0/);
    expect(() =>
      checkWindowSteps([
        { fromBytes: 0, high: 10, low: 1 },
        { fromBytes: 100, high: 20, low: 1 },
        { fromBytes: 100, high: 30, low: 1 },
      ]),
    ).toThrow(/step 2 starts at 100 bytes, not after step 1 \(100\)/);
    expect(() => new SendWindow([{ fromBytes: 0, high: Number.NaN, low: 1 }])).toThrow(RangeError);
  });

  it("builds a link's steps from its options: warm-up, the steps between, then steady", () => {
    const base = { warmupHighWater: 64 * KiB, warmupLowWater: 16 * KiB, highWater: 4 * MiB, lowWater: MiB };
    expect(windowSteps({ ...base, warmupBytes: 0, windowSteps: [] })).toEqual([{ fromBytes: 0, high: 4 * MiB, low: MiB }]);
    const between = [{ fromBytes: MiB, high: 256 * KiB, low: 64 * KiB }];
    expect(windowSteps({ ...base, warmupBytes: 16 * MiB, windowSteps: between })).toEqual([
      { fromBytes: 0, high: 64 * KiB, low: 16 * KiB },
      { fromBytes: MiB, high: 256 * KiB, low: 64 * KiB },
      { fromBytes: 16 * MiB, high: 4 * MiB, low: MiB },
    ]);
    // steps between with no warm-up bytes: the steady window would start at 0, before them
    expect(() => new SendWindow(windowSteps({ ...base, warmupBytes: 0, windowSteps: between }))).toThrow(/step 2 starts at 0 bytes, not after step 1 \(1048576\)/);
  });
});
