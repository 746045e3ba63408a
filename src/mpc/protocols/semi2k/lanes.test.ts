/**
 * Lane kernels (wasm, asm/lanes.ts) against the ring's own operations on the same values: random
 * values at sizes that leave a tail after the 16-byte vectors or span several of the kernels'
 * 32 KiB chunks, all-zero and all-one values, and views at offsets that are not 4-byte aligned;
 * and the lane pool.
 */
import { describe, expect, it } from 'vitest';
import { Prg } from '../../prg/prg';
import { backtypeBytes, type Words } from '../../ring';
import { ring128 } from '../../ring/ring128';
import { allocLanes, andCombineInto, carryLevelMessages, lowBitsShifted, maskLanes, releaseLanes, spreadLanes, uninitLanes, xorLanes, xorLanesInto, xorLanesTo } from './lanes';

const ring = ring128;
const prg = new Prg(new Uint8Array(16).fill(3), 1);
const SIZES = [1, 3, 4, 5, 17, 1001];
/** Elements enough for several of the kernels' chunks (32 KiB of input each) at 8 bytes each. */
const MANY = 9001;

/** n random values of nbits bits, as ring words. */
function randomWords(n: number, nbits: number): Words {
  const x = prg.words(2 * n);
  return nbits >= 128 ? x : ring.andScalar(x, (1n << BigInt(nbits)) - 1n);
}

const toLanes = (x: Words, nbits: number) => ring.pack(x, backtypeBytes(nbits));
const fromLanes = (x: Uint8Array, nbits: number, n: number) => ring.unpack(x, backtypeBytes(nbits), n);

/**
 * The even/odd split of n elements of w bits by carryLevelMessages with P = G = x and zero
 * triples: ed1 = [Po | Pe], ed2 = [Po | Ge] and the returned Go must agree.
 */
