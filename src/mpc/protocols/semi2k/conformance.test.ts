/**
 * Conformance: every kernel against plaintext for 2, 3 and 5 parties (where supported) and both
 * rings, on random and edge inputs; and the measured rounds and bytes equal the cost the kernel
 * registry (kernels.ts) declares (SPU verifyCost). No cost is written down here.
 *
 * Every case runs under both trust modes: 'tfp' (the trusted first party deals the correlations)
 * and 'ot' (the parties make them by oblivious transfer before the kernel runs). The online
 * rounds and bytes are held to the same declared cost in both, so they are equal; under 'ot' the
 * offline phase must also cost exactly what planOffline predicts from the requests.
 */
import { describe, expect, it } from 'vitest';
import { defaultFractionBits, ringOf, type Field, type Ring } from '../../ring';
import { simulate, type PartyRun, type SimOptions } from '../../io/simulate';
import type { CorrelationRequest } from '../../offline/correlations';
import { RecordingCorrelations } from '../../offline/correlations';
import { planOffline } from '../../offline/corr/otDealer';
import { OtStore, type OtExtension } from '../../offline/otSetup';
import { a2p, addAA, mulAA, p2a, squareA, v2a } from './arithmetic';
import { andBB, bitB } from './boolean';
import { less, select } from './compare';
import { a2b, a2bLow32, b2a, msbA2B, msbBounded } from './conversion';
import { expA } from './expA';
import { KERNEL_NAMES, KERNELS, kernelCost, kernelsFor, type CostParams, type KernelName } from './kernels';
import type { Party, Trust } from './party';
import { mulA1B, mulPriv, mulPrivBits, mulPrivGf } from './priv';
import { fxpConstant } from '../../ring/fixedPoint';
import { gfFromBigInts, gfToBigInts, P127 } from '../../ring/gfp';
import { bShare, type BShare } from './shares';
import { truncA, truncAPr } from './truncation';
import { DEFAULT_PROFILE, profileOf, type ProfileName } from './profile';

const FIELDS: Field[] = ['FM64', 'FM128'];
const PARTIES = [2, 3, 5];
const PROFILES_UNDER_TEST: ProfileName[] = ['spu2024', 'fast'];
/** 'ot' with the app's OT extension (softspoken4) on FM128 and IKNP on FM64, so both run. */
const TRUSTS: Trust[] = ['tfp', 'ot'];
/**
 * Random inputs per case, besides the edge values. 5 parties under 'ot' take 4: their 20 OT
 * channels make every correlation 10× the work of 2 parties' 2, and a2b and less (AND triples for
 * every bit of every value), two thirds of those cases' time, grow with n. The cases without
 * edge values take at least 16 (minRandom).
 */
const randomCount = (trust: Trust, parties: number) => (trust === 'ot' && parties === 5 ? 4 : 40);
const minRandom = (n: number) => Math.max(n, 16);
const otExtensionFor = (field: Field): OtExtension => (field === 'FM128' ? 'softspoken4' : 'iknp');

/**
 * Every party's base OTs, kept across the file's 'ot' cases as a worker keeps them across the runs
 * of a room: a run of N parties is parties 0..N−1 of the room, so the 5-party runs reuse the pairs
 * the 2- and 3-party runs made and make only the 7 pairs with party 3 or 4 (each pair's base OTs
 * take ~0.5 s of curve arithmetic, and 5 parties have 10 pairs).
 */
const roomOtStores = Array.from({ length: Math.max(...PARTIES) }, () => new OtStore());
const otStoresFor = (parties: number): OtStore[] => roomOtStores.slice(0, parties);

/** What `fn` asks of the correlation source, party by party, in a dry run with the trusted first party. */
async function requestsOf<T>(parties: number, fn: (p: Party) => Promise<T>, opts: SimOptions): Promise<CorrelationRequest[][] | Error> {
  const recorders: RecordingCorrelations[] = [];
  try {
    await simulate(parties, fn, { ...opts, trust: 'tfp', instrument: (c) => recorders[recorders.push(new RecordingCorrelations(c)) - 1]! });
  } catch (err) {
    return err as Error;
  }
  return recorders.map((r) => r.requests);
}

