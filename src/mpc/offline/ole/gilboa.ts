/**
 * Gilboa's OLE from correlated OTs (CRYPTO 1999; as in ABY and MASCOT/SPDZ2k without MACs;
 * preprocessing.md §2.3): the COT sender holds x, the COT receiver chooses with the bits y_b of y,
 * and they end with additive shares of x·y.
 *
 * COT b gives the sender m0 = H(q), m1 = H(q ⊕ Δ) and the receiver m_c = H(t), c = y_b (H = the
 * TCCR hash with the COT's index). The sender sends τ = m0 − m1 + x and keeps −m0; the receiver
 * computes m_c + c·τ = m0 + c·x. Weighted by 2^b over Z_2^k the product needs only the low k − b
 * bits of τ: k(k+1)/2 bits per OLE. Three forms:
 *   ring  Z_2^k, y of B bits (COTs bit-major: b·n + e), the product scaled by 2^shift (only the
 *         low k − b − shift bits of τ are sent)
 *   gf    GF(2^127 − 1), y of 127 bits: every τ is a full 127-bit field element (multiplying by
 *         2^b mod p rotates, so no bit can be left out)
 *   xor   single bits, XOR-shared: the cross terms of AND triples
 */
import { gfAdd, gfMulPow2, gfNeg, gfReduceFromRing, gfSub } from '../../ring/gfp';
import type { Ring, Words } from '../../ring';
import { pace } from '../../pace';
import { BitReader, BitWriter, bitBytes } from '../bits';
import { tccrHash } from '../../prg/tccr';
import { BLOCK } from '../ot/ext';

export const GF_BITS = 127;

/** One OLE on a channel, as both ends see it. */
export type OleSpec =
  /** Z_2^k: y has B bits per element (bit-major COTs b·n + e); the product is scaled by 2^shift. */
  | { readonly kind: 'ring'; readonly n: number; readonly B: number; readonly shift: number }
  /** GF(2^127 − 1): y has 127 bits per element. */
  | { readonly kind: 'gf'; readonly n: number }
  /** count independent bit × bit products, XOR-shared. */
  | { readonly kind: 'xor'; readonly count: number };

/** The sender's side of one OLE: the corrections for the receiver and its own share. */
export function oleSend(ring: Ring, spec: OleSpec, x: Words | Uint8Array, q: Uint8Array, firstIndex: bigint, at: number, delta: Uint8Array): { bytes: Uint8Array; share: Words | Uint8Array } {
  const k = ring.k;
  const bytes = new Uint8Array(correctionBytes(spec, k));
  const w = new BitWriter(bytes);
  // one set of buffers for every bit's hashes (each bit's values are used up before the next)
  const most = spec.kind === 'xor' ? spec.count : spec.n;
  const h0 = new Uint8Array(BLOCK * most), h1 = new Uint8Array(BLOCK * most), qd = new Uint8Array(BLOCK * most);
  const d = new Int32Array(delta.slice().buffer);
  const hashes = (from: number, count: number, index: bigint) => {
    const qs = q.subarray(BLOCK * from, BLOCK * (from + count));
    tccrHash(qs, index, h0);
    xorDeltaInto(qs, d, qd);
    tccrHash(qd, index, h1);
    pace();
    return { h0, h1 };
  };
  if (spec.kind === 'xor') {
    const xb = x as Uint8Array;
    const { h0, h1 } = hashes(at, spec.count, firstIndex);
    const share = new Uint8Array(spec.count);
    for (let j = 0; j < spec.count; j++) {
      const m0 = h0[BLOCK * j]! & 1;
      share[j] = m0;
      w.write(m0 ^ (h1[BLOCK * j]! & 1) ^ xb[j]!, 1);
    }
    return { bytes, share };
  }
  const { n } = spec;
  if (spec.kind === 'gf') {
    const xw = x as Words;
    let acc: Words = new BigUint64Array(2 * n);
    for (let b = 0; b < GF_BITS; b++) {
      const { h0, h1 } = hashes(at + b * n, n, firstIndex + BigInt(b * n));
      const m0 = gfReduceFromRing(new BigUint64Array(h0.buffer));
      const tau = gfAdd(gfSub(m0, gfReduceFromRing(new BigUint64Array(h1.buffer))), xw);
      w.writeWords(tau, n, 2, GF_BITS);
      acc = gfAdd(acc, gfMulPow2(m0, new Int32Array(n).fill(b)));
    }
    return { bytes, share: gfNeg(acc) };
  }
  const xw = x as Words;
  const acc = ring.alloc(n);
  for (let b = 0; b < spec.B; b++) {
    const { h0, h1 } = hashes(at + b * n, n, firstIndex + BigInt(b * n));
    const m0 = toRing(ring, h0, n);
    const tau = ring.sub(m0, toRing(ring, h1, n));
    ring.add_(tau, xw);
    w.writeWords(tau, n, ring.wpe, k - b - spec.shift);
    ring.add_(acc, ring.shl(m0, b + spec.shift));
  }
  return { bytes, share: ring.neg(acc) };
}

