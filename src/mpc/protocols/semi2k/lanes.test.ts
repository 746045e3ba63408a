/**
 * Lane kernels against the ring's own operations on the same values: random values at sizes that
 * leave a tail after the 32-bit words, and views at offsets that are not 4-byte aligned.
 */
import { describe, expect, it } from 'vitest';
import { Prg } from '../../prg/prg';
import { backtypeBytes, type Words } from '../../ring';
import { ring128 } from '../../ring/ring128';
import { allocLanes, andCombineInto, deinterleaveLanes, lowBitsShifted, maskLanes, spreadLanes, xorLanes, xorLanesInto, xorLanesTo } from './lanes';

const ring = ring128;
const prg = new Prg(new Uint8Array(16).fill(3), 1);
const SIZES = [1, 3, 4, 5, 17, 1001];

/** n random values of nbits bits, as ring words. */
function randomWords(n: number, nbits: number): Words {
  const x = prg.words(2 * n);
  return nbits >= 128 ? x : ring.andScalar(x, (1n << BigInt(nbits)) - 1n);
}

const toLanes = (x: Words, nbits: number) => ring.pack(x, backtypeBytes(nbits));
const fromLanes = (x: Uint8Array, nbits: number, n: number) => ring.unpack(x, backtypeBytes(nbits), n);

/** A copy of x inside a larger buffer at byte offset 1 (not aligned). */
function misaligned(x: Uint8Array): Uint8Array {
  const big = new Uint8Array(x.length + 1);
  big.set(x, 1);
  return big.subarray(1);
}

describe('lanes', () => {
  for (const n of SIZES) {
    it(`deinterleave equals the ring's at every width, n = ${n}`, () => {
      for (let w = 2; w <= 128; w *= 2) {
        const x = randomWords(n, w);
        const want = ring.deinterleave(x, w);
        for (const input of [toLanes(x, w), misaligned(toLanes(x, w))]) {
          const got = deinterleaveLanes(input, n, w);
          expect(fromLanes(got.even, w / 2, n), `even, width ${w}`).toEqual(want.even);
          expect(fromLanes(got.odd, w / 2, n), `odd, width ${w}`).toEqual(want.odd);
        }
      }
    });

    it(`xor and the fused AND combine equal the ring's, aligned or not, n = ${n}`, () => {
      for (const w of [1, 8, 16, 32, 64, 128]) {
        const [z, e, d, a, b] = [0, 1, 2, 3, 4].map(() => randomWords(n, w));
        const want = ring.xor(ring.xor(z!, ring.and(e!, b!)), ring.and(d!, a!));
        const wantEd = ring.xor(want, ring.and(e!, d!));
        for (const shift of [false, true]) {
          const L = (v: Words) => (shift ? misaligned(toLanes(v, w)) : toLanes(v, w));
          const zl = L(z!);
          andCombineInto(zl, L(e!), L(d!), L(a!), L(b!), false);
          expect(fromLanes(zl, w, n)).toEqual(want);
          const zl2 = L(z!);
          andCombineInto(zl2, L(e!), L(d!), L(a!), L(b!), true);
          expect(fromLanes(zl2, w, n)).toEqual(wantEd);
          expect(fromLanes(xorLanes(L(e!), L(d!)), w, n)).toEqual(ring.xor(e!, d!));
          const into = L(e!);
          xorLanesInto(into, L(d!));
          expect(fromLanes(into, w, n)).toEqual(ring.xor(e!, d!));
          const out = allocLanes(2 * n * backtypeBytes(w)).subarray(n * backtypeBytes(w));
          xorLanesTo(out, L(e!), L(d!));
          expect(fromLanes(out, w, n)).toEqual(ring.xor(e!, d!));
        }
      }
    });

    it(`low bits shifted and bit l equal the ring's, n = ${n}`, () => {
      for (const l of [1, 5, 13, 16, 31, 32, 33, 41, 63]) {
        const W = 2 ** Math.ceil(Math.log2(l));
        const x = randomWords(n, 64);
        const got = lowBitsShifted(toLanes(x, 64), n, l, W - l);
        const want = ring.shl(ring.andScalar(x, (1n << BigInt(l)) - 1n), W - l);
        expect(fromLanes(got.lanes, W, n), `l = ${l}`).toEqual(want);
        expect(ring.unpack(got.bitL, 1, n), `bit ${l}`).toEqual(ring.bit(x, l));
      }
    });
  }

  it('spreads and masks drawn bytes to nbits-bit lanes', () => {
    const n = 7;
    for (const nbits of [1, 3, 8, 12, 24, 40, 64, 100]) {
      const bw = Math.ceil(nbits / 8);
      const drawn = allocLanes(n * bw);
      prg.fill(drawn);
      const lanes = spreadLanes(drawn, n, bw, backtypeBytes(nbits));
      maskLanes(lanes, n, nbits);
      const want = ring.andScalar(ring.unpack(drawn, bw, n), (1n << BigInt(nbits)) - 1n);
      expect(fromLanes(lanes, nbits, n), `${nbits} bits`).toEqual(want);
    }
  });
});
