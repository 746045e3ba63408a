/**
 * Drives a signaling server in a child process with the traffic of a busy day and of an attack at
 * once, for signaling/load.test.ts, signaling/fuzz.test.ts and bench/signalingLoad.ts:
 *
 * - a well-behaved room whose two members exchange numbered signals throughout: every one must
 *   arrive, intact and in order, and its relay latency is measured;
 * - residents: pairs that join a room at the start and stay, signalling now and then;
 * - churn: pairs of clients that connect, create/join a room, exchange a few signals, leave (by
 *   message, by closing, or by dropping the socket) and start again;
 * - slow readers: a member that stops reading while its partner sends it the largest signals the
 *   rate allows (the server must cut it off, not buffer for it);
 * - flooders: sockets that send as fast as they can (the rate limit answers, then closes them;
 *   they reconnect and go on).
 *
 * The server runs in its own process, so a crash shows as a crash and its memory as its own.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { Socket } from 'node:net';
import { dirname, join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { WebSocket } from 'ws';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** A small seeded PRNG (mulberry32): the same seed gives the same run. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const sleep = (ms: number): Promise<void> => new Promise((ok) => setTimeout(ok, ms));

export interface ServerProcess {
  readonly url: string;
  readonly pid: number;
  /** Resident memory of the server process now, MiB (from /proc/<pid>/status). */
  rssMiB(): number;
  /** Still running? */
  alive(): boolean;
  /** Everything it printed so far (stdout and stderr). */
  output(): string;
  /** SIGTERM, then wait for the exit; resolves with the exit code (or the signal's name). */
  stop(): Promise<number | string | null>;
}

