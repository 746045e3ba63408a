import { describe, expect, it } from 'vitest';
import { MpcError } from '../errors';
import { seededEntropy } from '../prg/entropy';
import { a2p, mulAA, p2a } from '../protocols/semi2k/arithmetic';
import { msbA2B } from '../protocols/semi2k/conversion';
import { Party } from '../protocols/semi2k/party';
import { ringOf } from '../ring';
import { memoryNetwork } from '../io/memoryTransport';
import { simulate } from '../io/simulate';
import type { Transport } from '../transport';
import { Scheduler } from './scheduler';
import { OpGraph } from './graph';
import { decodeFrame, encodeFrame } from './frame';

const ring = ringOf('FM128');

describe('round batching', () => {
  const twoMuls = (batching: boolean) =>
    simulate(
      2,
      async (p) => {
        const x = p2a(p, ring.fromBigInts([3n, 5n]));
        const y = p2a(p, ring.fromBigInts([7n, 11n]));
        const [u, v] = await Promise.all([mulAA(p, x, y), mulAA(p, y, y)]);
        const rounds = p.sched.traffic().online.rounds;
        const bytes = p.sched.traffic().online.payloadBytesSent;
        const opened = await Promise.all([a2p(p, u), a2p(p, v)]);
        return { rounds, bytes, values: opened.map((w) => [ring.get(w, 0), ring.get(w, 1)]) };
      },
      { field: 'FM128', batching, seed: 1 },
    );

  it('two independent multiplications under Promise.all share one round with batching on', async () => {
    const runs = await twoMuls(true);
    for (const r of runs) {
      expect(r.output.rounds).toBe(1);
      expect(r.output.bytes).toBe(2 * 2 * 32);
      expect(r.output.values).toEqual([[21n, 55n], [49n, 121n]]);
    }
  });

  it('take two rounds with batching off, with the same results and bytes', async () => {
    const runs = await twoMuls(false);
    for (const r of runs) {
      expect(r.output.rounds).toBe(2);
      expect(r.output.bytes).toBe(2 * 2 * 32);
      expect(r.output.values).toEqual([[21n, 55n], [49n, 121n]]);
    }
  });

  it('records the executed graph with rounds, bytes and parents', async () => {
    const runs = await simulate(
      2,
      async (p) => {
        const x = p2a(p, ring.fromBigInts([1n]));
        const y = await mulAA(p, x, x);
        await a2p(p, y);
        return null;
      },
      { field: 'FM128', seed: 2 },
    );
    const g = runs[0]!.graph.filter((n) => n.scope !== 'setup');
    expect(g.map((n) => n.name)).toEqual(['p2a', 'mul_aa', 'a2p']);
    const [inp, mul, open] = g;
    expect(mul!.parents).toEqual([inp!.id]);
    expect(open!.parents).toEqual([mul!.id]);
    expect(mul!.rounds).toEqual([1]);
    expect(mul!.payloadBytesSent).toBe(32);
    expect(mul!.payloadBytesReceived).toBe(32);
    expect(open!.rounds).toEqual([2]);
  });

  it('counts setup as offline and keeps frame bytes apart from payload bytes', async () => {
    const runs = await simulate(2, async (p) => a2p(p, p2a(p, ring.fromBigInts([1n, 2n, 3n]))), { field: 'FM128', seed: 3 });
    const [p0, p1] = runs;
    // party 1 sends its dealer seed to party 0 and its PRSS seed to party 0 (its previous party)
    expect(p1!.setup.offline.payloadBytesSent).toBe(32);
    expect(p0!.setup.offline.payloadBytesSent).toBe(16);
    expect(p0!.setup.offline.rounds).toBe(1);
    expect(p0!.setup.online.rounds).toBe(0);
    const on = p0!.traffic.online;
    expect(on.payloadBytesSent).toBe(48);
    expect(on.frameBytesSent).toBe(48 + 16 + 8); // header + one table entry
    expect(on.perPeer[1]!.payloadBytesReceived).toBe(48);
  });
});

/** A transport whose frames from party 1 to party 0 pass through `tamper`. */
function tamperedPair(tamper: (frame: Uint8Array) => Uint8Array): Transport[] {
  const net = memoryNetwork(2);
  const [t0, t1] = net.transports as [Transport, Transport];
  return [t0, { ...t1, self: 1, parties: 2, send: (to, f) => t1.send(to, tamper(f)), receive: (from) => t1.receive(from) }];
}

