/**
 * Byte helpers for the link's unit tests (only tests import this file): reproducible random bytes
 * and a byte comparison that stays fast on megabyte frames, where vitest's deep equality crawls.
 */

/** n bytes from a xorshift stream: the same for the same seed, and incompressible enough. */
export function randomBytes(n: number, seed = 1): Uint8Array {
  const out = new Uint8Array(n);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < n; i += 1) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

/** Whether a holds exactly b's bytes. */
export function same(a: Uint8Array | undefined, b: Uint8Array): boolean {
  if (a === undefined || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i += 1) if (a[i] !== b[i]) return false;
  return true;
}
