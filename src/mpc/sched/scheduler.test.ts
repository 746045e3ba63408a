import { describe, expect, it } from 'vitest';
import { MpcError } from '../errors';
import { seededEntropy } from '../prg/entropy';
import { a2p, mulAA, p2a } from '../protocols/semi2k/arithmetic';
import { msbA2B } from '../protocols/semi2k/conversion';
import { Party } from '../protocols/semi2k/party';
import { ringOf } from '../ring';
import { memoryNetwork } from '../io/memoryTransport';
import { joinFrame } from './frameBytes';
import { simulate } from '../io/simulate';
import type { Transport } from '../transport';
import { Scheduler, type LivenessTransport, type PendingRound, type RoundRecord } from './scheduler';
import type { Clock } from './clock';
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

describe('round records by entry', () => {
  it('give each exchange\'s bytes to and from each party, adding up to the round\'s totals, before and after the round', async () => {
    const net = memoryNetwork(3);
    const graph = new OpGraph();
    const nodes = [graph.add('a', '', 1, []), graph.add('b', '', 1, [])];
    // party p sends (entry + 1) * (peer + 1) + p bytes to each peer: every size differs
    const size = (p: number, entry: number, peer: number) => (entry + 1) * (peer + 1) + p;
    const records = await Promise.all(
      net.transports.map(async (t) => {
        const pending: PendingRound[] = [];
        const rounds: RoundRecord[] = [];
        const sched = new Scheduler(t, { beforeRound: async (r) => void pending.push(r), onRound: (r) => void rounds.push(r) });
        const ex = (entry: number) =>
          sched.exchange({
            node: nodes[entry]!,
            out: [0, 1, 2].map((peer) => (peer === t.self ? null : new Uint8Array(size(t.self, entry, peer)))),
            expect: [0, 1, 2].map((peer) => (peer === t.self ? 0 : size(peer, entry, t.self))),
          });
        await Promise.all([ex(0), ex(1)]);
        return { self: t.self, pending, rounds };
      }),
    );
    for (const { self, pending, rounds } of records) {
      expect(rounds).toHaveLength(1);
      const r = rounds[0]!;
      const want = (from: number, to: number) => [0, 1].map((e) => (from === to ? 0 : size(from, e, to)));
      expect(r.entryBytesSent).toEqual([0, 1].map((e) => [0, 1, 2].map((peer) => want(self, peer)[e])));
      expect(r.entryBytesReceived).toEqual([0, 1].map((e) => [0, 1, 2].map((peer) => want(peer, self)[e])));
      for (let peer = 0; peer < 3; peer++) {
        expect(r.entryBytesSent.reduce((s, e) => s + e[peer]!, 0)).toBe(r.payloadBytesSent[peer]);
        expect(r.entryBytesReceived.reduce((s, e) => s + e[peer]!, 0)).toBe(r.payloadBytesReceived[peer]);
      }
      expect(pending[0]!.entryBytes).toEqual(r.entryBytesSent);
      expect(pending[0]!.entryBytesExpected).toEqual(r.entryBytesReceived);
    }
  });
});

