/**
 * The transcript test: with trust 'ot', no party ever receives another party's PRG seed, its
 * base-OT secrets or its share of any correlation. Every frame each party receives is recorded
 * through a wrapped transport and searched for those bytes. The same search finds the seeds in
 * trust 'tfp' (where party 0 gets every seed), which shows that it can find them.
 */
import { describe, expect, it } from 'vitest';
import { seededEntropy } from '../prg/entropy';
import { Party, type Trust } from '../protocols/semi2k/party';
import { wordsAsBytes, type Words } from '../ring';
import { memoryNetwork } from '../io/memoryTransport';
import { joinFrame } from '../sched/frameBytes';
import type { Transport } from '../transport';
import type { CorrelationRequest, PrivPair, Triple, TruncPair } from './correlations';
import { OtStore, type OtExtension } from './otSetup';

const N = 16;

function contains(hay: Uint8Array, needle: Uint8Array): boolean {
  outer: for (let i = 0; i + needle.length <= hay.length; i++) {
    for (let j = 0; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

/** The first 4 bytes at i, as a number (the search index). */
function head(b: Uint8Array, i: number): number {
  return b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16) | (b[i + 3]! << 24);
}

/** 16-byte windows of a share array: every element of it (FM128). */
function windows(w: Words): Uint8Array[] {
  const b = wordsAsBytes(w);
  const out: Uint8Array[] = [];
  for (let o = 0; o + 16 <= b.length; o += 16) out.push(b.slice(o, o + 16));
  return out;
}

async function run(parties: number, trust: Trust, otExtension: OtExtension = 'iknp') {
  const net = memoryNetwork(parties);
  const received: Uint8Array[][] = Array.from({ length: parties }, () => []);
  const wrap = (t: Transport): Transport => ({
    self: t.self,
    parties: t.parties,
    send: (to, f) => t.send(to, f),
    receive: async (from) => {
      const f = await t.receive(from);
      received[t.self]!.push(joinFrame(f).slice());
      return f;
    },
  });
  const reqs: CorrelationRequest[] = [
    { kind: 'triple', n: N, param: 0 },
    { kind: 'square', n: N, param: 0 },
    { kind: 'andTriple', n: N, param: 128 },
    { kind: 'randBits', n: N, param: 0 },
    { kind: 'truncPair', n: N, param: 26 },
  ];
  if (parties === 2) reqs.push({ kind: 'privPair', n: N, param: 0 }, { kind: 'privPairGf', n: N, param: 0 });
  const stores = Array.from({ length: parties }, () => new OtStore());
  const out = await Promise.all(
    net.transports.map(async (t) => {
      const p = await Party.setup(wrap(t), { field: 'FM128', entropy: seededEntropy(900 + t.self), trust, otExtension, otStore: stores[t.self]! });
      await p.preprocess(reqs);
      const d = p.dealer;
      const shares: Words[] = [];
      const t3 = (x: Triple) => shares.push(x.a, x.b, x.c);
      t3(d.triple(N));
      const sq = d.square(N);
      shares.push(sq.a, sq.b);
      t3(d.andTriple(N, 128));
      shares.push(d.randBits(N));
      const tp: TruncPair = d.truncPair(N, 26);
      shares.push(tp.r, tp.rc, tp.rb);
      if (parties === 2) {
        for (const pp of [d.privPair(N), d.privPairGf(N)] as PrivPair[]) shares.push(pp.mask, pp.c);
      }
      return { shares, ops: p.graph.nodes.map((n) => n.name) };
    }),
  );
  return { received, out, stores };
}

/** The first 16 bytes each party's entropy gives: its own seed (otSetup and TFP draw it first). */
function ownSeed(party: number): Uint8Array {
  const s = new Uint8Array(16);
  seededEntropy(900 + party)(s);
  return s;
}

describe('transcript of trust ot', () => {
  it.each([
    [2, 'iknp'],
    [3, 'iknp'],
    [2, 'softspoken4'],
  ] as const)('%i parties, %s: no party receives another\'s seed, base-OT secrets or correlation shares', async (parties, ext) => {
    const { received, out, stores } = await run(parties, 'ot', ext);
    for (let me = 0; me < parties; me++) {
      expect(out[me]!.ops).not.toContain('setup_dealer_seeds');
      expect(out[me]!.ops).not.toContain('setup_prss_seeds');
      const secrets: Uint8Array[] = [ownSeed(me)];
      for (const w of out[me]!.shares) {
        // random bits and bit masks are mostly zero words: only the random-looking ones count
        for (const win of windows(w)) if (win.some((b, i) => i > 2 && b !== 0)) secrets.push(win);
      }
      for (let q = 0; q < parties; q++) {
        if (q === me) continue;
        const kept = stores[me]!.get(q)!;
        secrets.push(kept.delta);
        for (let i = 0; i < 128; i++) secrets.push(kept.keys.subarray(16 * i, 16 * i + 16), kept.keys0.subarray(16 * i, 16 * i + 16), kept.keys1.subarray(16 * i, 16 * i + 16));
      }
      expect(secrets.length).toBeGreaterThan(100);
      const index = new Map<number, Uint8Array[]>();
      for (const s of secrets) index.set(head(s, 0), [...(index.get(head(s, 0)) ?? []), s]);
      for (let other = 0; other < parties; other++) {
        if (other === me) continue;
        for (const frame of received[other]!) {
          for (let i = 0; i + 16 <= frame.length; i++) {
            const hits = index.get(head(frame, i));
            if (hits?.some((s) => contains(frame.subarray(i, i + 16), s))) throw new Error(`party ${other} received a secret of party ${me}`);
          }
        }
      }
    }
  });

  it('the same search finds every seed at party 0 with trust tfp', async () => {
    const { received } = await run(3, 'tfp');
    for (const q of [1, 2]) expect(received[0]!.some((f) => contains(f, ownSeed(q)))).toBe(true);
  });
});
