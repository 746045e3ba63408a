/**
 * Frames on the worker's own data channels (FrameChannels), without a browser: a pair of fake
 * channels stands in for the transferred RTCDataChannels, and the page side (the frame port) is
 * pumped into an in-memory network that counts what it relays.
 */
import { describe, expect, it } from 'vitest';
import { seededEntropy } from '../mpc/prg/entropy';
import { emulateNetwork } from '../mpc/io/netem';
import type { Transport } from '../mpc/transport';
import type { Clock } from '../mpc/sched/clock';
import { runExpSession } from '../mpc/session/expSession';
import { memoryNetwork } from '../mpc/io/memoryTransport';
import { FrameChannels, type FramesChannel } from '../link/frameChannels';
import { pumpFrames } from '../app/partyWorker';
import { PortTransport } from './portTransport';

/** One end of an in-memory data channel; messages arrive in a later task, as in a browser. */
class FakeChannel implements FramesChannel {
  readyState: RTCDataChannelState = 'open';
  readonly bufferedAmount = 0;
  bufferedAmountLowThreshold = 0;
  binaryType: BinaryType = 'blob';
  onopen: ((ev: Event) => unknown) | null = null;
  onmessage: ((ev: MessageEvent) => unknown) | null = null;
  onbufferedamountlow: ((ev: Event) => unknown) | null = null;
  onclose: ((ev: Event) => unknown) | null = null;
  onerror: ((ev: Event) => unknown) | null = null;
  twin: FakeChannel | null = null;

  send(data: Uint8Array<ArrayBuffer>): void {
    if (this.readyState !== 'open') throw new Error('InvalidStateError: the channel is not open');
    const copy = data.slice().buffer;
    // a later task, but not a timer (Node's take at least 1 ms): pings come back in well under a
    // millisecond, as on a real loopback channel, so the clock offset is known that closely
    setImmediate(() => this.twin?.onmessage?.(new MessageEvent('message', { data: copy })));
  }

  close(): void {
    for (const end of [this, this.twin]) {
      if (!end || end.readyState === 'closed') continue;
      end.readyState = 'closed';
      setImmediate(() => end.onclose?.(new Event('close')));
    }
  }
}

function channelPair(): [FakeChannel, FakeChannel] {
  const a = new FakeChannel();
  const b = new FakeChannel();
  a.twin = b;
  b.twin = a;
  return [a, b];
}

/** Count the frames the page side relays (what the channels should make unnecessary). */
function counting(t: Transport, sent: number[]): Transport {
  return {
    self: t.self,
    parties: t.parties,
    send: (to, frame) => {
      sent[t.self]! += 1;
      t.send(to, frame);
    },
    receive: (from) => t.receive(from),
  };
}

const tick = (ms = 10) => new Promise((r) => setTimeout(r, ms));

/** Wait until `ready()` (pings answered), polling; a loaded machine can take more than a tick. */
async function until(ready: () => boolean, what: string, ms = 3000): Promise<void> {
  for (const end = performance.now() + ms; !ready(); await tick(5)) {
    if (performance.now() > end) throw new Error(`not within ${ms} ms: ${what}`);
  }
}

/**
 * How far off each end's estimate of the other's clock may be before a test starts (ms): half a
 * ping's round trip. The fake channels' two hops take well under a millisecond, but several on a
 * loaded machine (two test suites at once): then the test waits for a quicker ping (every 250 ms).
 */
const CLOCK_ERROR_MS = 1;

/** Both ends of every channel have had a quick enough pong: frames can take them, carrying due times. */
const synced = (workers: readonly FrameChannels[]) => () =>
  workers.every((w, i) => workers.every((_, j) => i === j || (w.isOpen(j) && (w.clockErrorMs(j) ?? Infinity) <= CLOCK_ERROR_MS)));

/**
 * How much earlier than its due time a carried frame may be released: the clock error above,
 * TimedFifo's 0.5 ms release tolerance, and 0.5 ms for drift and rounding.
 */
const EARLY_MS = CLOCK_ERROR_MS + 1;

const CONFIG = { method: 'prime', field: 'FM128', profile: 'fast', n: 5, inputParty: 0 } as const;
const XS = [-3, -0.5, 0, 1.25, 4];

type ExpConfig = Parameters<typeof runExpSession>[1];

