/**
 * The fused and in-place ring ops (subInto, addInto, completeTripleInto, beaverCombine_, unpackAdd_,
 * unpackXor_, addScalar_ and the like) against the unfused ops
 * they replace, on every ring: FM64, the wasm FM128 and its bigint reference. Sizes around the
 * wasm chunk of 4096 elements, odd and even; edge values; subarray operands and results; packed
 * bytes at every width and at unaligned offsets in a larger buffer, as payloads sit in a frame.
 */
import { describe, expect, it } from 'vitest';
import { MpcError } from '../errors';
import { Prg } from '../prg/prg';
import type { Ring, Words } from './ring';
import { ring64 } from './ring64';
import { ring128 } from './ring128';
import { ring128Reference } from './ring128Reference';

const prg = new Prg(new Uint8Array(16).fill(9), 3);
const SIZES = [0, 1, 2, 3, 17, 4096, 8193];

function edges(ring: Ring): bigint[] {
  const top = 1n << BigInt(ring.k - 1);
  return [0n, 1n, ring.mask, top, top - 1n, (1n << 64n) - 1n, 1n << 63n];
}

/** The bytes at an odd offset of a larger buffer, as a payload after a frame's header may sit. */
function unaligned(bytes: Uint8Array, offset: number): Uint8Array {
  const host = new Uint8Array(bytes.length + offset);
  host.set(bytes, offset);
  return host.subarray(offset);
}

