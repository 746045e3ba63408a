/**
 * Every correlation made by OT without a dealer satisfies its relation on the opened values
 * (the shares of all parties added up in the test), for FM64 and FM128 and 2, 3 and 5 parties;
 * the 2-party ones (MulPriv, GF(p)) with 2 parties, as in SPU; with IKNP and with SoftSpokenOT.
 */
import { describe, expect, it } from 'vitest';
import { ringOf, type Field, type Words } from '../../ring';
import { gfToBigInts, P127 } from '../../ring/gfp';
import { simulate } from '../../io/simulate';
import type { CorrelationRequest, PrivPair, SquarePair, Triple, TruncPair } from '../correlations';
import { OtStore, type OtExtension } from '../otSetup';
import { chunksOf, planOffline } from './otDealer';

const N = 40;
/** Elements of the requests at the ends of a parameter's range (a 1-bit AND triple, shifts by 1 and by k − 2). */
const N_EDGE = 8;
/**
 * Base OTs kept across the tests as a worker keeps them across the runs of a room: a run of N
 * parties is parties 0..N−1 of the room, so each pair makes its base OTs once in the file.
 */
const room = Array.from({ length: 5 }, () => new OtStore());
const storesFor = (parties: number) => room.slice(0, parties);

function requests(parties: number, k: number): CorrelationRequest[] {
  const r: CorrelationRequest[] = [
    { kind: 'triple', n: N, param: 0 },
    { kind: 'square', n: N, param: 0 },
    { kind: 'andTriple', n: N, param: 7 },
    { kind: 'andTriple', n: N, param: 64 },
    { kind: 'randBits', n: 3 * N, param: 0 },
    { kind: 'truncPair', n: N, param: 18 },
    { kind: 'andTriple', n: N_EDGE, param: 1 },
    // the shift by k − 2 leaves no random high part (truncJob's hBits ≤ 0)
    { kind: 'truncPair', n: N_EDGE, param: 1 },
    { kind: 'truncPair', n: N_EDGE, param: k - 2 },
  ];
  if (parties === 2) r.push({ kind: 'privPair', n: N, param: 0 }, { kind: 'privBitPair', n: N, param: 0 }, { kind: 'privPairGf', n: N, param: 0 });
  return r;
}