/**
 * Run `fn` on every party under `trust`. 'tfp': as simulate does. 'ot': `fn`'s correlations are
 * recorded in a dry run, made by OT first (every party asks for the same, and the offline phase
 * costs each party exactly what planOffline says), then `fn` runs on them. A dry run that fails
 * (a kernel refusing its setting) leaves nothing to make: `fn` then fails on its own under 'ot'.
 */
async function runUnder<T>(trust: Trust, parties: number, fn: (p: Party) => Promise<T>, opts: SimOptions): Promise<PartyRun<T>[]> {
  if (trust === 'tfp') return simulate(parties, fn, { ...opts, trust });
  const recorded = await requestsOf(parties, fn, opts);
  const requests = recorded instanceof Error ? [] : recorded[0]!;
  if (!(recorded instanceof Error)) for (const r of recorded) expect(r, 'every party asks for the same correlations').toEqual(requests);
  const offline: { rounds: number; sent: number }[] = [];
  const otExtension = otExtensionFor(opts.field);
  const runs = await simulate(
    parties,
    async (p) => {
      const before = p.sched.traffic().offline;
      await p.preprocess(requests);
      const after = p.sched.traffic().offline;
      offline[p.self] = { rounds: after.rounds - before.rounds, sent: after.payloadBytesSent - before.payloadBytesSent };
      const out = await fn(p);
      expect(p.offline!.pool.remaining, 'correlations made but not used').toBe(0);
      return out;
    },
    { ...opts, trust, otExtension, otStores: otStoresFor(parties) },
  );
  const plan = planOffline(requests, parties, ringOf(opts.field).k, otExtension);
  expect(offline).toEqual(plan.sent.map((sent) => ({ rounds: plan.rounds, sent })));
  return runs;
}

/** Random values in [-2^(bits-1), 2^(bits-1)) as bigints, deterministic per seed. */
function randomValues(n: number, bits: number, seed: number): bigint[] {
  let s = BigInt(seed) * 0x9e3779b97f4a7c15n + 1n;
  const out: bigint[] = [];
  for (let i = 0; i < n; i++) {
    let v = 0n;
    for (let w = 0; w < 3; w++) {
      s = BigInt.asUintN(64, s * 6364136223846793005n + 1442695040888963407n);
      v = (v << 64n) | s;
    }
    out.push(BigInt.asIntN(bits, v));
  }
  return out;
}

function edges(bound: bigint): bigint[] {
  return [0n, 1n, -1n, 2n, -2n, bound - 1n, -bound, bound / 2n, -(bound / 2n), 12345n, -98765n];
}

/** Open an A share in the test (every party learns it). */
async function reveal(p: Party, x: { data: BigUint64Array; n: number; kind: 'A' }): Promise<bigint[]> {
  const v = await a2p(p, x as never);
  return Array.from({ length: x.n }, (_, i) => p.ring.getSigned(v, i));
}

/** Open a B share in the test by turning it into A and revealing. */
async function revealB(p: Party, x: BShare): Promise<bigint[]> {
  return reveal(p, await b2a(p, x));
}

/** Kernels (and choices) whose measured cost a test has compared with the registry. */
const costChecked = new Set<KernelName>();

/**
 * Every party's measured rounds and bytes sent equal the registry's declared cost of `names`, one
 * after the other (usually one kernel).
 */
function expectMeasured(measured: readonly { rounds: number; bytes: number }[], names: KernelName | readonly KernelName[], c: CostParams) {
  const list = typeof names === 'string' ? [names] : names;
  const mark = (k: KernelName): void => {
    costChecked.add(k);
    for (const used of kernelsFor(k, { field: c.field, parties: c.parties, profile: profileOf(c.profile ?? DEFAULT_PROFILE), fxp: c.fxp ?? defaultFractionBits(c.field) })) {
      if (used !== k) mark(used);
    }
  };
  list.forEach(mark); // before the assertion: a kernel whose cost is wrong fails its own test only
  const want = list.map((name) => kernelCost(name, c)).reduce((a, b) => ({ rounds: a.rounds + b.rounds, bytesSent: a.bytesSent + b.bytesSent }));
  for (const m of measured) expect({ rounds: m.rounds, bytesSent: m.bytes }, list.join(' + ')).toEqual(want);
}