/** A transport whose frames from party 1 to party 0 pass through `tamper`. */
function tamperedPair(tamper: (frame: Uint8Array) => Uint8Array): Transport[] {
  const net = memoryNetwork(2);
  const [t0, t1] = net.transports as [Transport, Transport];
  return [t0, { ...t1, self: 1, parties: 2, send: (to, f) => t1.send(to, tamper(joinFrame(f))), receive: (from) => t1.receive(from) }];
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

/**
 * A clock whose time moves only when the test says; `defer` stays a real macrotask so the engine's
 * promise chains run between the steps of `advance`.
 */
function fakeClock(): Clock & { advance(ms: number): Promise<void> } {
  let t = 0;
  let nextId = 0;
  const timers = new Map<number, { at: number; cb: () => void }>();
  // the engine needs a few macrotasks per round (its flushes are deferred): let them all run
  // before time moves on, as they would on a real clock long before the next timer
  const settle = async () => {
    for (let i = 0; i < 20; i++) await new Promise<void>((r) => setImmediate(r));
  };
  return {
    now: () => t,
    defer: (cb) => void setImmediate(cb),
    setTimer: (cb, ms) => (timers.set(++nextId, { at: t + ms, cb }), nextId),
    clearTimer: (id) => void timers.delete(id as number),
    async advance(ms) {
      const end = t + ms;
      for (;;) {
        await settle();
        const due = [...timers.entries()].filter(([, v]) => v.at <= end).sort((a, b) => a[1].at - b[1].at || a[0] - b[0])[0];
        if (!due) break;
        timers.delete(due[0]);
        t = Math.max(t, due[1].at);
        due[1].cb();
      }
      t = end;
      await settle();
    },
  };
}

/**
 * Three parties over memory, where `drop` can swallow a frame (a peer still connected that never
 * sends what is awaited) and a link can be cut; `arrived[to][from]` counts the frames that reached
 * `to` from `from`, the stand-in for the links' chunk counters.
 */
function lossyNetwork(parties: number, drop: (from: number, to: number, frame: Uint8Array) => boolean) {
  const net = memoryNetwork(parties);
  const arrived = Array.from({ length: parties }, () => new Array<number>(parties).fill(0));
  const cut = new Set<string>();
  const gone = (_a: number, b: number) => new MpcError('ERR_PEER_GONE', `party ${b} closed the connection`);
  const waiting: { self: number; from: number; reject: (e: unknown) => void }[] = [];
  const transports = net.transports.map(
    (t): Transport => ({
      self: t.self,
      parties,
      send(to, frame) {
        if (cut.has(`${t.self}-${to}`)) throw gone(t.self, to);
        if (drop(t.self, to, joinFrame(frame))) return;
        arrived[to]![t.self]! += 1;
        t.send(to, frame);
      },
      receive(from) {
        if (cut.has(`${t.self}-${from}`)) return Promise.reject(gone(t.self, from));
        return new Promise((resolve, reject) => {
          const w = { self: t.self, from, reject };
          waiting.push(w);
          t.receive(from).then(resolve, reject).finally(() => waiting.splice(waiting.indexOf(w), 1));
        });
      },
    }),
  );
  return {
    transports,
    arrived,
    /** The link between a and b fails at both ends, as a lost WebRTC connection does. */
    cutLink(a: number, b: number) {
      cut.add(`${a}-${b}`).add(`${b}-${a}`);
      for (const w of [...waiting]) {
        if (w.self === a && w.from === b) w.reject(gone(a, b));
        if (w.self === b && w.from === a) w.reject(gone(b, a));
      }
    },
  };
}

/** `rounds` exchanges of one byte with every other party, `computeMs` of (fake) work before each after the first. */
async function rounds(sched: Scheduler, count: number, clock: Clock, computeMs = 0): Promise<number> {
  const graph = new OpGraph();
  for (let r = 1; r <= count; r++) {
    if (r > 1 && computeMs > 0) await new Promise<void>((res) => clock.setTimer(res, computeMs));
    const out = Array.from({ length: sched.parties }, (_, p) => (p === sched.self ? null : new Uint8Array([r])));
    const expect = Array.from({ length: sched.parties }, (_, p) => (p === sched.self ? 0 : 1));
    await sched.exchange({ node: graph.add(`step${r}`, '', 1, []), out, expect });
  }
  return count;
}

function settledState(p: Promise<unknown>): { state: 'pending' | 'fulfilled' | 'rejected'; reason?: MpcError } {
  const s: { state: 'pending' | 'fulfilled' | 'rejected'; reason?: MpcError } = { state: 'pending' };
  p.then(
    () => (s.state = 'fulfilled'),
    (e: MpcError) => Object.assign(s, { state: 'rejected', reason: e }),
  );
  return s;
}

describe('a fault between two parties reaches the third', () => {
  it('a lost link between parties 0 and 1 fails party 2 with a coded error naming them, at once', async () => {
    const clock = fakeClock();
    const net = lossyNetwork(3, () => false);
    const runs = net.transports.map((t) => settledState(rounds(new Scheduler(t, { clock }), 3, clock, 1_000)));
    await clock.advance(0); // round 1 done everywhere; round 2 computes for a second
    net.cutLink(0, 1);
    await clock.advance(1_000);
    expect(runs.map((r) => r.state)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(runs[0]!.reason!.code).toBe('ERR_PEER_GONE');
    const third = runs[2]!.reason!;
    expect(third.code).toBe('ERR_ABORTED');
    // whichever of 0 and 1 told it first; the reason names the lost link
    expect(third.message).toMatch(/^party [01] aborted: party [01] closed the connection$/);
  });
});

/** The round of an engine frame, or null for an abort frame. */
function decodeFrameSafe(f: Uint8Array): number | null {
  try {
    return decodeFrame(f).round;
  } catch {
    return null;
  }
}

describe('liveness: a peer that is connected but never sends the awaited frame', () => {
  const SILENCE = 6_000;

  it('fails the waiting party with ERR_TIMEOUT naming the peer and round after the silence, and tells the others', async () => {
    const clock = fakeClock();
    // party 1 drops its last frame to party 2: parties 0 and 1 finish, party 2 would wait forever
    const net = lossyNetwork(3, (from, to, f) => from === 1 && to === 2 && decodeFrameSafe(f) === 3);
    const liveness = (self: number) => ({ silenceMs: SILENCE, activity: (peer: number) => net.arrived[self]![peer]! });
    const runs = net.transports.map((t) => settledState(rounds(new Scheduler(t, { clock, liveness: liveness(t.self) }), 3, clock, 1_000)));
    // round 3 goes out at 2 s
    await clock.advance(2_000 + SILENCE - 100);
    expect(runs.map((r) => r.state)).toEqual(['fulfilled', 'fulfilled', 'pending']);
    await clock.advance(200);
    expect(runs[2]!.state).toBe('rejected');
    expect(runs[2]!.reason!.code).toBe('ERR_TIMEOUT');
    const why = 'online round 3: party 1 is connected but its frame never came (nothing from it for 6 s while waiting)';
    expect(runs[2]!.reason!.message).toBe(why);
    // the others get party 2's abort, naming the fault (their pages pass it on: MeshTransport)
    for (const t of [net.transports[0]!, net.transports[1]!]) {
      const abort = await t.receive(2);
      expect(() => decodeFrame(abort)).toThrow(`party 2 aborted: ${why}`);
    }
  });

  it('does not give up on a peer whose frame is slow but moving, however long it takes', async () => {
    const clock = fakeClock();
    const net = memoryNetwork(2);
    let chunks = 0;
    const sched = new Scheduler(net.transports[0]!, { clock, liveness: { silenceMs: SILENCE, activity: () => chunks } });
    const node = new OpGraph().add('big', '', 1, []);
    const run = settledState(sched.exchange({ node, out: [null, new Uint8Array(1)], expect: [0, 1] }));
    for (let s = 0; s < 60; s++) {
      chunks += 1; // a chunk of the peer's frame every 5 s
      await clock.advance(5_000);
    }
    expect(run.state).toBe('pending');
    net.transports[1]!.send(0, encodeFrame({ phase: 'online', session: 0, round: 1, sender: 1, entries: [{ op: 0, payload: new Uint8Array([9]) }] }));
    await clock.advance(0);
    expect(run.state).toBe('fulfilled');
  });

  it('waits the grace a slow emulated link needs for a frame of that size on top of the silence', async () => {
    const clock = fakeClock();
    const net = memoryNetwork(2);
    const graces: number[] = [];
    const graceMs = (bytes: number) => (graces.push(bytes), 10_000);
    const sched = new Scheduler(net.transports[0]!, { clock, liveness: { silenceMs: SILENCE, activity: () => 0, graceMs } });
    const node = new OpGraph().add('probe', '', 1, []);
    const run = settledState(sched.exchange({ node, out: [null, new Uint8Array(1)], expect: [0, 1000] }));
    await clock.advance(SILENCE + 10_000 - 100);
    expect(run.state).toBe('pending');
    expect(graces).toEqual([16 + 8 + 1000]); // the frame: header, one table entry, the payload
    await clock.advance(200);
    expect(run.reason?.code).toBe('ERR_TIMEOUT');
    expect(run.reason?.message).toMatch(/nothing from it for 16 s/);
  });

  it('takes the liveness from the transport when the options do not carry it', async () => {
    const clock = fakeClock();
    const net = memoryNetwork(2);
    const t: LivenessTransport = { ...net.transports[0]!, self: 0, parties: 2, liveness: { silenceMs: 2_000, activity: () => 0 } };
    const sched = new Scheduler(t, { clock });
    const run = settledState(sched.exchange({ node: new OpGraph().add('probe', '', 1, []), out: [null, new Uint8Array(1)], expect: [0, 1] }));
    await clock.advance(2_100);
    expect(run.reason?.message).toBe('online round 1: party 1 is connected but its frame never came (nothing from it for 2 s while waiting)');
  });
});

describe('payloads sent as they are', () => {
  /** Two parties open a value by summing into the message they sent (as openSumInPlace does), twice. */
  async function sumIntoMessage(rewritesOut: boolean) {
    const net = memoryNetwork(2, { checkSent: true });
    const graph = new OpGraph();
    const node = graph.add('open', '', 1, []);
    const results = await Promise.allSettled(
      net.transports.map(async (t) => {
        const sched = new Scheduler(t);
        const other = 1 - t.self;
        const sums: number[] = [];
        for (let round = 0; round < 2; round++) {
          const mine = Uint8Array.of(10 * (t.self + 1) + round);
          const out: (Uint8Array | null)[] = [null, null];
          out[other] = mine;
          const got = await sched.exchange({ node, out, expect: other === 0 ? [1, 0] : [0, 1], rewritesOut });
          mine[0]! += got[other]![0]!; // the message is the sum now
          sums.push(mine[0]!);
        }
        return sums;
      }),
    );
    return { results, net };
  }

  it('with rewritesOut the scheduler sends a copy, so writing the message after the round is safe', async () => {
    const { results, net } = await sumIntoMessage(true);
    for (const r of results) expect(r).toEqual({ status: 'fulfilled', value: [30, 32] });
    expect(() => net.verify()).not.toThrow();
  });

  it('without it, the in-memory network of the tests catches the message written after it was sent', async () => {
    const { results, net } = await sumIntoMessage(false);
    const failed = results.some((r) => r.status === 'rejected' && /changed after it was sent/.test(String((r.reason as Error).message)));
    let verified = true;
    try {
      net.verify();
    } catch {
      verified = false;
    }
    expect(failed || !verified).toBe(true);
  });

  it('sends the header and table in one small buffer and each payload itself', async () => {
    const net = memoryNetwork(2);
    const graph = new OpGraph();
    const payload = new Uint8Array(64).fill(3);
    const sent: unknown[] = [];
    const t0 = { ...net.transports[0]!, self: 0, parties: 2, send: (to: number, f: Parameters<Transport['send']>[1]) => (sent.push(f), net.transports[0]!.send(to, f)) };
    const a = new Scheduler(t0);
    const b = new Scheduler(net.transports[1]!);
    const node = graph.add('x', '', 1, []);
    const [ga, gb] = await Promise.all([a.exchange({ node, out: [null, payload], expect: [0, 0] }), b.exchange({ node, out: [null, null], expect: [64, 0] })]);
    expect(ga[1]!.length).toBe(0);
    const parts = sent[0] as Uint8Array[];
    expect(parts).toHaveLength(2);
    expect(parts[0]!.length).toBe(16 + 8);
    expect(parts[1]).toBe(payload);
    // in process the receiver reads the sender's array itself (a view of it)
    expect(gb[0]!.buffer).toBe(payload.buffer);
    expect([gb[0]!.byteOffset, gb[0]!.length]).toEqual([payload.byteOffset, 64]);
    expect(a.traffic().online.frameBytesSent).toBe(16 + 8 + 64);
  });
});