describe.each([
  ['FM64', 'iknp'],
  ['FM128', 'iknp'],
  ['FM64', 'softspoken4'],
  ['FM128', 'softspoken4'],
  ['FM128', 'softspoken7'],
  ['FM128', 'softspoken8'],
] as [Field, OtExtension][])('dealer-free correlations on %s with %s', (field, otExtension) => {
  const ring = ringOf(field);
  const k = BigInt(ring.k);
  const mod = (v: bigint) => BigInt.asUintN(ring.k, v);
  const els = (w: Words) => Array.from({ length: ring.size(w) }, (_, i) => ring.get(w, i));
  const sum = (ws: Words[]) => ws.map(els).reduce((s, x) => s.map((v, i) => mod(v + x[i]!)));
  const xor = (ws: Words[]) => ws.map(els).reduce((s, x) => s.map((v, i) => v ^ x[i]!));

  it.each([2, 3, 5])('%i parties: every relation holds on the opened values', async (parties) => {
    const reqs = requests(parties, ring.k);
    const runs = await simulate(
      parties,
      async (p) => {
        await p.preprocess(reqs);
        const d = p.dealer;
        const out = {
          triple: d.triple(N),
          square: d.square(N),
          and7: d.andTriple(N, 7),
          and64: d.andTriple(N, 64),
          bits: d.randBits(3 * N),
          trunc: d.truncPair(N, 18),
          and1: d.andTriple(N_EDGE, 1),
          trunc1: d.truncPair(N_EDGE, 1),
          truncTop: d.truncPair(N_EDGE, ring.k - 2),
          priv: parties === 2 ? d.privPair(N) : null,
          privBit: parties === 2 ? d.privBitPair(N) : null,
          privGf: parties === 2 ? d.privPairGf(N) : null,
        };
        expect(p.offline!.pool.remaining, 'correlations made but not taken').toBe(0);
        return { out, offline: p.sched.traffic().offline };
      },
      { field, seed: 3, trust: 'ot', otExtension, otStores: storesFor(parties) },
    );
    const all = runs.map((r) => r.output.out);
    // offline rounds: 2 of setup, 1 of extension, N − 1 of corrections (the random-bit folds)
    for (const r of runs) expect(r.output.offline.rounds).toBe(2 + 1 + (parties - 1));

    const t = all.map((o) => o.triple as Triple);
    const A = sum(t.map((x) => x.a)), B = sum(t.map((x) => x.b));
    expect(sum(t.map((x) => x.c))).toEqual(A.map((a, i) => mod(a * B[i]!)));

    const sq = all.map((o) => o.square as SquarePair);
    const S = sum(sq.map((x) => x.a));
    expect(sum(sq.map((x) => x.b))).toEqual(S.map((a) => mod(a * a)));

    for (const [key, nbits] of [['and7', 7], ['and64', 64], ['and1', 1]] as const) {
      const at = all.map((o) => o[key] as Triple);
      const a = xor(at.map((x) => x.a)), b = xor(at.map((x) => x.b));
      const lim = 1n << BigInt(nbits);
      for (const v of [...a, ...b, ...at.flatMap((x) => els(x.c))]) expect(v < lim).toBe(true);
      expect(xor(at.map((x) => x.c))).toEqual(a.map((v, i) => v & b[i]!));
    }

    const bits = sum(all.map((o) => o.bits));
    expect(bits.every((b) => b === 0n || b === 1n)).toBe(true);
    const ones = bits.filter((b) => b === 1n).length;
    expect(ones).toBeGreaterThan(N);
    expect(ones).toBeLessThan(2 * N);

    for (const [key, m] of [['trunc', 18n], ['trunc1', 1n], ['truncTop', k - 2n]] as const) {
      const tp = all.map((o) => o[key] as TruncPair);
      const R = sum(tp.map((x) => x.r));
      expect(sum(tp.map((x) => x.rc)), `${key}: rc`).toEqual(R.map((r) => (r & ((1n << (k - 1n)) - 1n)) >> m));
      expect(sum(tp.map((x) => x.rb)), `${key}: rb`).toEqual(R.map((r) => r >> (k - 1n)));
    }

    if (parties === 2) {
      const pp = all.map((o) => o.priv as PrivPair);
      expect(sum(pp.map((x) => x.c))).toEqual(els(pp[0]!.mask).map((a, i) => mod(a * els(pp[1]!.mask)[i]!)));
      const pb = all.map((o) => o.privBit as PrivPair);
      for (const x of pb) expect(els(x.mask).every((b) => b === 0n || b === 1n)).toBe(true);
      expect(sum(pb.map((x) => x.c))).toEqual(els(pb[0]!.mask).map((a, i) => a * els(pb[1]!.mask)[i]!));
      const pg = all.map((o) => o.privGf as PrivPair);
      const [a0, a1] = [gfToBigInts(pg[0]!.mask), gfToBigInts(pg[1]!.mask)];
      for (const v of [...a0, ...a1]) expect(v < P127).toBe(true);
      const c = gfToBigInts(pg[0]!.c).map((v, i) => (v + gfToBigInts(pg[1]!.c)[i]!) % P127);
      expect(c).toEqual(a0.map((a, i) => (a * a1[i]!) % P127));
    }
  });
});

/**
 * Many chunks: each chunk's extension shares the round of the previous chunk's first corrections
 * (with the scheduler's batching; without it every exchange is a round). The correlations still
 * hold, and rounds and bytes are planOffline's to the byte.
 */