function deinterleaveLanes(x: Uint8Array, n: number, w: number): { even: Uint8Array; odd: Uint8Array } {
  const half = n * backtypeBytes(w / 2);
  const zero = { a: new Uint8Array(half), b: new Uint8Array(half) };
  const ed1 = new Uint8Array(2 * half);
  const ed2 = new Uint8Array(2 * half);
  const go = carryLevelMessages(x, x, n, w, zero, zero, ed1, ed2);
  expect(ed2).toEqual(ed1);
  expect(go).toEqual(ed1.subarray(0, half));
  return { even: ed1.subarray(half), odd: go };
}

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
  it(`kernels equal the ring's across chunk boundaries, n = ${MANY}`, () => {
    const n = MANY;
    for (const w of [64, 128]) {
      const x = randomWords(n, w);
      const want = ring.deinterleave(x, w);
      const got = deinterleaveLanes(misaligned(toLanes(x, w)), n, w);
      expect(fromLanes(got.even, w / 2, n), `even, width ${w}`).toEqual(want.even);
      expect(fromLanes(got.odd, w / 2, n), `odd, width ${w}`).toEqual(want.odd);
    }
    const [z, e, d, a, b] = [0, 1, 2, 3, 4].map(() => randomWords(n, 64));
    const zl = toLanes(z!, 64);
    andCombineInto(zl, toLanes(e!, 64), toLanes(d!, 64), misaligned(toLanes(a!, 64)), toLanes(b!, 64), true);
    expect(fromLanes(zl, 64, n)).toEqual(ring.xor(ring.xor(ring.xor(z!, ring.and(e!, b!)), ring.and(d!, a!)), ring.and(e!, d!)));
    expect(fromLanes(xorLanes(toLanes(e!, 64), misaligned(toLanes(d!, 64))), 64, n)).toEqual(ring.xor(e!, d!));
    const x = randomWords(n, 64);
    const got = lowBitsShifted(toLanes(x, 64), n, 41, 23);
    expect(fromLanes(got.lanes, 64, n)).toEqual(ring.shl(ring.andScalar(x, (1n << 41n) - 1n), 23));
    expect(ring.unpack(got.bitL, 1, n)).toEqual(ring.bit(x, 41));
  });

  it('deinterleaves one-byte and two-byte lanes across chunk boundaries, against a bit-by-bit reference', () => {
    const n = 70001;
    for (const w of [2, 4, 8, 16]) {
      const bt = backtypeBytes(w);
      const x = new Uint8Array(n * bt);
      prg.fill(x);
      maskLanes(x, n, w);
      const got = deinterleaveLanes(x, n, w);
      const outBt = backtypeBytes(w / 2);
      for (let i = 0; i < n; i++) {
        const v = bt === 1 ? x[i]! : x[2 * i]! | (x[2 * i + 1]! << 8);
        let ev = 0;
        let od = 0;
        for (let j = 0; j < w / 2; j++) {
          ev |= ((v >> (2 * j)) & 1) << j;
          od |= ((v >> (2 * j + 1)) & 1) << j;
        }
        if (got.even[i * outBt] !== ev || got.odd[i * outBt] !== od) {
          expect({ i, even: got.even[i * outBt], odd: got.odd[i * outBt] }, `width ${w}`).toEqual({ i, even: ev, odd: od });
        }
      }
    }
  });

  for (const n of [1, 17, MANY]) {
    it(`a carry level's messages equal the ring's split and XORs, with and without the P AND, n = ${n}`, () => {
      for (const w of [2, 4, 8, 16, 32, 64, 128]) {
        const h = w / 2;
        const [P, G, a1, b1, a2, b2] = [w, w, h, h, h, h].map((bits) => randomWords(n, bits));
        const Ps = ring.deinterleave(P!, w);
        const Gs = ring.deinterleave(G!, w);
        const half = n * backtypeBytes(h);
        for (const withP of [true, false]) {
          const ed1 = withP ? misaligned(new Uint8Array(2 * half).fill(0xa5)) : null;
          const ed2 = new Uint8Array(2 * half).fill(0x5a);
          const t1 = withP ? { a: toLanes(a1!, h), b: misaligned(toLanes(b1!, h)) } : null;
          const go = carryLevelMessages(misaligned(toLanes(P!, w)), toLanes(G!, w), n, w, t1, { a: toLanes(a2!, h), b: toLanes(b2!, h) }, ed1, ed2);
          if (ed1) {
            expect(fromLanes(ed1.subarray(0, half), h, n), `Po ⊕ a1, width ${w}`).toEqual(ring.xor(Ps.odd, a1!));
            expect(fromLanes(ed1.subarray(half), h, n), `Pe ⊕ b1, width ${w}`).toEqual(ring.xor(Ps.even, b1!));
          }
          expect(fromLanes(ed2.subarray(0, half), h, n), `Po ⊕ a2, width ${w}`).toEqual(ring.xor(Ps.odd, a2!));
          expect(fromLanes(ed2.subarray(half), h, n), `Ge ⊕ b2, width ${w}`).toEqual(ring.xor(Gs.even, b2!));
          expect(fromLanes(go, h, n), `Go, width ${w}`).toEqual(Gs.odd);
        }
      }
    });
  }

  it('refuses a carry level whose arrays do not fit its shape', () => {
    const t = { a: new Uint8Array(4), b: new Uint8Array(4) };
    expect(() => carryLevelMessages(new Uint8Array(8), new Uint8Array(8), 4, 16, t, t, null, new Uint8Array(7))).toThrow(/carry level/);
    expect(() => carryLevelMessages(new Uint8Array(8), new Uint8Array(6), 4, 16, t, t, null, new Uint8Array(8))).toThrow(/carry level/);
  });

  it('all-zero and all-one values', () => {
    const n = 33;
    for (let w = 2; w <= 128; w *= 2) {
      const ones = ring.alloc(n).fill(0n);
      ring.xor_(ones, ring.andScalar(ring.xorScalar(ones, ring.mask), w >= 128 ? ring.mask : (1n << BigInt(w)) - 1n));
      const zeros = ring.alloc(n);
      const o = deinterleaveLanes(toLanes(ones, w), n, w);
      const wantOnes = ring.andScalar(ring.xorScalar(zeros, ring.mask), (1n << BigInt(w / 2)) - 1n);
      expect(fromLanes(o.even, w / 2, n), `even of ones, width ${w}`).toEqual(wantOnes);
      expect(fromLanes(o.odd, w / 2, n), `odd of ones, width ${w}`).toEqual(wantOnes);
      expect(fromLanes(deinterleaveLanes(toLanes(zeros, w), n, w).odd, w / 2, n)).toEqual(zeros);
      const z = toLanes(zeros, w);
      const one = toLanes(ones, w);
      andCombineInto(z, one, one, one, one, true);
      expect(fromLanes(z, w, n), `ones combined, width ${w}`).toEqual(ones);
      expect(fromLanes(xorLanes(one, one), w, n)).toEqual(zeros);
    }
    const top = ring.xorScalar(ring.alloc(3), (1n << 64n) - 1n);
    const low = lowBitsShifted(toLanes(top, 64), 3, 63, 1);
    expect(fromLanes(low.lanes, 64, 3)).toEqual(ring.andScalar(ring.shl(top, 1), (1n << 64n) - 1n));
    expect(ring.unpack(low.bitL, 1, 3)).toEqual(ring.bit(top, 63));
  });

  it('pools large lane arrays: a released array comes back zeroed, foreign or twice-released arrays are left alone', () => {
    const bytes = 1 << 17;
    const x = allocLanes(bytes);
    x.fill(7);
    releaseLanes(x, x, new Uint8Array(bytes), x.subarray(4));
    const again = allocLanes(bytes);
    expect(again.buffer).toBe(x.buffer);
    expect(again.every((v) => v === 0)).toBe(true);
    const other = uninitLanes(bytes);
    expect(other.buffer).not.toBe(x.buffer);
    expect(other.length).toBe(bytes);
    const small = allocLanes(5);
    expect(small.buffer.byteLength).toBe(8);
  });
});
