/**
 * How much a link lets Chromium buffer on a data channel: a window that grows with the bytes
 * written. A fresh connection given a wide window at once (4 MiB) discards packets in Chromium's
 * P2P socket and stalls one direction for seconds; a narrow one (64 KiB) avoids that but, once
 * warm, leaves the channel idle whenever the worker's event loop is busy (a round's computing
 * starts as soon as the peer's frame is in, while our own last chunks still wait for room), which
 * cost exp of 10^5 values about 1.2× (limits.md §1.5; BENCHMARKS.md, "#16 the send window").
 * So the window starts narrow and takes the next step each time the frame bytes written so far
 * reach that step's `fromBytes`.
 *
 * Pure state on a byte counter (no clock, no channel): PeerLink asks `high` before each write and
 * tells `wrote` after it; when `wrote` returns true the low mark changed and the link sets the
 * channel's bufferedAmountLowThreshold to `low`.
 */

/** From `fromBytes` frame bytes written on: pause above `high` buffered bytes, resume at `low`. */
export interface WindowStep {
  readonly fromBytes: number;
  readonly high: number;
  readonly low: number;
}

/**
 * Check `steps`: the first from byte 0, `fromBytes` strictly rising, 0 ≤ low < high on each.
 * Throws a RangeError naming the bad step: a window that never opens would hang the link.
 */
export function checkWindowSteps(steps: readonly WindowStep[]): void {
  if (steps.length === 0) throw new RangeError('send window: no steps');
  if (steps[0]!.fromBytes !== 0) throw new RangeError(`send window: the first step starts at ${steps[0]!.fromBytes} bytes, not 0`);
  steps.forEach((s, i) => {
    if (!(Number.isFinite(s.high) && s.high > 0 && Number.isFinite(s.low) && s.low >= 0 && s.low < s.high)) {
      throw new RangeError(`send window: step ${i} has high ${s.high} and low ${s.low}; need 0 ≤ low < high`);
    }
    if (i > 0 && !(s.fromBytes > steps[i - 1]!.fromBytes)) {
      throw new RangeError(`send window: step ${i} starts at ${s.fromBytes} bytes, not after step ${i - 1} (${steps[i - 1]!.fromBytes})`);
    }
  });
}

export class SendWindow {
  private readonly steps: readonly WindowStep[];
  private step = 0;
  private written = 0;

  constructor(steps: readonly WindowStep[]) {
    checkWindowSteps(steps);
    this.steps = steps;
  }

  /** Pause writing frames while the channel buffers at least this much. */
  get high(): number {
    return this.steps[this.step]!.high;
  }

  /** Resume (bufferedamountlow) when the buffer falls to this. */
  get low(): number {
    return this.steps[this.step]!.low;
  }

  /** Frame bytes written so far (chunk headers included). */
  get writtenBytes(): number {
    return this.written;
  }

  /** `bytes` more were written. True if that took the window to a later step (a new `low` to set). */
  wrote(bytes: number): boolean {
    this.written += bytes;
    const from = this.step;
    while (this.step + 1 < this.steps.length && this.written >= this.steps[this.step + 1]!.fromBytes) this.step += 1;
    return this.step !== from;
  }
}

/** A link's window as its options give it (link.ts, LinkOptions). */
export interface WindowOptions {
  readonly warmupHighWater: number;
  readonly warmupLowWater: number;
  readonly warmupBytes: number;
  readonly windowSteps: readonly WindowStep[];
  readonly highWater: number;
  readonly lowWater: number;
}

/**
 * The steps of those options: the warm-up window from byte 0, then `windowSteps`, then the steady
 * window from `warmupBytes` on (from the first byte if that is 0, and then with no other step).
 */
export function windowSteps(o: WindowOptions): WindowStep[] {
  const steady = { fromBytes: o.warmupBytes, high: o.highWater, low: o.lowWater };
  if (o.warmupBytes === 0 && o.windowSteps.length === 0) return [steady];
  return [{ fromBytes: 0, high: o.warmupHighWater, low: o.warmupLowWater }, ...o.windowSteps, steady];
}