async function exp(open: boolean, latencyMs: number | null = null, parties = 2, config: ExpConfig = CONFIG) {
  const workers = Array.from({ length: parties }, () => new FrameChannels());
  const channels: FakeChannel[] = [];
  for (let i = 0; i < parties; i++) {
    for (let j = i + 1; j < parties; j++) {
      const [ci, cj] = channelPair();
      if (!open) [ci, cj].forEach((c) => (c.readyState = 'connecting'));
      workers[i]!.add(j, ci);
      workers[j]!.add(i, cj);
      channels.push(ci);
    }
  }
  if (open) await until(synced(workers), 'pings answered quickly enough', 10_000);
  else await tick();
  const net = memoryNetwork(parties);
  const relayed = new Array<number>(parties).fill(0);
  const stops: (() => void)[] = [];
  const transports: PortTransport[] = [];
  const runs = await Promise.all(
    net.transports.map((t) => {
      const ch = new MessageChannel();
      stops.push(pumpFrames(counting(t, relayed), ch.port1).stop);
      const pt = new PortTransport(t.self, parties, ch.port2, { channels: workers[t.self]!, session: 7, compression: false });
      transports.push(pt);
      const emulated = latencyMs === null ? null : emulateNetwork(pt, { latencyMs, bandwidthBps: 1e9 });
      return runExpSession(emulated ?? pt, config, t.self === 0 ? XS : null, { session: 7, entropy: seededEntropy(t.self) }).finally(() => pt.close());
    }),
  );
  stops.forEach((s) => s());
  // closing one end closes both, which stops both links' pings
  return { runs, relayed, transports, workers, close: () => channels.forEach((c) => c.close()) };
}