/** Start `signaling/main.ts` with these flags in a child process (PORT=0, 127.0.0.1, no build). */
export async function spawnServer(flags: readonly string[] = [], env: Readonly<Record<string, string>> = {}): Promise<ServerProcess> {
  // node --import tsx rather than the tsx binary: one process, so the pid is the server's own.
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'signaling/main.ts', ...flags], {
    cwd: root,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', SKIP_BUILD: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  // Keep draining: a full pipe would block the server's log writes.
  const keep = (d: Buffer): void => {
    out += d.toString();
    if (out.length > 1_000_000) out = out.slice(-500_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<number | string | null>((ok) => child.once('exit', (code, signal) => ok(code ?? signal)));
  const url = await new Promise<string>((ok, ko) => {
    const timer = setTimeout(() => ko(new Error(`server did not start within 30 s; output:\n${out}`)), 30_000);
    const check = (): void => {
      const m = /running at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        ok(m[1]);
      }
    };
    child.stdout?.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      ko(new Error(`server exited (${code}) before listening; output:\n${out}`));
    });
  });
  const pid = child.pid ?? -1;
  return {
    url,
    pid,
    rssMiB: () => {
      const m = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      return m?.[1] === undefined ? Number.NaN : Number(m[1]) / 1024;
    },
    alive: () => child.exitCode === null && child.signalCode === null,
    output: () => out,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

/** A ws client with a message hook; every server message is JSON, parsed once here. */
export class Peer {
  readonly ws: WebSocket;
  onMessage: (msg: Record<string, unknown>, raw: string) => void = () => {};
  readonly closed: Promise<number>;
  isClosed = false;

  private constructor(ws: WebSocket) {
    this.ws = ws;
    ws.on('message', (data, isBinary) => {
      const raw = isBinary ? '' : String(data);
      let msg: Record<string, unknown>;
      try {
        msg = JSON.parse(raw) as Record<string, unknown>;
      } catch {
        msg = { type: '<not json>' };
      }
      this.onMessage(msg, raw);
    });
    this.closed = new Promise((ok) =>
      ws.once('close', (code) => {
        this.isClosed = true;
        ok(code);
      }),
    );
    ws.on('error', () => {});
  }

  static open(url: string, localAddress?: string): Promise<Peer> {
    const ws = new WebSocket(url.replace('http', 'ws') + 'signal', localAddress ? { localAddress } : {});
    return new Promise((ok, ko) => {
      ws.once('open', () => ok(new Peer(ws)));
      ws.once('unexpected-response', (_req, res) => {
        ws.terminate();
        ko(new Error(`refused: HTTP ${res.statusCode ?? '?'}`));
      });
      ws.once('error', ko);
    });
  }

  send(msg: unknown): void {
    if (this.ws.readyState === WebSocket.OPEN) this.ws.send(typeof msg === 'string' ? msg : JSON.stringify(msg));
  }

  /** The next message that `pred` accepts (messages before it are passed over). */
  next(pred: (msg: Record<string, unknown>) => boolean, timeoutMs: number): Promise<Record<string, unknown>> {
    return new Promise((ok, ko) => {
      const prev = this.onMessage;
      const timer = setTimeout(() => {
        this.onMessage = prev;
        ko(new Error(`no awaited message within ${timeoutMs} ms`));
      }, timeoutMs);
      this.onMessage = (msg, raw) => {
        prev(msg, raw);
        if (pred(msg)) {
          clearTimeout(timer);
          this.onMessage = prev;
          ok(msg);
        }
      };
    });
  }

  /** Stop reading from the socket: the server's queue for it can only grow. */
  pauseReading(): void {
    (this.ws as unknown as { _socket: Socket })._socket.pause();
  }
}

/** Two members of one room: members[0] created it, members[1] joined. */
export async function pair(url: string, localAddress?: string, timeoutMs = 5000): Promise<[Peer, Peer, string]> {
  const a = await Peer.open(url, localAddress);
  const joinedA = a.next((m) => m['type'] === 'joined' || m['type'] === 'error', timeoutMs);
  a.send({ type: 'create', capacity: 2 });
  const ja = await joinedA;
  if (ja['type'] !== 'joined') {
    a.ws.terminate();
    throw new Error(`create answered ${JSON.stringify(ja)}`);
  }
  const room = String(ja['room']);
  const b = await Peer.open(url, localAddress).catch((err: unknown) => {
    a.ws.terminate();
    throw err;
  });
  const joinedB = b.next((m) => m['type'] === 'joined' || m['type'] === 'error', timeoutMs);
  b.send({ type: 'join', room });
  const jb = await joinedB;
  if (jb['type'] !== 'joined') {
    a.ws.terminate();
    b.ws.terminate();
    throw new Error(`join answered ${JSON.stringify(jb)}`);
  }
  return [a, b, room];
}

/** The well-behaved room: both members send a numbered signal every `intervalMs`, checked on arrival. */
export class GoodRoom {
  sent = 0;
  received = 0;
  /** Arrivals that were out of order, altered, or from the wrong party. */
  readonly faults: string[] = [];
  readonly latenciesMs: number[] = [];
  private timer: NodeJS.Timeout | null = null;
  private readonly expected = [0, 0];
  private readonly sentAt = new Map<string, number>();

  private constructor(readonly members: [Peer, Peer]) {
    members.forEach((p, self) => {
      p.onMessage = (msg, raw) => {
        if (msg['type'] !== 'signal') {
          if (msg['type'] === 'error' || msg['type'] === 'left') this.faults.push(`party ${self} got ${raw.slice(0, 200)}`);
          return;
        }
        const seq = this.expected[self] ?? 0;
        const body = GoodRoom.body(1 - self, seq);
        const want = `{"type":"signal","from":${1 - self},"data":${body.text}}`;
        if (raw !== want) this.faults.push(`party ${self} expected #${seq}, got ${raw.slice(0, 120)}…`);
        else this.latenciesMs.push(performance.now() - (this.sentAt.get(`${1 - self}:${seq}`) ?? Number.NaN));
        this.sentAt.delete(`${1 - self}:${seq}`);
        this.expected[self] = seq + 1;
        this.received += 1;
      };
    });
  }

  static async open(url: string): Promise<GoodRoom> {
    const [a, b] = await pair(url);
    return new GoodRoom([a, b]);
  }

  /**
   * Signal `seq` of party `from`: shaped like a WebRTC offer or candidate, with what a careless
   * relay would change (escapes, non-ASCII, a 64-bit integer, an exponent).
   */
  static body(from: number, seq: number): { text: string } {
    const sdp = `v=0\\r\\no=- ${4611686018427387904n + BigInt(seq)} 2 IN IP4 127.0.0.1\\r\\ns=-\\r\\na=fingerprint:sha-256 ${'AB:'.repeat(31)}CD\\r\\n`;
    const text =
      seq % 2 === 0
        ? `{"type":"offer","sdp":"${sdp}${'a=x\\r\\n'.repeat(seq % 50)}","seq":${seq},"from":${from},"big":12345678901234567890${seq},"e":9e20,"u":"é\\u00e9\\ud83d\\ude00"}`
        : `{"candidate":{"candidate":"candidate:${seq} 1 udp 2122260223 127.0.0.1 ${40000 + (seq % 1000)} typ host","sdpMid":"0","sdpMLineIndex":0},"seq":${seq}}`;
    return { text };
  }

  start(intervalMs: number): void {
    const seqs = [0, 0];
    this.timer = setInterval(() => {
      this.members.forEach((p, from) => {
        const seq = seqs[from] ?? 0;
        seqs[from] = seq + 1;
        this.sentAt.set(`${from}:${seq}`, performance.now());
        p.send(`{"type":"signal","to":${1 - from},"data":${GoodRoom.body(from, seq).text}}`);
        this.sent += 1;
      });
    }, intervalMs);
  }

  /** Stop sending and wait (up to `timeoutMs`) for what is in flight. */
  async stop(timeoutMs = 5000): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    const deadline = Date.now() + timeoutMs;
    while (this.received < this.sent && Date.now() < deadline) await sleep(20);
    for (const p of this.members) p.ws.close();
  }
}

