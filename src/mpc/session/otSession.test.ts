/**
 * Whole exp runs with trust 'ot': the parties make every correlation themselves in the offline
 * phase. The results match Math.exp within each method's tolerance, and the online phase costs
 * exactly what it costs with the trusted first party (same rounds, same bytes): the online
 * protocols do not change, only where their randomness comes from.
 */
import { describe, expect, it } from 'vitest';
import { expDomain, type ExpMethod } from '../approx/exp';
import { expTolerance } from '../approx/exp/tolerance';
import { seededEntropy } from '../prg/entropy';
import { linspace } from '../eval/metrics';
import { planOffline } from '../offline/corr/otDealer';
import { OtStore, type OtExtension } from '../offline/otSetup';
import { profileOf, type ProfileName } from '../protocols/semi2k/profile';
import { defaultFractionBits, type Field } from '../ring';
import { memoryNetwork } from '../io/memoryTransport';
import { correlationsFor, planCorrelations, recordRequests } from './correlationPlan';
import { runExpSession, type ExpJob } from './expSession';
import { planExp } from './plan';

const stores = new Map<number, OtStore[]>();
const storesFor = (parties: number) => {
  if (!stores.has(parties)) stores.set(parties, Array.from({ length: parties }, () => new OtStore()));
  return stores.get(parties)!;
};

async function runAll(job: ExpJob, parties: number, xs: ArrayLike<number>, seed: number) {
  const mem = memoryNetwork(parties);
  return Promise.all(
    mem.transports.map((t) =>
      runExpSession(t, job, t.self === job.inputParty ? xs : null, {
        entropy: seededEntropy(seed * 131 + t.self),
        ...(job.trust === 'ot' ? { otStore: storesFor(parties)[t.self]! } : {}),
      }),
    ),
  ).catch((err: unknown) => {
    mem.close(err);
    throw err;
  });
}

describe.each([
  ['taylor', 'FM64', 3, 'spu2024', 'iknp'],
  ['taylor', 'FM128', 2, 'fast', 'iknp'],
  ['pade', 'FM128', 2, 'fast', 'iknp'],
  ['prime', 'FM128', 2, 'fast', 'iknp'],
  ['prime', 'FM128', 2, 'spu2024', 'iknp'],
  ['prime', 'FM128', 2, 'fast', 'softspoken4'],
  ['prime', 'FM128', 2, 'fast', 'softspoken7'],
  ['taylor', 'FM64', 3, 'spu2024', 'softspoken4'],
] as const)('exp %s on %s, %i parties, %s, trust ot %s', (method: ExpMethod, field: Field, parties: number, profile: ProfileName, otExtension: OtExtension) => {
  it('matches Math.exp, with the online costs of trust tfp', async () => {
    const n = 24;
    const [lo, hi] = expDomain(method, field, defaultFractionBits(field), profileOf(profile));
    const xs = linspace(Math.max(lo, -8), Math.min(hi, 4), n);
    const job: ExpJob = { method, field, profile, n, inputParty: 0 };
    const ot = await runAll({ ...job, trust: 'ot', otExtension }, parties, xs, 5);
    const tfp = await runAll({ ...job, trust: 'tfp' }, parties, xs, 5);
    for (let i = 0; i < n; i++) expect(Math.abs(ot[0]!.y[i]! / Math.exp(xs[i]!) - 1)).toBeLessThanOrEqual(expTolerance(method));
    ot.forEach((r, party) => {
      expect(r.y).toEqual(ot[0]!.y);
      const t = tfp[party]!;
      expect({ rounds: r.exp.rounds, sent: r.exp.payloadBytesSent, received: r.exp.payloadBytesReceived }).toEqual({
        rounds: t.exp.rounds,
        sent: t.exp.payloadBytesSent,
        received: t.exp.payloadBytesReceived,
      });
      expect(r.total.online.rounds).toBe(t.total.online.rounds);
      expect(r.total.online.payloadBytesSent).toBe(t.total.online.payloadBytesSent);
      expect(r.offline.payloadBytesSent).toBeGreaterThan(0);
    });
    // the offline phase costs exactly what planOffline says, before it runs
    const planned = planOffline(correlationsFor(await planCorrelations(job, parties), n), parties, field === 'FM64' ? 64 : 128, otExtension);
    ot.forEach((r, party) => {
      const setup = r.graph.filter((g) => g.name.startsWith('setup_')).reduce((s, g) => s + g.payloadBytesSent, 0);
      expect(r.offline.payloadBytesSent - setup).toBe(planned.sent[party]);
      expect(r.offline.rounds - 2).toBe(planned.rounds);
    });
    const perElement = ot.reduce((s, r) => s + r.offline.payloadBytesSent, 0) / n;
    console.log(`${method} ${field} ${parties}p ${profile} ${otExtension}: offline ${perElement.toFixed(0)} B per element (all parties, setup included, n = ${n})`);
  });
});