describe('frames on the worker channels', () => {
  it('carry a whole exp session worker to worker: same results and costs, nothing relayed by the page', async () => {
    const { runs, relayed, transports, workers, close } = await exp(true);
    runs[1]!.y.forEach((v, i) => expect(Math.abs(v / Math.exp(XS[i]!) - 1)).toBeLessThan(0.0025));
    const net = memoryNetwork(2);
    const inProcess = await Promise.all(net.transports.map((t) => runExpSession(t, CONFIG, t.self === 0 ? XS : null, { session: 7, entropy: seededEntropy(t.self) })));
    expect(runs[0]!.exp.rounds).toBe(8);
    expect(runs.map((r) => r.exp)).toEqual(inProcess.map((r) => r.exp));
    expect(relayed).toEqual([0, 0]);
    for (const [self, pt] of transports.entries()) {
      const peer = 1 - self;
      expect(pt.channelPeers()).toEqual([peer]);
      const wire = pt.channelStats().perPeer[peer]!;
      // every engine frame (setup and online) went on the channel, and nothing else
      const { online, offline } = runs[self]!.total;
      expect(wire.frameBytesSent).toBe(online.frameBytesSent + offline.frameBytesSent);
      expect(wire.frameBytesReceived).toBe(online.frameBytesReceived + offline.frameBytesReceived);
      expect(wire.framesSent).toBe(workers[self]!.stats(peer)!.framesSent);
    }
    close();
  });

  it('keep the channel warm after a run, with one-byte messages counted apart from frames, and use the 64 KiB / 16 KiB window', async () => {
    const r = await exp(true);
    await tick(60); // the keep-warm runs on for 2 s after the last frame, a byte per 5 ms of silence
    const sent = r.workers[0]!.stats(1)!;
    const got = r.workers[1]!.stats(0)!;
    r.close();
    expect(sent.keepWarmSent).toBeGreaterThan(0);
    expect(sent.keepWarmBytesSent).toBe(sent.keepWarmSent);
    expect(got.keepWarmReceived).toBeGreaterThan(0);
    expect(got.keepWarmReceived).toBeLessThanOrEqual(sent.keepWarmSent); // the last may be in flight
    expect(got.keepWarmBytesReceived).toBe(got.keepWarmReceived);
    // the channel's frame counters are the session's frames alone
    const wire = r.transports[0]!.channelStats().perPeer[1]!;
    expect(sent.frameWireBytesSent).toBe(wire.wireBytesSent);
    expect(sent.framesSent).toBe(wire.framesSent);
    const [c] = channelPair();
    new FrameChannels().add(1, c);
    expect(c.bufferedAmountLowThreshold).toBe(16 * 1024);
    c.close();
  });

  it('carry emulated frames at once with their due time, which the receiver waits for', async () => {
    const { runs, workers, close } = await exp(true, 30);
    runs[1]!.y.forEach((v, i) => expect(Math.abs(v / Math.exp(XS[i]!) - 1)).toBeLessThan(0.0025));
    expect(runs[0]!.exp.rounds).toBe(8);
    for (const r of runs) expect(r.phasesMs.exp).toBeGreaterThanOrEqual(8 * (30 - EARLY_MS));
    // one `due` control message per frame on top of the pings: every frame was carried
    for (const [self, w] of workers.entries()) {
      const s = w.stats(1 - self)!;
      expect(s.controlSent).toBeGreaterThanOrEqual(s.framesSent);
    }
    close();
  });

  it('carry emulated frames between three parties, each peer held apart', async () => {
    const taylor = { method: 'taylor', iterations: 8, field: 'FM128', profile: 'fast', n: 5, inputParty: 0 } as const;
    const { runs, workers, close } = await exp(true, 20, 3, taylor);
    runs[2]!.y.forEach((v, i) => expect(Math.abs(v / Math.exp(XS[i]!) - 1)).toBeLessThan(0.01));
    const rounds = runs[0]!.exp.rounds;
    expect(rounds).toBeGreaterThan(8);
    for (const r of runs) expect(r.phasesMs.exp).toBeGreaterThanOrEqual(rounds * (20 - EARLY_MS));
    for (const [self, w] of workers.entries()) {
      for (let peer = 0; peer < 3; peer++) {
        if (peer === self) continue;
        const s = w.stats(peer)!;
        expect(s.controlSent).toBeGreaterThanOrEqual(s.framesSent);
      }
    }
    close();
  });

  it('hold a carried frame until it is due, and keep later frames behind it', async () => {
    // a fake clock for both ends: time moves only in `advance`, firing the hold queue's timers
    let t = 1000;
    let nextId = 0;
    const timers = new Map<number, { at: number; cb: () => void }>();
    const clock: Clock = {
      now: () => t,
      defer: (cb) => void setImmediate(cb),
      setTimer: (cb, ms) => (timers.set(++nextId, { at: t + ms, cb }), nextId),
      clearTimer: (id) => void timers.delete(id as number),
    };
    const advance = async (ms: number) => {
      t += ms;
      for (const [id, timer] of [...timers]) {
        if (timer.at > t) continue;
        timers.delete(id);
        timer.cb();
      }
      await tick();
    };
    const [c0, c1] = channelPair();
    const a = new FrameChannels(undefined, clock.now);
    const b = new FrameChannels(undefined, clock.now);
    a.add(1, c0);
    b.add(0, c1);
    await until(synced([a, b]), "both know the other's clock", 10_000); // exactly: no time passes
    const [pa, pb] = [new MessageChannel(), new MessageChannel()];
    const t0 = new PortTransport(0, 2, pa.port2, { channels: a, session: 2, compression: false }, clock);
    const t1 = new PortTransport(1, 2, pb.port2, { channels: b, session: 2, compression: false }, clock);
    expect(t0.sendDue(1, Uint8Array.of(1), t + 60)).toBe(true);
    t0.send(1, Uint8Array.of(2)); // not emulated, sent right after: must not overtake
    const got: number[] = [];
    void t1
      .receive(0)
      .then((f) => (got.push(f[0]!), t1.receive(0)))
      .then((f) => got.push(f[0]!));
    await tick(); // both frames reach party 1 and wait there
    expect(got).toEqual([]);
    await advance(59);
    expect(got).toEqual([]);
    await advance(1); // due: the carried frame, then the one behind it
    expect(got).toEqual([1, 2]);
    for (const [tr, p] of [[t0, pa], [t1, pb]] as const) {
      tr.close();
      p.port1.close();
    }
    c0.close();
  });

  it('leave frames to the page while a channel is not open as the session starts', async () => {
    const { runs, relayed, transports, close } = await exp(false);
    runs[1]!.y.forEach((v, i) => expect(Math.abs(v / Math.exp(XS[i]!) - 1)).toBeLessThan(0.0025));
    expect(relayed[0]).toBeGreaterThan(0);
    expect(relayed[1]).toBeGreaterThan(0);
    for (const pt of transports) expect(pt.channelPeers()).toEqual([]);
    // nor can the page's relay carry a due time: the sender holds emulated frames itself
    for (const pt of transports) expect(pt.sendDue(1 - pt.self, Uint8Array.of(1), 0)).toBe(false);
    close();
  });

  it('carry frames only once the peer has answered on the channel (its end may not exist yet)', async () => {
    const [c0, c1] = channelPair();
    c0.twin = null; // the peer has not created its end: what we send is lost
    const a = new FrameChannels();
    a.add(1, c0);
    await tick();
    expect(a.isOpen(1)).toBe(false);
    const b = new FrameChannels();
    b.add(0, c1);
    c0.twin = c1;
    await until(() => a.isOpen(1), 'our next ping (every 250 ms) answered');
    expect(a.isOpen(1)).toBe(true);
    expect(b.isOpen(0)).toBe(true);
    c0.close();
  });

  it('stop carrying new sessions once the peer no longer answers (its worker died unseen)', async () => {
    const [c0, c1] = channelPair();
    const a = new FrameChannels(300);
    const b = new FrameChannels(300);
    a.add(1, c0);
    b.add(0, c1);
    await until(synced([a, b]), 'first pings answered', 10_000);
    c0.twin = null; // b's worker is gone; Chromium keeps our end open and our messages vanish
    await until(() => !a.isOpen(1), 'a sees the channel stale', 2000);
    expect(c0.readyState).toBe('open');
    const ch = new MessageChannel();
    const pt = new PortTransport(0, 2, ch.port2, { channels: a, session: 3, compression: false });
    expect(pt.channelPeers()).toEqual([]); // this session's frames to party 1 go through the page
    // party 1's new worker opens a new channel: this session relays, so it is not hurt
    const [n0, n1] = channelPair();
    a.add(1, n0);
    b.add(0, n1);
    const pending = pt.receive(1);
    let settled = false;
    void pending.then(
      () => (settled = true),
      () => (settled = true),
    );
    await tick(50);
    expect(settled).toBe(false);
    pt.close();
    ch.port1.close();
    n0.close();
  });

  it('fail a session that sent on a channel when a newer one replaces it (the peer worker restarted)', async () => {
    const [c0, c1] = channelPair();
    const a = new FrameChannels();
    a.add(1, c0);
    new FrameChannels().add(0, c1);
    await until(() => a.isOpen(1), 'first ping answered');
    const ch = new MessageChannel();
    const pt = new PortTransport(0, 2, ch.port2, { channels: a, session: 4, compression: false });
    expect(pt.channelPeers()).toEqual([1]);
    const pending = pt.receive(1);
    const [renewed] = channelPair();
    a.add(1, renewed);
    await expect(pending).rejects.toMatchObject({ code: 'ERR_PEER_GONE', message: expect.stringContaining("party 1's worker restarted") as unknown });
    pt.close();
    ch.port1.close();
    c0.close();
    renewed.close();
  });

  it('hold what arrives before their own end reports open (a transferred channel can lag), then answer', async () => {
    const [c0, c1] = channelPair();
    c1.readyState = 'connecting'; // sending now would throw, as Chromium's does
    const a = new FrameChannels();
    const b = new FrameChannels();
    a.add(1, c0);
    b.add(0, c1);
    await tick(100); // a's ping has reached b, which must not answer yet
    expect(a.isOpen(1)).toBe(false);
    c1.readyState = 'open'; // no 'open' event: b notices by polling
    await until(() => a.isOpen(1) && b.isOpen(0), 'b answers once it sees its end open');
    expect(a.isOpen(1)).toBe(true);
    expect(b.isOpen(0)).toBe(true);
    c0.close();
  });

  it('hold the frames of a session that has not started here, and drop those of one that ended', async () => {
    const [c0, c1] = channelPair();
    const a = new FrameChannels();
    const b = new FrameChannels();
    a.add(1, c0);
    b.add(0, c1);
    a.send(1, 3, Uint8Array.of(1, 2, 3), false);
    a.send(1, 4, Uint8Array.of(9), true);
    await new Promise((r) => setTimeout(r, 10));
    const got: number[][] = [];
    b.attach(3, (from, bytes) => got.push([from, ...bytes]))();
    b.attach(4, (from, bytes) => got.push([from, ...bytes]));
    a.send(1, 3, Uint8Array.of(5), false); // session 3 has ended at b
    await new Promise((r) => setTimeout(r, 10));
    expect(got).toEqual([
      [0, 1, 2, 3],
      [0, 9],
    ]);
    c0.close();
  });

  it('fail a session with ERR_PEER_GONE naming the party when its channel closes', async () => {
    const [c0, c1] = channelPair();
    const channels = new FrameChannels();
    channels.add(1, c0);
    const ch = new MessageChannel();
    const pt = new PortTransport(0, 2, ch.port2, { channels, session: 1, compression: false });
    const pending = pt.receive(1);
    c1.close();
    await expect(pending).rejects.toMatchObject({ code: 'ERR_PEER_GONE', message: expect.stringContaining('party 1') as unknown });
    expect(channels.isOpen(1)).toBe(false);
    expect(() => pt.send(1, Uint8Array.of(1))).toThrow(/party 1/);
    pt.close();
    ch.port1.close();
  });
});