export function percentile(xs: readonly number[], p: number): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? Number.NaN;
}

export interface LoadOptions {
  seconds: number;
  /** Clients in all (in pairs): `churners` of them churn, the rest stay in their rooms throughout. */
  clients: number;
  /** Default a third of `clients`. */
  churners?: number;
  slowReaders: number;
  flooders: number;
  /** The good room's signal interval (each member), ms. */
  goodIntervalMs?: number;
  /** The server's rate limit per socket, messages/s and burst (slow readers' partners send at it). */
  ratePerSecond?: number;
  rateBurst?: number;
  seed?: number;
  /** Spread clients over this many loopback addresses (127.0.0.1 …), as the per-address cap sees them. */
  addresses?: number;
  /** Sampled every 250 ms during the run (e.g. the server's RSS). */
  sample?: () => void;
}

export interface LoadResult {
  seconds: number;
  /** Most driver sockets open at once (the server holds these plus nothing else). */
  peakOpenSockets: number;
  /** Signal messages the server delivered to driver clients, total and per second. */
  relayed: number;
  relayedPerSecond: number;
  good: { sent: number; received: number; faults: string[]; p50Ms: number; p99Ms: number; maxMs: number };
  churnCycles: number;
  /** Times a slow reader was cut off (its partner heard `left` with reason `slow`). */
  slowCuts: number;
  /** ERR_RATE replies to flooders, and flooder sockets closed for it (1008). */
  rateReplies: number;
  rateCloses: number;
  /** Things that should not happen to well-behaved churners (failed joins, unexpected errors). */
  churnFaults: string[];
  /** The driver's own event-loop delay, p99 (ms): the part of the latencies that is not the server's. */
  driverLagP99Ms: number;
}