describe('planCorrelations', () => {
  it.each([
    ['pade', 'FM128', 2, 'fast'],
    ['taylor', 'FM64', 3, 'spu2024'],
  ] as const)('predicts the requests of a real %s run on %s with %i parties', async (method, field, parties, profile) => {
    const job = { method, field, profile, inputParty: 0 } as const;
    const plan = await planCorrelations(job, parties);
    expect(correlationsFor(plan, 37)).toEqual(await recordRequests(job, parties, 37));
    // planExp hands the same plan to a trust 'ot' run, and plans its online phase as tfp's
    const exp = await planExp({ ...job, trust: 'ot' }, parties);
    expect(exp.correlations).toEqual(plan);
    expect(exp.rounds).toBe((await planExp(job, parties)).rounds);
  });
});

describe('the offline phase fails cleanly', () => {
  const job: ExpJob = { method: 'prime', field: 'FM128', profile: 'fast', n: 8, inputParty: 0, trust: 'ot' };
  const xs = linspace(-1, 1, 8);

  it('with ERR_PEER_GONE on every party when the network goes during it', async () => {
    const mem = memoryNetwork(2);
    const runs = mem.transports.map((t) =>
      runExpSession(t, job, t.self === 0 ? xs : null, {
        entropy: seededEntropy(t.self),
        otStore: storesFor(2)[t.self]!,
        onRound: (r) => {
          if (r.phase === 'offline' && r.opNames.includes('ot_extend')) mem.close();
        },
      }),
    );
    for (const r of runs) await expect(r).rejects.toMatchObject({ code: 'ERR_PEER_GONE' });
  });

  it('with ERR_ABORTED at the peers when one party fails during it', async () => {
    const mem = memoryNetwork(2);
    const { MpcError } = await import('../errors');
    const runs = mem.transports.map((t) =>
      runExpSession(t, job, t.self === 0 ? xs : null, {
        entropy: seededEntropy(t.self),
        otStore: storesFor(2)[t.self]!,
        beforeRound: async (pending) => {
          if (t.self === 1 && pending.phase === 'offline' && pending.opNames.includes('ot_correct')) throw new MpcError('ERR_RANGE', 'party 1 failed');
        },
      }),
    );
    const [r0, r1] = await Promise.allSettled(runs);
    expect(r1).toMatchObject({ status: 'rejected', reason: { code: 'ERR_RANGE' } });
    expect(r0).toMatchObject({ status: 'rejected', reason: { code: 'ERR_ABORTED', message: expect.stringContaining('party 1 failed') } });
    mem.close();
  });

  it('with ERR_PREPROCESSING when the online phase asks for what was not made', async () => {
    const plan = await planCorrelations(job, 2);
    const wrong = plan.slice(0, -1);
    const mem = memoryNetwork(2);
    const runs = mem.transports.map((t) =>
      runExpSession(t, job, t.self === 0 ? xs : null, { entropy: seededEntropy(t.self), otStore: storesFor(2)[t.self]!, correlationPlan: wrong }),
    );
    const settled = await Promise.allSettled(runs);
    expect(settled.some((s) => s.status === 'rejected' && (s.reason as { code: string }).code === 'ERR_PREPROCESSING')).toBe(true);
    for (const s of settled) expect(s.status).toBe('rejected');
    mem.close();
  });
});
