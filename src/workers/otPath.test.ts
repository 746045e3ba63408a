/**
 * The dealer-free offline phase along the worker's path, without a browser: each party's engine
 * talks through a PortTransport whose MessagePort the page's pump carries into the in-memory
 * network (as party.worker.ts and partyWorker.ts do over WebRTC), with one OtStore per party kept
 * across runs (the worker's), the run planned first (planExp, planOffline) as the worker plans it.
 * Correlations hold on the opened values; the offline phase costs what was planned, byte for byte.
 */
import { describe, expect, it } from 'vitest';
import { expDomain, type ExpMethod } from '../mpc/approx/exp';
import { expTolerance } from '../mpc/approx/exp/tolerance';
import { linspace } from '../mpc/eval/metrics';
import { memoryNetwork } from '../mpc/io/memoryTransport';
import { cotsPerSecond, planOffline } from '../mpc/offline/corr/otDealer';
import type { CorrelationRequest, Triple, TruncPair } from '../mpc/offline/correlations';
import { OtStore, type OtExtension } from '../mpc/offline/otSetup';
import { seededEntropy } from '../mpc/prg/entropy';
import { Party } from '../mpc/protocols/semi2k/party';
import { profileOf } from '../mpc/protocols/semi2k/profile';
import { defaultFractionBits, ringOf, type Field, type Words } from '../mpc/ring';
import { correlationsFor } from '../mpc/session/correlationPlan';
import { runExpSession, type ExpJob } from '../mpc/session/expSession';
import { plannedBytes, planExp } from '../mpc/session/plan';
import { pumpFrames } from '../app/partyWorker';
import { PortTransport } from './portTransport';

/** `parties` engines, each behind its own PortTransport and page pump; `fn` runs on every one. */
async function overPorts<T>(parties: number, fn: (t: PortTransport) => Promise<T>): Promise<T[]> {
  const net = memoryNetwork(parties);
  const stops: (() => void)[] = [];
  try {
    return await Promise.all(
      net.transports.map((t) => {
        const ch = new MessageChannel();
        stops.push(pumpFrames(t, ch.port1).stop);
        const pt = new PortTransport(t.self, parties, ch.port2);
        return fn(pt).finally(() => pt.close());
      }),
    );
  } catch (err) {
    net.close(err);
    throw err;
  } finally {
    stops.forEach((s) => s());
  }
}