/** Run the mixed load against `url` for `seconds`; the good room runs throughout. */
export async function runLoad(url: string, o: LoadOptions): Promise<LoadResult> {
  const rand = mulberry32(o.seed ?? 1);
  const rate = o.ratePerSecond ?? 30;
  const burst = o.rateBurst ?? 100;
  const addresses = o.addresses ?? 50;
  const addr = (i: number): string => `127.0.0.${1 + (i % addresses)}`;
  const churners = Math.min(o.clients, o.churners ?? Math.floor(o.clients / 3));
  const started = performance.now();
  const deadline = started + o.seconds * 1000;
  const live = (): boolean => performance.now() < deadline;

  let open = 0;
  let peakOpen = 0;
  let relayed = 0;
  let churnCycles = 0;
  let slowCuts = 0;
  let rateReplies = 0;
  let rateCloses = 0;
  const churnFaults: string[] = [];
  const track = (p: Peer): Peer => {
    open += 1;
    peakOpen = Math.max(peakOpen, open);
    void p.closed.then(() => (open -= 1));
    return p;
  };
  const countSignals = (p: Peer, extra?: (msg: Record<string, unknown>) => void): void => {
    p.onMessage = (msg) => {
      if (msg['type'] === 'signal') relayed += 1;
      extra?.(msg);
    };
  };

  const good = await GoodRoom.open(url);
  track(good.members[0]);
  track(good.members[1]);
  const goodCount = good.members.map((p) => p.onMessage);
  good.members.forEach((p, i) => {
    p.onMessage = (msg, raw) => {
      if (msg['type'] === 'signal') relayed += 1;
      goodCount[i]?.(msg, raw);
    };
  });
  good.start(o.goodIntervalMs ?? 50);

  const sampler = setInterval(() => o.sample?.(), 250);
  // The good room's latency includes the driver's own delays; this tells how much of it they are.
  const lag = monitorEventLoopDelay({ resolution: 10 });
  lag.enable();

  /** A pair that stays for the whole run, signalling now and then, as most tabs do. */
  async function resident(i: number): Promise<void> {
    await sleep(rand() * 1000);
    let a: Peer;
    let b: Peer;
    try {
      [a, b] = await pair(url, addr(i));
    } catch (err) {
      churnFaults.push(`resident pair ${i}: ${err instanceof Error ? err.message : String(err)}`);
      return;
    }
    track(a);
    track(b);
    for (const p of [a, b]) {
      countSignals(p, (msg) => {
        if (msg['type'] === 'error') churnFaults.push(`resident ${i}: ${String(msg['code'])}`);
      });
    }
    while (live()) {
      a.send({ type: 'signal', to: 1, data: { candidate: 'candidate:1 1 udp 2122260223 127.0.0.1 40000 typ host', i } });
      b.send({ type: 'signal', to: 0, data: { candidate: 'candidate:2 1 udp 2122260223 127.0.0.1 40001 typ host', i } });
      await sleep(1000 + rand() * 1000);
    }
    a.ws.close();
    b.ws.close();
  }

  async function churner(i: number): Promise<void> {
    await sleep(rand() * 1000); // stagger the first connections over a second
    while (live()) {
      let a: Peer;
      let b: Peer;
      try {
        [a, b] = await pair(url, addr(i));
      } catch (err) {
        if (live()) churnFaults.push(`pair ${i}: ${err instanceof Error ? err.message : String(err)}`);
        await sleep(200);
        continue;
      }
      track(a);
      track(b);
      for (const [p, name] of [
        [a, 'a'],
        [b, 'b'],
      ] as const) {
        countSignals(p, (msg) => {
          if (msg['type'] === 'error' && msg['code'] !== 'ERR_UNKNOWN_TYPE') churnFaults.push(`churner ${i}${name}: ${String(msg['code'])}`);
        });
      }
      const rounds = 2 + Math.floor(rand() * 6);
      for (let r = 0; r < rounds && live(); r += 1) {
        a.send({ type: 'signal', to: 1, data: { candidate: `candidate:${r} 1 udp 2122260223 127.0.0.1 ${40000 + r} typ host`, i } });
        b.send({ type: 'signal', to: 0, data: { type: 'answer', sdp: 'v=0\r\n'.repeat(20), r } });
        await sleep(100 + rand() * 200);
      }
      // Signals on two sockets are not ordered against each other: before one member goes, both
      // make sure the server has handled what they sent (a reply comes after it).
      await Promise.all(
        [a, b].map((p) => {
          const done = p.next((m) => m['type'] === 'error' && m['code'] === 'ERR_UNKNOWN_TYPE', 5000).catch(() => undefined);
          p.send({ type: 'sync' });
          return done;
        }),
      );
      const how = rand();
      if (how < 0.4) {
        a.send({ type: 'leave' });
        b.send({ type: 'leave' });
        await sleep(20);
        a.ws.close();
        b.ws.close();
      } else if (how < 0.8) {
        a.ws.close();
        b.ws.close();
      } else {
        a.ws.terminate();
        b.ws.terminate();
      }
      churnCycles += 1;
      await sleep(50 + rand() * 250);
    }
  }

  async function slowReader(i: number): Promise<void> {
    // Serialised once: the driver shares the machine with the server and should cost it little.
    const message = JSON.stringify({ type: 'signal', to: 1, data: 'x'.repeat(60 * 1024) });
    while (live()) {
      let sender: Peer;
      let reader: Peer;
      try {
        [sender, reader] = await pair(url, addr(1000 + i));
      } catch {
        await sleep(200);
        continue;
      }
      track(sender);
      track(reader);
      reader.pauseReading();
      let cut = false;
      sender.onMessage = (msg) => {
        if (msg['type'] === 'left' && msg['reason'] === 'slow') cut = true;
      };
      // The largest signals, as fast as the rate limit lets one socket send: most of the burst at
      // once, then the sustained rate (paced by the clock, so a late timer does not slow it).
      const t0 = performance.now();
      let sent = 0;
      while (!cut && live()) {
        const due = Math.floor(burst * 0.9 + ((performance.now() - t0) / 1000) * rate * 0.95);
        for (; sent < due; sent += 1) sender.send(message);
        await sleep(20);
      }
      if (cut) slowCuts += 1;
      sender.ws.close();
      reader.ws.terminate();
    }
  }

  async function flooder(i: number): Promise<void> {
    while (live()) {
      let p: Peer;
      try {
        p = track(await Peer.open(url, addr(2000 + i)));
      } catch {
        await sleep(200);
        continue;
      }
      p.onMessage = (msg) => {
        if (msg['type'] === 'error' && msg['code'] === 'ERR_RATE') rateReplies += 1;
      };
      while (!p.isClosed && live()) {
        for (let k = 0; k < 20; k += 1) p.send('{"type":"flood"}');
        await sleep(20);
      }
      if (p.isClosed && (await p.closed) === 1008) rateCloses += 1;
      p.ws.terminate();
    }
  }

  await Promise.all([
    ...Array.from({ length: Math.floor(churners / 2) }, (_, i) => churner(i)),
    ...Array.from({ length: Math.floor((o.clients - churners) / 2) }, (_, i) => resident(500 + i)),
    ...Array.from({ length: o.slowReaders }, (_, i) => slowReader(i)),
    ...Array.from({ length: o.flooders }, (_, i) => flooder(i)),
  ]);
  await good.stop();
  clearInterval(sampler);
  lag.disable();
  const seconds = (performance.now() - started) / 1000;
  return {
    seconds,
    peakOpenSockets: peakOpen,
    relayed,
    relayedPerSecond: relayed / seconds,
    good: {
      sent: good.sent,
      received: good.received,
      faults: good.faults,
      p50Ms: percentile(good.latenciesMs, 50),
      p99Ms: percentile(good.latenciesMs, 99),
      maxMs: Math.max(...good.latenciesMs),
    },
    churnCycles,
    slowCuts,
    rateReplies,
    rateCloses,
    churnFaults,
    driverLagP99Ms: lag.percentile(99) / 1e6,
  };
}
