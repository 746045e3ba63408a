/**
 * The 16 bits at even positions of a 32-bit value, compacted into the low 16 bits (Hacker's
 * Delight 7-2, unshuffle): the step of deinterleaving a comparison's bit strings, on ring words
 * and on the boolean lanes alike.
 */
export function evenBits16(v: number): number {
  v &= 0x55555555;
  v = (v | (v >>> 1)) & 0x33333333;
  v = (v | (v >>> 2)) & 0x0f0f0f0f;
  v = (v | (v >>> 4)) & 0x00ff00ff;
  return (v | (v >>> 8)) & 0x0000ffff;
}