function expectCost(runs: PartyRun<unknown>[], name: KernelName | readonly KernelName[], field: Field, parties: number, n: number, nbits?: number, profile: ProfileName = 'spu2024') {
  const measured = runs.map((r) => ({ rounds: r.traffic.online.rounds, bytes: r.traffic.online.payloadBytesSent }));
  expectMeasured(measured, name, { field, parties, n, profile, ...(nbits === undefined ? {} : { nbits }) });
}

/** The measured part of each party's output (see the tests that count traffic themselves). */
const outputs = (runs: readonly PartyRun<{ rounds: number; bytes: number }>[]) => runs.map((r) => r.output);

/** Run `op` on inputs shared by party 1 (a private input), measure it alone, then reveal. */
async function measure<T>(
  trust: Trust,
  field: Field,
  parties: number,
  inputs: bigint[][],
  op: (p: Party, xs: ReturnType<typeof v2a>[]) => Promise<T>,
  open: (p: Party, out: T) => Promise<bigint[]>,
  profile: ProfileName = 'spu2024',
) {
  const ring = ringOf(field);
  const n = inputs[0]!.length;
  let measured: PartyRun<T>[] = [];
  const runs = await runUnder(
    trust,
    parties,
    async (p) => {
      const xs = inputs.map((v) => v2a(p, 1, p.self === 1 ? ring.fromBigInts(v) : null, n));
      const before = p.sched.traffic().online;
      const out = await op(p, xs);
      const after = p.sched.traffic().online;
      const opened = await open(p, out);
      return { out, opened, rounds: after.rounds - before.rounds, bytes: after.payloadBytesSent - before.payloadBytesSent };
    },
    { field, seed: 7 + parties, profile },
  );
  measured = runs.map((r) => ({ ...r, traffic: { ...r.traffic, online: { ...r.traffic.online, rounds: r.output.rounds, payloadBytesSent: r.output.bytes } } })) as never;
  return { opened: runs[0]!.output.opened, runs: measured };
}

const mod = (ring: Ring, v: bigint) => BigInt.asIntN(ring.k, v);