describe('the offline phase through the worker transport', () => {
  it('makes correlations that hold on the opened values (3 parties, FM64, softspoken4)', async () => {
    const parties = 3;
    const ring = ringOf('FM64');
    const n = 24;
    const m = 18;
    const requests: CorrelationRequest[] = [
      { kind: 'triple', n, param: 0 },
      { kind: 'square', n, param: 0 },
      { kind: 'andTriple', n, param: 13 },
      { kind: 'randBits', n, param: 0 },
      { kind: 'truncPair', n, param: m },
    ];
    const stores = Array.from({ length: parties }, () => new OtStore());
    const runs = await overPorts(parties, async (t) => {
      const p = await Party.setup(t, { field: 'FM64', entropy: seededEntropy(40 + t.self), trust: 'ot', otExtension: 'softspoken4', otStore: stores[t.self]! });
      const before = p.sched.traffic().offline;
      await p.preprocess(requests);
      const after = p.sched.traffic().offline;
      const d = p.dealer;
      return {
        triple: d.triple(n),
        square: d.square(n),
        and: d.andTriple(n, 13),
        bits: d.randBits(n),
        trunc: d.truncPair(n, m),
        offline: { rounds: after.rounds - before.rounds, sent: after.payloadBytesSent - before.payloadBytesSent },
      };
    });
    const els = (w: Words) => Array.from({ length: n }, (_, i) => ring.get(w, i));
    const sum = (f: (r: (typeof runs)[number]) => Words) => runs.map((r) => els(f(r))).reduce((s, x) => s.map((v, i) => BigInt.asUintN(64, v + x[i]!)));
    const xor = (f: (r: (typeof runs)[number]) => Words) => runs.map((r) => els(f(r))).reduce((s, x) => s.map((v, i) => v ^ x[i]!));
    const mul = (a: bigint[], b: bigint[]) => a.map((v, i) => BigInt.asUintN(64, v * b[i]!));
    const triple = (f: (r: (typeof runs)[number]) => Triple) => ({ a: sum((r) => f(r).a), b: sum((r) => f(r).b), c: sum((r) => f(r).c) });
    const t = triple((r) => r.triple);
    expect(t.c).toEqual(mul(t.a, t.b));
    const sqA = sum((r) => r.square.a);
    expect(sum((r) => r.square.b)).toEqual(mul(sqA, sqA));
    const and = { a: xor((r) => r.and.a), b: xor((r) => r.and.b), c: xor((r) => r.and.c) };
    expect(and.c).toEqual(and.a.map((v, i) => v & and.b[i]!));
    expect(and.a.every((v) => v < 1n << 13n)).toBe(true);
    for (const b of sum((r) => r.bits)) expect(b === 0n || b === 1n).toBe(true);
    const tr = (f: (p: TruncPair) => Words) => sum((r) => f(r.trunc));
    const [r, rc, rb] = [tr((p) => p.r), tr((p) => p.rc), tr((p) => p.rb)];
    r.forEach((v, i) => {
      expect(rc[i]).toBe((v & ((1n << 63n) - 1n)) >> BigInt(m));
      expect(rb[i]).toBe(v >> 63n);
    });
    const plan = planOffline(requests, parties, 64, 'softspoken4');
    expect(runs.map((x) => x.offline)).toEqual(plan.sent.map((sent) => ({ rounds: plan.rounds, sent })));
  });

  it.each([
    ['prime', 'FM128', 2, 'softspoken4'],
    ['taylor', 'FM64', 3, 'iknp'],
  ] as const)('runs exp %s on %s with %i parties (%s) as the worker does: results, offline = planOffline, online = planExp, base OTs kept', async (method: ExpMethod, field: Field, parties: number, otExtension: OtExtension) => {
    const n = 16;
    const profile = 'fast';
    const [lo, hi] = expDomain(method, field, defaultFractionBits(field), profileOf(profile));
    const xs = linspace(Math.max(lo, -4), Math.min(hi, 3), n);
    const job: ExpJob = { method, field, profile, n, inputParty: 0, trust: 'ot', otExtension };
    // the worker's own OtStore, one per party, kept for its lifetime
    const stores = Array.from({ length: parties }, () => new OtStore());
    for (const run of [1, 2]) {
      const results = await overPorts(parties, async (t) => {
        const plan = await planExp(job, parties);
        const off = planOffline(correlationsFor(plan.correlations!, n), parties, field === 'FM64' ? 64 : 128, otExtension);
        const res = await runExpSession(t, job, t.self === 0 ? xs : null, {
          entropy: seededEntropy(run * 17 + t.self),
          otStore: stores[t.self]!,
          correlationPlan: plan.correlations!,
        });
        return { res, off, plannedExpBytes: plannedBytes(plan.sent[t.self]!, n), plannedRounds: plan.rounds };
      });
      results.forEach(({ res, off, plannedExpBytes, plannedRounds }, party) => {
        res.y.forEach((y, i) => expect(Math.abs(y / Math.exp(xs[i]!) - 1), `x = ${xs[i]}`).toBeLessThanOrEqual(expTolerance(method)));
        const setup = res.graph.filter((g) => g.name.startsWith('setup_'));
        const setupBytes = setup.reduce((s, g) => s + g.payloadBytesSent, 0);
        expect({ rounds: res.offline.rounds - 2, sent: res.offline.payloadBytesSent - setupBytes }).toEqual({ rounds: off.rounds, sent: off.sent[party] });
        expect({ rounds: res.exp.rounds, sent: res.exp.payloadBytesSent }).toEqual({ rounds: plannedRounds, sent: plannedExpBytes });
        // the base OTs: made by the first run (4 KiB per peer), kept by the second
        const baseOt = setup.find((g) => g.name === 'setup_base_ot')!.payloadBytesSent;
        expect(baseOt).toBe(run === 1 ? (parties - 1) * 128 * 32 : 0);
        expect(stores[party]!.get((party + 1) % parties)!.nextRun).toBe(run);
        expect(cotsPerSecond(res.cotExtension!)).toBeGreaterThan(0);
      });
      // every COT one party extended as receiver, a peer extended as sender
      const total = (f: (w: NonNullable<(typeof results)[number]['res']['cotExtension']>) => number) => results.reduce((s, r) => s + f(r.res.cotExtension!), 0);
      expect(total((w) => w.receiverCots)).toBe(total((w) => w.senderCots));
      expect(total((w) => w.receiverCots)).toBeGreaterThan(0);
    }
  });
});