/** The receiver's side of one OLE: its share, from its COTs and the sender's corrections. */
export function oleReceive(ring: Ring, spec: OleSpec, y: Uint8Array, msg: Uint8Array, t: Uint8Array, firstIndex: bigint, at: number): Words | Uint8Array {
  const k = ring.k;
  const r = new BitReader(msg);
  // one buffer for every bit's hashes (each bit's values are used up before the next)
  const h = new Uint8Array(BLOCK * (spec.kind === 'xor' ? spec.count : spec.n));
  const hash = (from: number, count: number, index: bigint) => {
    tccrHash(t.subarray(BLOCK * from, BLOCK * (from + count)), index, h);
    pace();
    return h;
  };
  if (spec.kind === 'xor') {
    const h = hash(at, spec.count, firstIndex);
    const share = new Uint8Array(spec.count);
    for (let j = 0; j < spec.count; j++) share[j] = (h[BLOCK * j]! & 1) ^ (y[j]! & r.read(1));
    return share;
  }
  const { n } = spec;
  if (spec.kind === 'gf') {
    let acc: Words = new BigUint64Array(2 * n);
    for (let b = 0; b < GF_BITS; b++) {
      const mc = gfReduceFromRing(new BigUint64Array(hash(at + b * n, n, firstIndex + BigInt(b * n)).buffer));
      const tau = r.readWords(n, 2, GF_BITS);
      selectInPlace(tau, y, b * n, n, 2);
      acc = gfAdd(acc, gfMulPow2(gfAdd(mc, tau), new Int32Array(n).fill(b)));
    }
    return acc;
  }
  const acc = ring.alloc(n);
  for (let b = 0; b < spec.B; b++) {
    const mc = toRing(ring, hash(at + b * n, n, firstIndex + BigInt(b * n)), n);
    const tau = r.readWords(n, ring.wpe, k - b - spec.shift);
    selectInPlace(tau, y, b * n, n, ring.wpe);
    ring.add_(mc, tau);
    ring.add_(acc, ring.shl(mc, b + spec.shift));
  }
  return acc;
}

/** n hash outputs as ring elements: all 16 bytes for FM128, the low 8 for FM64. */
function toRing(ring: Ring, h: Uint8Array, n: number): Words {
  const w = new BigUint64Array(h.buffer, h.byteOffset, 2 * n);
  if (ring.wpe === 2) return w;
  const out = new BigUint64Array(n);
  for (let e = 0; e < n; e++) out[e] = w[2 * e]!;
  return out;
}

/** COTs of one OLE. */
export function cotsOf(spec: OleSpec): number {
  if (spec.kind === 'xor') return spec.count;
  if (spec.kind === 'gf') return GF_BITS * spec.n;
  return spec.B * spec.n;
}

/** Correction bytes of one OLE: Σ over its COTs of the bits that matter, packed. */
export function correctionBytes(spec: OleSpec, k: number): number {
  if (spec.kind === 'xor') return bitBytes(spec.count);
  if (spec.kind === 'gf') return bitBytes(GF_BITS * GF_BITS * spec.n);
  let bits = 0;
  for (let b = 0; b < spec.B; b++) bits += k - b - spec.shift;
  return bitBytes(bits * spec.n);
}

/** out = every 16-byte block of `blocks` XOR Δ (d: Δ as four words); out as long as blocks. */
function xorDeltaInto(blocks: Uint8Array, d: Int32Array, out: Uint8Array): void {
  const src = new Int32Array(blocks.buffer, blocks.byteOffset, blocks.length >> 2);
  const w = new Int32Array(out.buffer, out.byteOffset, blocks.length >> 2);
  const [d0, d1, d2, d3] = [d[0]!, d[1]!, d[2]!, d[3]!];
  for (let i = 0; i < w.length; i += 4) {
    w[i] = src[i]! ^ d0;
    w[i + 1] = src[i + 1]! ^ d1;
    w[i + 2] = src[i + 2]! ^ d2;
    w[i + 3] = src[i + 3]! ^ d3;
  }
}

/** Zero the elements e of x whose choice bit y[from + e] is 0. */
function selectInPlace(x: Words, y: Uint8Array, from: number, n: number, wpe: number): void {
  for (let e = 0; e < n; e++) {
    if (!y[from + e]) for (let i = 0; i < wpe; i++) x[wpe * e + i] = 0n;
  }
}