async function runWith(transports: Transport[]) {
  return Promise.allSettled(
    transports.map(async (t) => {
      const p = await Party.setup(t, { field: 'FM128', entropy: seededEntropy(t.self) });
      const x = p2a(p, ring.fromBigInts([1n, 2n]));
      return a2p(p, x);
    }),
  );
}

describe('frame checks', () => {
  it('rejects a malformed frame with ERR_BAD_FRAME', async () => {
    const res = await runWith(tamperedPair((f) => (f.length > 40 ? f.subarray(0, 20) : f)));
    const err = (res[0] as PromiseRejectedResult).reason as MpcError;
    expect(err.code).toBe('ERR_BAD_FRAME');
    expect(err.message).toMatch(/runs past the end|does not fit/);
    // the failing party tells the other, which stops instead of waiting forever
    const other = (res[1] as PromiseRejectedResult).reason as MpcError;
    expect(other.code).toBe('ERR_ABORTED');
    expect(other.message).toContain('party 0 aborted: ');
  });

  it('rejects a frame for another round, naming the round', async () => {
    const res = await runWith(
      tamperedPair((f) => {
        const fr = decodeFrame(f);
        return fr.phase === 'online' ? encodeFrame({ ...fr, round: fr.round + 1 }) : f;
      }),
    );
    const err = (res[0] as PromiseRejectedResult).reason as MpcError;
    expect(err.code).toBe('ERR_BAD_FRAME');
    expect(err.message).toContain('online round 1, frame from party 1: is for round 2');
  });

  it('rejects a frame whose payload length differs from what the operation expects', async () => {
    const res = await runWith(
      tamperedPair((f) => {
        const fr = decodeFrame(f);
        if (fr.phase !== 'online') return f;
        return encodeFrame({ ...fr, entries: fr.entries.map((e) => ({ ...e, payload: e.payload.subarray(0, 16) })) });
      }),
    );
    const err = (res[0] as PromiseRejectedResult).reason as MpcError;
    expect(err.message).toContain('a2p (#2) carries 16 bytes, expected 32');
  });

  it('rejects garbage with a readable reason', () => {
    expect(() => decodeFrame(new Uint8Array([1, 2, 3]))).toThrow(/shorter than the 16-byte header/);
    const ok = encodeFrame({ phase: 'online', session: 1, round: 1, sender: 0, entries: [] });
    ok[0] = 0;
    expect(() => decodeFrame(ok)).toThrow(/bad magic/);
  });

  it('fails every pending exchange when a peer goes away, without hanging', async () => {
    const net = memoryNetwork(2);
    const p0 = Party.setup(net.transports[0]!, { field: 'FM128', entropy: seededEntropy(1) });
    net.close(new MpcError('ERR_PEER_GONE', 'party 1 left'));
    await expect(p0).rejects.toThrow('party 1 left');
  });

  it('times out a round whose peer never answers', async () => {
    const net = memoryNetwork(2);
    const sched = new Scheduler(net.transports[0]!, { roundTimeoutMs: 50 });
    const node = new OpGraph().add('probe', '', 1, []);
    await expect(sched.exchange({ node, out: [null, new Uint8Array(1)], expect: [0, 1] })).rejects.toMatchObject({ code: 'ERR_TIMEOUT' });
  });
});

describe('party count and support errors', () => {
  it('refuses a 2-party kernel in a 3-party session, naming both counts', async () => {
    await expect(simulate(3, (p) => msbA2B(p, p2a(p, ring.fromBigInts([1n]))), { field: 'FM128', seed: 5 })).rejects.toThrow(
      'msb_a2b is a 2-party protocol; this session has 3 parties',
    );
  });

  it('refuses sessions of one party', async () => {
    const net = memoryNetwork(1);
    await expect(Party.setup(net.transports[0]!, { field: 'FM64', entropy: seededEntropy(1) })).rejects.toMatchObject({ code: 'ERR_PARTY_COUNT' });
  });

  it('refuses an exchange that lists the wrong number of parties', () => {
    const net = memoryNetwork(2);
    const sched = new Scheduler(net.transports[0]!);
    const node = new OpGraph().add('probe', '', 1, []);
    expect(() => sched.exchange({ node, out: [null], expect: [0] })).toThrow(/lists 1 outputs for 2 parties/);
  });
});
