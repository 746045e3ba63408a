/**
 * Time and task scheduling without DOM or Node typings. The engine needs "run this after all
 * pending microtasks" (the moment when no runnable work is left, see scheduler.ts), a monotonic
 * clock for round timing, and timers for round time-outs.
 */
interface HostTimers {
  setImmediate?: (cb: () => void) => unknown;
  MessageChannel?: new () => {
    port1: { onmessage: ((ev: unknown) => void) | null };
    port2: { postMessage(v: unknown): void };
  };
  setTimeout(cb: () => void, ms: number): unknown;
  clearTimeout(id: unknown): void;
  performance?: { now(): number };
}

const host = globalThis as unknown as HostTimers;

export interface Clock {
  /** Milliseconds, monotonic. */
  now(): number;
  /** Run cb as a macrotask: after every microtask queued so far has run. */
  defer(cb: () => void): void;
  setTimer(cb: () => void, ms: number): unknown;
  clearTimer(id: unknown): void;
}

function makeDefer(): (cb: () => void) => void {
  if (host.setImmediate) {
    const si = host.setImmediate;
    return (cb) => void si(cb);
  }
  if (host.MessageChannel) {
    // setTimeout(0) is clamped to 4 ms once nested; a message port is not.
    const ch = new host.MessageChannel();
    const queue: (() => void)[] = [];
    ch.port1.onmessage = () => queue.shift()?.();
    return (cb) => {
      queue.push(cb);
      ch.port2.postMessage(0);
    };
  }
  return (cb) => void host.setTimeout(cb, 0);
}

export const hostClock: Clock = {
  now: () => (host.performance ? host.performance.now() : Date.now()),
  defer: makeDefer(),
  setTimer: (cb, ms) => host.setTimeout(cb, ms),
  clearTimer: (id) => host.clearTimeout(id),
};
