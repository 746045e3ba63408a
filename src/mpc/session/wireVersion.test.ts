/**
 * ENGINE_WIRE_VERSION must change whenever what a party computes changes: it is the fingerprint of
 * the shares that fixed-seed runs produce. A change to the PRG, to the order of draws, or to a
 * protocol step changes these shares, and this test then names the new version to write.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { describe, expect, it } from 'vitest';
import { memoryNetwork } from '../io/memoryTransport';
import { seededEntropy } from '../prg/entropy';
import { FRAME_VERSION } from '../sched/frame';
import { ENGINE_WIRE_VERSION } from '../wireVersion';
import { runExpSession, type ExpJob } from './expSession';

const XS = [-3.5, -0.25, 0, 0.75, 2.5, 6];

/** Every party's own shares of x and y, in party order, for one fixed-seed run. */
async function sharesOf(job: Omit<ExpJob, 'n' | 'inputParty'>, parties: number): Promise<string> {
  const mem = memoryNetwork(parties);
  const runs = await Promise.all(
    mem.transports.map((t) =>
      runExpSession(t, { ...job, n: XS.length, inputParty: 0 }, t.self === 0 ? XS : null, {
        entropy: seededEntropy(977 + t.self),
        keepShares: XS.length,
      }),
    ),
  );
  return runs.map((r) => `${r.shares!.x.join(',')};${r.shares!.y.join(',')}`).join('|');
}

describe('the engine wire version', () => {
  it('is the fingerprint of what fixed-seed runs of every method compute (else: write the value this test names)', async () => {
    const parts: string[] = [`frame v${FRAME_VERSION}`];
    for (const method of ['taylor', 'pade', 'prime'] as const) parts.push(await sharesOf({ method, field: 'FM128', profile: 'fast' }, 2));
    for (const method of ['taylor', 'pade'] as const) parts.push(await sharesOf({ method, field: 'FM64', profile: 'spu2024' }, 3));
    parts.push(await sharesOf({ method: 'prime', field: 'FM128', profile: 'fast', trust: 'ot' }, 2));
    const digest = sha256(new TextEncoder().encode(parts.join('\n')));
    const fingerprint = `w-${Array.from(digest.subarray(0, 5), (b) => b.toString(16).padStart(2, '0')).join('')}`;
    expect(ENGINE_WIRE_VERSION, 'the engine computes differently now: set ENGINE_WIRE_VERSION in src/mpc/wireVersion.ts to the new fingerprint').toBe(fingerprint);
  });

  it('the fingerprint is stable: a second run with the same seeds gives the same shares', async () => {
    const job = { method: 'prime', field: 'FM128', profile: 'fast' } as const;
    expect(await sharesOf(job, 2)).toBe(await sharesOf(job, 2));
  });
});