describe('dealer-free correlations in many chunks', () => {
  const ring = ringOf('FM128');
  const mod = (v: bigint) => BigInt.asUintN(ring.k, v);
  const els = (w: Words) => Array.from({ length: ring.size(w) }, (_, i) => ring.get(w, i));
  const sum = (ws: Words[]) => ws.map(els).reduce((s, x) => s.map((v, i) => mod(v + x[i]!)));
  const xor = (ws: Words[]) => ws.map(els).reduce((s, x) => s.map((v, i) => v ^ x[i]!));
  const chunkCots = 1024;

  it.each([
    [2, true],
    [2, false],
    [3, true],
    [3, false],
  ])('%i parties, batching %s', async (parties, batching) => {
    const reqs: CorrelationRequest[] = [
      { kind: 'triple', n: N, param: 0 },
      { kind: 'andTriple', n: N, param: 64 },
      { kind: 'truncPair', n: N, param: 18 },
    ];
    if (parties === 2) reqs.push({ kind: 'privPair', n: N, param: 0 }, { kind: 'privPairGf', n: N, param: 0 });
    const runs = await simulate(
      parties,
      async (p) => {
        await p.preprocess(reqs);
        const d = p.dealer;
        const out = { triple: d.triple(N), and64: d.andTriple(N, 64), trunc: d.truncPair(N, 18), priv: parties === 2 ? d.privPair(N) : null, privGf: parties === 2 ? d.privPairGf(N) : null };
        return { out, offline: p.sched.traffic().offline, setup: p.graph.nodes.filter((g) => g.name.startsWith('setup_')).reduce((s, g) => s + g.payloadBytesSent, 0) };
      },
      { field: 'FM128', seed: 5, trust: 'ot', otExtension: 'softspoken4', otStores: storesFor(parties), otChunkCots: chunkCots, batching },
    );
    const plan = planOffline(reqs, parties, ring.k, 'softspoken4', { chunkCots, batching });
    const chunks = chunksOf(reqs, ring.k, chunkCots).length;
    expect(chunks).toBeGreaterThan(5);
    // 3 parties: the truncation pairs' random bits fold in 2 correction steps
    const steps = chunksOf(reqs, ring.k, chunkCots).map((c) => (parties > 2 && c.some((piece) => reqs[piece.req]!.kind === 'truncPair') ? parties - 1 : 1));
    const stepTotal = steps.reduce((a, b) => a + b, 0);
    expect(plan.rounds).toBe(batching ? 1 + stepTotal : chunks + stepTotal);
    runs.forEach((r, party) => {
      expect(r.output.offline.rounds - 2).toBe(plan.rounds);
      expect(r.output.offline.payloadBytesSent - r.output.setup).toBe(plan.sent[party]);
    });

    const all = runs.map((r) => r.output.out);
    const t = all.map((o) => o.triple as Triple);
    const A = sum(t.map((x) => x.a)), B = sum(t.map((x) => x.b));
    expect(sum(t.map((x) => x.c))).toEqual(A.map((a, i) => mod(a * B[i]!)));
    const at = all.map((o) => o.and64 as Triple);
    const a = xor(at.map((x) => x.a)), b = xor(at.map((x) => x.b));
    expect(xor(at.map((x) => x.c))).toEqual(a.map((v, i) => v & b[i]!));
    const tp = all.map((o) => o.trunc as TruncPair);
    const R = sum(tp.map((x) => x.r));
    expect(sum(tp.map((x) => x.rc))).toEqual(R.map((r) => (r & ((1n << 127n) - 1n)) >> 18n));
    expect(sum(tp.map((x) => x.rb))).toEqual(R.map((r) => r >> 127n));
    if (parties === 2) {
      const pp = all.map((o) => o.priv as PrivPair);
      expect(sum(pp.map((x) => x.c))).toEqual(els(pp[0]!.mask).map((v, i) => mod(v * els(pp[1]!.mask)[i]!)));
      const pg = all.map((o) => o.privGf as PrivPair);
      const [a0, a1] = [gfToBigInts(pg[0]!.mask), gfToBigInts(pg[1]!.mask)];
      const c = gfToBigInts(pg[0]!.c).map((v, i) => (v + gfToBigInts(pg[1]!.c)[i]!) % P127);
      expect(c).toEqual(a0.map((v, i) => (v * a1[i]!) % P127));
    }
  });
});
