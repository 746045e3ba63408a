/**
 * Randomness for seeds. The engine never reaches for globals on its own (src/mpc has no DOM or
 * Node typings): callers inject an entropy source. `hostEntropy` uses the Web Crypto API, present
 * in browsers, workers and Node ≥ 19; `seededEntropy` is for reproducible tests only.
 */
import { Prg } from './prg';

interface HostCrypto {
  crypto?: { getRandomValues(a: Uint8Array): Uint8Array };
}

/** Cryptographically secure bytes from the host (crypto.getRandomValues, ≤ 64 KiB per call). */
export function hostEntropy(out: Uint8Array): void {
  const c = (globalThis as unknown as HostCrypto).crypto;
  if (!c) throw new Error('no crypto.getRandomValues in this environment: pass an entropy source');
  for (let o = 0; o < out.length; o += 65536) c.getRandomValues(out.subarray(o, Math.min(out.length, o + 65536)));
}

/** A deterministic entropy source for tests: NOT secure. */
export function seededEntropy(seed: number): (out: Uint8Array) => void {
  const s = new Uint8Array(16);
  new DataView(s.buffer).setUint32(0, seed >>> 0, true);
  const prg = new Prg(s, 0x7e57);
  return (out) => prg.fill(out);
}