for (const ring of [ring64, ring128, ring128Reference]) {
  const name = ring === ring128Reference ? 'FM128 reference' : ring.field;
  const random = (n: number): Words => prg.words(n * ring.wpe);

  describe(`fused ops, ${name}`, () => {
    for (const n of ring === ring128Reference ? [0, 1, 17, 300] : SIZES) {
      it(`subInto and beaverCombine_ equal sub and add_(mul), n=${n}`, () => {
        const [x, y, e, d, a, b, c] = [random(n), random(n), random(n), random(n), random(n), random(n), random(n)];
        // into a subarray of a larger array, which must stay untouched around it
        const host = random(n + 2);
        const before = host.slice();
        const z = host.subarray(ring.wpe, ring.wpe * (n + 1));
        ring.subInto(z, x, y);
        expect(z).toEqual(ring.sub(x, y));
        expect(host.subarray(0, ring.wpe)).toEqual(before.subarray(0, ring.wpe));
        expect(host.subarray(ring.wpe * (n + 1))).toEqual(before.subarray(ring.wpe * (n + 1)));
        // z may be x itself
        const x2 = x.slice();
        ring.subInto(x2, x2, y);
        expect(x2).toEqual(ring.sub(x, y));
        for (const withEd of [false, true]) {
          const want = c.slice();
          ring.add_(want, ring.mul(e, b));
          ring.add_(want, ring.mul(d, a));
          if (withEd) ring.add_(want, ring.mul(e, d));
          const got = c.slice();
          const inputs = [e, d, a, b].map((v) => v.slice());
          ring.beaverCombine_(got, e, d, a, b, withEd);
          expect(got, `withEd ${withEd}`).toEqual(want);
          expect([e, d, a, b], 'operands unchanged').toEqual(inputs);
        }
      });
    }

    for (const n of ring === ring128Reference ? [0, 1, 17, 300] : SIZES) {
      it(`addInto and completeTripleInto equal add and sub(mul(add, add)), n=${n}`, () => {
        const [x, y, a0, a1, b0, b1, c1] = [random(n), random(n), random(n), random(n), random(n), random(n), random(n)];
        const host = random(n + 2);
        const before = host.slice();
        const z = host.subarray(ring.wpe, ring.wpe * (n + 1));
        ring.addInto(z, x, y);
        expect(z).toEqual(ring.add(x, y));
        const x2 = x.slice();
        ring.addInto(x2, x2, y);
        expect(x2).toEqual(ring.add(x, y));
        const inputs = [a0, a1, b0, b1, c1].map((v) => v.slice());
        ring.completeTripleInto(z, a0, a1, b0, b1, c1);
        expect(z).toEqual(ring.sub(ring.mul(ring.add(a0, a1), ring.add(b0, b1)), c1));
        expect([a0, a1, b0, b1, c1], 'operands unchanged').toEqual(inputs);
        expect(host.subarray(0, ring.wpe)).toEqual(before.subarray(0, ring.wpe));
        expect(host.subarray(ring.wpe * (n + 1))).toEqual(before.subarray(ring.wpe * (n + 1)));
        // a square: b = a
        ring.completeTripleInto(z, a0, a1, a0, a1, c1);
        const s = ring.add(a0, a1);
        expect(z).toEqual(ring.sub(ring.mul(s, s), c1));
      });
    }

    for (const n of ring === ring128Reference ? [0, 1, 17] : SIZES) {
      it(`the in-place ops equal the allocating ones, n=${n}`, () => {
        const x = random(n);
        const y = random(n);
        const c = ring.get(random(1), 0) | 1n;
        const cases: [string, (v: Words) => void, Words][] = [
          ['addScalar_', (v) => ring.addScalar_(v, c), ring.addScalar(x, c)],
          ['mulScalar_', (v) => ring.mulScalar_(v, c), ring.mulScalar(x, c)],
          ['mulScalar_ by -1', (v) => ring.mulScalar_(v, -1n), ring.neg(x)],
          ['andScalar_', (v) => ring.andScalar_(v, c), ring.andScalar(x, c)],
          ['neg_', (v) => ring.neg_(v), ring.neg(x)],
          ['shl_', (v) => ring.shl_(v, ring.k - 3), ring.shl(x, ring.k - 3)],
          ['lshr_', (v) => ring.lshr_(v, 5), ring.lshr(x, 5)],
          ['mul_', (v) => ring.mul_(v, y), ring.mul(x, y)],
        ];
        for (const [op, run, want] of cases) {
          // in a subarray of a larger array, which must stay untouched around it
          const host = random(n + 2);
          const before = host.slice();
          const v = host.subarray(ring.wpe, ring.wpe * (n + 1));
          v.set(x);
          run(v);
          expect(v, op).toEqual(want);
          expect(host.subarray(0, ring.wpe), op).toEqual(before.subarray(0, ring.wpe));
          expect(host.subarray(ring.wpe * (n + 1)), op).toEqual(before.subarray(ring.wpe * (n + 1)));
        }
        const same = x.slice();
        ring.mul_(same, same);
        expect(same, 'mul_ of x by itself').toEqual(ring.mul(x, x));
      });
    }

    it('completeTripleInto on edge values', () => {
      const E = edges(ring);
      const xs = ring.fromBigInts(E.flatMap((v) => E.map(() => v)));
      const ys = ring.fromBigInts(E.flatMap(() => E));
      const z = ring.alloc(E.length * E.length);
      ring.completeTripleInto(z, xs, ys, ys, xs, xs);
      const s = ring.add(xs, ys);
      expect(z).toEqual(ring.sub(ring.mul(s, s), xs));
    });

    it('beaverCombine_ on edge values, and as a square (d = e, b = a)', () => {
      const E = edges(ring);
      const xs = ring.fromBigInts(E.flatMap((v) => E.map(() => v)));
      const ys = ring.fromBigInts(E.flatMap(() => E));
      const c = ring.fromBigInts(E.flatMap((v, i) => E.map((w, j) => v * BigInt(j) + w * BigInt(i))));
      for (const withEd of [false, true]) {
        const want = c.slice();
        ring.add_(want, ring.mul(xs, ys));
        ring.add_(want, ring.mul(ys, xs));
        if (withEd) ring.add_(want, ring.mul(xs, ys));
        const got = c.slice();
        ring.beaverCombine_(got, xs, ys, xs, ys, withEd);
        expect(got).toEqual(want);
        const sq = c.slice();
        ring.beaverCombine_(sq, xs, xs, ys, ys, withEd);
        const wantSq = c.slice();
        ring.add_(wantSq, ring.mulScalar(ring.mul(xs, ys), 2n));
        if (withEd) ring.add_(wantSq, ring.mul(xs, xs));
        expect(sq).toEqual(wantSq);
      }
    });

    for (const n of ring === ring128Reference ? [0, 1, 3, 300] : [0, 1, 3, 4096, 4099]) {
      it(`unpackAdd_ and unpackXor_ equal add_ / xor_ of unpack, every width, n=${n}`, () => {
        const x = random(n);
        const y = random(n);
        for (let w = 1; w <= ring.bytes; w++) {
          for (const offset of [0, 1, 2, 3, 4, 8]) {
            const packed = unaligned(ring.pack(y, w), offset);
            const sum = x.slice();
            ring.unpackAdd_(sum, packed, w);
            expect(sum, `add, width ${w}, offset ${offset}`).toEqual(ring.add(x, ring.unpack(packed, w, n)));
            const xor = x.slice();
            ring.unpackXor_(xor, packed, w);
            expect(xor, `xor, width ${w}, offset ${offset}`).toEqual(ring.xor(x, ring.unpack(packed, w, n)));
          }
        }
      });
    }

    it('wrong sizes are ERR_SHAPE', () => {
      const x = random(4);
      const shape = (f: () => void) => expect(f).toThrow(expect.objectContaining({ code: 'ERR_SHAPE' }) as MpcError);
      shape(() => ring.subInto(random(3), x, x));
      shape(() => ring.subInto(x, x, random(5)));
      shape(() => ring.beaverCombine_(x, x, x, x, random(3), true));
      shape(() => ring.addInto(random(3), x, x));
      shape(() => ring.mul_(x, random(3)));
      shape(() => ring.shl_(x, ring.k));
      shape(() => ring.lshr_(x, -1));
      shape(() => ring.addInto(x, x, random(5)));
      shape(() => ring.completeTripleInto(x, x, x, x, x, random(3)));
      shape(() => ring.unpackAdd_(x, new Uint8Array(4 * ring.bytes - 1), ring.bytes));
      shape(() => ring.unpackXor_(x, new Uint8Array(4 * ring.bytes + 1), ring.bytes));
      shape(() => ring.unpackXor_(x, new Uint8Array(0), ring.bytes + 1));
    });
  });
}