describe.each(TRUSTS)('trust %s', (trust) => {
  describe.each(FIELDS)('SEMI2K kernels on %s', (field) => {
    const ring = ringOf(field);
    const k = ring.k;
    const n = 40;

    describe.each(PARTIES)('%i parties', (parties) => {
      const n = randomCount(trust, parties);
      it('mul_aa multiplies mod 2^k, 1 round, 2(N−1)·b bytes', async () => {
        const x = [...edges(1n << BigInt(k - 1)), ...randomValues(n, k, 1)];
        const y = [...edges(1n << BigInt(k - 1)).reverse(), ...randomValues(n, k, 2)];
        const { opened, runs } = await measure(
  trust,
  field, parties, [x, y], (p, [a, b]) => mulAA(p, a!, b!), reveal);
        expect(opened).toEqual(x.map((v, i) => mod(ring, v * y[i]!)));
        expectCost(runs, 'mul_aa', field, parties, x.length);
      });

      it('square_a squares, 1 round, (N−1)·b bytes', async () => {
        const x = [...edges(1n << BigInt(k - 1)), ...randomValues(n, k, 3)];
        const { opened, runs } = await measure(
  trust,
  field, parties, [x], (p, [a]) => squareA(p, a!), reveal);
        expect(opened).toEqual(x.map((v) => mod(ring, v * v)));
        expectCost(runs, 'square_a', field, parties, x.length);
      });

      it('a2p opens, 1 round, (N−1)·b bytes', async () => {
        const x = [...edges(1n << BigInt(k - 1)), ...randomValues(n, k, 4)];
        const { opened, runs } = await measure(
          trust,
          field,
          parties,
          [x],
          (p, [a]) => a2p(p, a!),
          async (p, v) => Array.from({ length: x.length }, (_, i) => p.ring.getSigned(v, i)),
        );
        expect(opened).toEqual(x);
        expectCost(runs, 'a2p', field, parties, x.length);
      });

      it.each([1, 8, 18, 26])('trunc_a (TruncAPr) by %i bits is within 1 ulp for |x| < 2^(k−2)', async (m) => {
        const bound = 1n << BigInt(k - 2);
        const x = [...edges(bound), ...randomValues(n, k - 2, 5 + m)];
        const { opened, runs } = await measure(
  trust,
  field, parties, [x], (p, [a]) => truncAPr(p, a!, m), reveal);
        opened.forEach((v, i) => {
          const d = v - (x[i]! >> BigInt(m));
          expect(d === 0n || d === 1n || d === -1n, `x=${x[i]} got ${v}`).toBe(true);
        });
        expectCost(runs, 'trunc_a', field, parties, x.length);
      });

      it('a2b converts to a full-width boolean share (Kogge–Stone tree)', async () => {
        const x = [...edges(1n << BigInt(k - 1)), ...randomValues(Math.min(n, 12), k, 6)];
        const { opened, runs } = await measure(
          trust,
          field,
          parties,
          [x],
          (p, [a]) => a2b(p, a!),
          async (p, b) => {
            // reveal bit by bit: bit 0 and bit k−1 and the low 16 bits
            const bits = await Promise.all([0, 1, 5, k - 1].map((j) => revealB(p, bitB(p, b, j))));
            return x.map((_, i) => bits.reduce((acc, bj, t) => acc | (BigInt.asUintN(1, bj[i]!) << BigInt([0, 1, 5, k - 1][t]!)), 0n));
          },
        );
        const want = x.map((v) => [0, 1, 5, k - 1].reduce((acc, j) => acc | (((BigInt.asUintN(k, v) >> BigInt(j)) & 1n) << BigInt(j)), 0n));
        expect(opened).toEqual(want);
        expectCost(runs, 'a2b', field, parties, x.length);
      });

      it.each([1, 7, 64])('b2a of %i-bit boolean shares', async (nbits) => {
        const vals = randomValues(minRandom(n), 64, 7).map((v) => BigInt.asUintN(Math.min(nbits, 64), v));
        // build the boolean share from public values: party 0 holds the value, others zero
        const runs = await runUnder(
          trust,
          parties,
          async (p) => {
            const data = p.self === 0 ? ring.fromBigInts(vals) : ring.alloc(vals.length);
            const x = bShare(vals.length, nbits, data, []);
            const before = p.sched.traffic().online;
            const a = await b2a(p, x);
            const after = p.sched.traffic().online;
            return { v: await reveal(p, a), rounds: after.rounds - before.rounds, bytes: after.payloadBytesSent - before.payloadBytesSent };
          },
          { field, seed: 11 },
        );
        expect(runs[0]!.output.v).toEqual(vals.map((v) => mod(ring, v)));
        expectMeasured(outputs(runs), nbits === 1 ? 'b2a_bit' : 'b2a', { field, parties, n: vals.length, nbits });
      });

      it.each(PROFILES_UNDER_TEST)('select picks a where the bit is 1 and b where it is 0; less compares (%s)', async (profile) => {
        const bound = profile === 'fast' ? 1n << BigInt(14 + (field === 'FM64' ? 18 : 26)) : 1n << BigInt(k - 3);
        const x = [...edges(bound), ...randomValues(n, 40, 8).map((v) => v % bound)];
        const y = [...randomValues(edges(bound).length, 40, 9).map((v) => v % bound), ...randomValues(n, 40, 10).map((v) => v % bound)];
        const { opened, runs } = await measure(
          trust,
          field,
          parties,
          [x, y],
          async (p, [a, b]) => select(p, await less(p, a!, b!), a!, b!),
          reveal,
          profile,
        );
        expect(opened).toEqual(x.map((v, i) => (v < y[i]! ? v : y[i]!)));
        expectCost(runs, ['msb', 'select'], field, parties, x.length, undefined, profile);
      });

      it.each(PROFILES_UNDER_TEST)('trunc_a with the %s profile is within 1 ulp for inputs in range', async (profile) => {
        const bound = 1n << BigInt(40 + (field === 'FM64' ? 0 : 1));
        const x = [...edges(bound), ...randomValues(n, 40, 20)];
        const { opened, runs } = await measure(
  trust,
  field, parties, [x], (p, [a]) => truncA(p, a!, 26 - (field === 'FM64' ? 8 : 0)), reveal, profile);
        const m = BigInt(26 - (field === 'FM64' ? 8 : 0));
        opened.forEach((v, i) => {
          const d = v - (x[i]! >> m);
          expect(d === 0n || d === 1n || d === -1n, `x=${x[i]} got ${v}`).toBe(true);
        });
        expectCost(runs, 'trunc', field, parties, x.length, undefined, profile);
      });

      it('and_bb ANDs boolean shares with packed openings', async () => {
        const nbits = 13;
        const count = minRandom(n);
        const a = randomValues(count, 64, 12).map((v) => BigInt.asUintN(nbits, v));
        const b = randomValues(count, 64, 13).map((v) => BigInt.asUintN(nbits, v));
        const runs = await runUnder(
          trust,
          parties,
          async (p) => {
            const x = bShare(count, nbits, p.self === 0 ? ring.fromBigInts(a) : ring.alloc(count), []);
            const y = bShare(count, nbits, p.self === 1 ? ring.fromBigInts(b) : ring.alloc(count), []);
            const before = p.sched.traffic().online;
            const z = await andBB(p, x, y);
            const after = p.sched.traffic().online;
            return { v: await revealB(p, { ...z, nbits: 64 }), rounds: after.rounds - before.rounds, bytes: after.payloadBytesSent - before.payloadBytesSent };
          },
          { field, seed: 14 },
        );
        expect(runs[0]!.output.v).toEqual(a.map((v, i) => v & b[i]!));
        expectMeasured(outputs(runs), 'and_bb', { field, parties, n: count, nbits });
      });
    });

    it('msb_a2b (2 parties) gives the sign bit, 8 rounds on FM128', async () => {
      const x = [...edges(1n << BigInt(k - 1)), ...randomValues(n, k, 15)];
      const { opened, runs } = await measure(
  trust,
  field, 2, [x], (p, [a]) => msbA2B(p, a!), async (p, b) => revealB(p, b));
      expect(opened).toEqual(x.map((v) => (v < 0n ? 1n : 0n)));
      expectCost(runs, 'msb_a2b', field, 2, x.length);
    });

    it('mul_priv multiplies a value of party 0 by a value of party 1', async () => {
      const u = [...edges(1n << BigInt(k - 1)), ...randomValues(n, k, 16)];
      const v = [...randomValues(u.length, k, 17)];
      const runs = await runUnder(
        trust,
        2,
        async (p) => {
          const mine = ring.fromBigInts(p.self === 0 ? u : v);
          const before = p.sched.traffic().online;
          const z = await mulPriv(p, mine);
          const after = p.sched.traffic().online;
          return { v: await reveal(p, z), rounds: after.rounds - before.rounds, bytes: after.payloadBytesSent - before.payloadBytesSent };
        },
        { field, seed: 18 },
      );
      expect(runs[0]!.output.v).toEqual(u.map((x, i) => mod(ring, x * v[i]!)));
      expectMeasured(outputs(runs), 'mul_priv', { field, parties: 2, n: u.length });
    });

    it('msb_bounded gives the sign of values within the bound (7 rounds, 54 bytes for l ≤ 64)', async () => {
      const l = 41;
      const bound = 1n << BigInt(l);
      const x = [0n, 1n, -1n, bound - 1n, -bound, ...randomValues(n, l + 1, 21)];
      const { opened, runs } = await measure(
  trust,
  field, 2, [x], (p, [a]) => msbBounded(p, a!, l), async (p, b) => revealB(p, b), 'fast');
      expect(opened).toEqual(x.map((v) => (v < 0n ? 1n : 0n)));
      expectCost(runs, 'msb_bounded', field, 2, x.length, l, 'fast');
    });

    it('mul_a1b multiplies by a boolean bit in one round, 2·b bytes', async () => {
      const x = [...edges(1n << BigInt(k - 1)), ...randomValues(n, k, 22)];
      const bits = x.map((_, i) => BigInt((i * 7) % 3 === 0 ? 1 : 0));
      const runs = await runUnder(
        trust,
        2,
        async (p) => {
          const xa = v2a(p, 0, p.self === 0 ? ring.fromBigInts(x) : null, x.length);
          // an XOR sharing of the bits: party 1 holds bits ⊕ r, party 0 holds r
          const r = ring.fromBigInts(x.map((_, i) => BigInt(i % 2)));
          const b = bShare(x.length, 1, p.self === 0 ? r : ring.xor(r, ring.fromBigInts(bits)), []);
          const before = p.sched.traffic().online;
          const z = await mulA1B(p, xa, b);
          const after = p.sched.traffic().online;
          return { v: await reveal(p, z), rounds: after.rounds - before.rounds, bytes: after.payloadBytesSent - before.payloadBytesSent };
        },
        { field, seed: 23 },
      );
      expect(runs[0]!.output.v).toEqual(x.map((v, i) => mod(ring, v * bits[i]!)));
      expectMeasured(outputs(runs), 'mul_a1b', { field, parties: 2, n: x.length });
    });

    it('mul_priv_bits multiplies private bits with ⌈n/8⌉ bytes', async () => {
      const u = Array.from({ length: 45 }, (_, i) => BigInt(i % 2));
      const v = Array.from({ length: 45 }, (_, i) => BigInt(i % 3 === 0 ? 1 : 0));
      const runs = await runUnder(
        trust,
        2,
        async (p) => {
          const before = p.sched.traffic().online;
          const z = await mulPrivBits(p, ring.fromBigInts(p.self === 0 ? u : v));
          const after = p.sched.traffic().online;
          return { v: await reveal(p, z), rounds: after.rounds - before.rounds, bytes: after.payloadBytesSent - before.payloadBytesSent };
        },
        { field, seed: 24 },
      );
      expect(runs[0]!.output.v).toEqual(u.map((x, i) => x * v[i]!));
      expectMeasured(outputs(runs), 'mul_priv_bits', { field, parties: 2, n: u.length });
    });

    it('mul_priv_gf multiplies private field elements mod 2^127 − 1: 16 bytes, 1 round', async () => {
      if (field !== 'FM128') {
        await expect(runUnder(trust, 2, (p) => mulPrivGf(p, gfFromBigInts([1n])), { field, seed: 25 })).rejects.toThrow('mul_priv_gf needs FM128');
        return;
      }
      const u = [0n, 1n, P127 - 1n, 1n << 126n, ...randomValues(20, 127, 26).map((v) => BigInt.asUintN(126, v))];
      const v = [P127 - 1n, 5n, P127 - 1n, 3n, ...randomValues(20, 127, 27).map((x) => BigInt.asUintN(126, x))];
      const runs = await runUnder(
        trust,
        2,
        async (p) => {
          const before = p.sched.traffic().online;
          const h = await mulPrivGf(p, gfFromBigInts(p.self === 0 ? u : v));
          const after = p.sched.traffic().online;
          return { share: gfToBigInts(h.share), rounds: after.rounds - before.rounds, bytes: after.payloadBytesSent - before.payloadBytesSent };
        },
        { field, seed: 28 },
      );
      const sum = runs[0]!.output.share.map((s0, i) => (s0 + runs[1]!.output.share[i]!) % P127);
      expect(sum).toEqual(u.map((x, i) => (x * v[i]!) % P127));
      expectMeasured(outputs(runs), 'mul_priv_gf', { field, parties: 2, n: u.length });
    });

    it('p2a, v2a and addAA are local: zero rounds', async () => {
      const runs = await runUnder(
        trust,
        3,
        async (p) => {
          const t0 = p.sched.traffic().online;
          const x = p2a(p, ring.fromBigInts([5n, -7n]));
          const t1 = p.sched.traffic().online;
          const y = v2a(p, 2, p.self === 2 ? ring.fromBigInts([1n, 2n]) : null, 2);
          const t2 = p.sched.traffic().online;
          const z = addAA(p, x, y);
          const t3 = p.sched.traffic().online;
          const cost = (a: typeof t0, b: typeof t0) => ({ rounds: b.rounds - a.rounds, bytes: b.payloadBytesSent - a.payloadBytesSent });
          return { v: await reveal(p, z), p2a: cost(t0, t1), v2a: cost(t1, t2), add: cost(t2, t3) };
        },
        { field, seed: 19 },
      );
      expect(runs[0]!.output.v).toEqual([6n, -5n]);
      expectMeasured(runs.map((r) => r.output.p2a), 'p2a', { field, parties: 3, n: 2 });
      expectMeasured(runs.map((r) => r.output.v2a), 'v2a', { field, parties: 3, n: 2 });
      for (const r of runs) expect(r.output.add).toEqual({ rounds: 0, bytes: 0 });
    });

    it('a2b_low32 gives the low 32 bits and the carry into each (2 parties)', async () => {
      const x = [...edges(1n << BigInt(k - 1)), ...randomValues(n, k, 29)];
      const { opened, runs } = await measure(
        trust,
        field,
        2,
        [x],
        (p, [a]) => a2bLow32(p, a!),
        async (p, { sum }) => {
          const bits = await Promise.all([0, 7, 26, 31].map((j) => revealB(p, bitB(p, sum, j))));
          return x.map((_, i) => bits.reduce((acc, bj, t) => acc | (BigInt.asUintN(1, bj[i]!) << BigInt([0, 7, 26, 31][t]!)), 0n));
        },
      );
      expect(opened).toEqual(x.map((v) => BigInt.asUintN(k, v) & ((1n << 0n) | (1n << 7n) | (1n << 26n) | (1n << 31n))));
      expectCost(runs, 'a2b_low32', field, 2, x.length);
    });

    it.each(PROFILES_UNDER_TEST)('exp_a (2 parties, FM128) computes e^x with the %s profile wrap-bit product', async (profile) => {
      const f = defaultFractionBits(field);
      const xs = [-8, -3.5, -1, -0.25, 0, 0.5, 1, 2.75, 6, 10];
      const x = xs.map((v) => fxpConstant(v, f));
      if (field !== 'FM128') {
        await expect(measure(trust, field, 2, [x], (p, [a]) => expA(p, a!), reveal, profile)).rejects.toThrow('exp_a runs on FM128 only');
        return;
      }
      const { opened, runs } = await measure(
  trust,
  field, 2, [x], (p, [a]) => expA(p, a!), reveal, profile);
      // relative error about 1e−7, plus the resolution 2^−f for small results (prime.ts)
      opened.forEach((v, i) => expect(Math.abs(Number(v) / 2 ** f - Math.exp(xs[i]!)), `x=${xs[i]}`).toBeLessThan(1e-5 * Math.exp(xs[i]!) + 4 / 2 ** f));
      expectCost(runs, 'exp_a', field, 2, x.length, undefined, profile);
    });
  });

});

describe('the kernel registry', () => {
  it('has every kernel and every choice the profiles make measured above against its declared cost', () => {
    // runs after the suites above (vitest runs a file's tests in order); a new registry entry
    // without a measured test fails here
    expect(KERNEL_NAMES.filter((name) => !costChecked.has(name))).toEqual([]);
  });

  it('resolves every choice to kernels of the registry that run in the same setting', () => {
    for (const name of KERNEL_NAMES) {
      for (const field of FIELDS)
        for (const parties of PARTIES)
          for (const profile of PROFILES_UNDER_TEST) {
            const setting = { field, parties, profile: profileOf(profile), fxp: defaultFractionBits(field) };
            let used: readonly KernelName[];
            try {
              used = kernelsFor(name, setting);
            } catch {
              continue; // not supported in this setting
            }
            for (const k of used) expect(() => kernelsFor(k, setting), `${name} → ${k}`).not.toThrow();
            if (KERNELS[name].kind === 'kernel') expect(used).toEqual([name]);
          }
    }
  });
});
