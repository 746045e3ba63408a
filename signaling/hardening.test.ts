/**
 * The server's limits (issue 12): each test states the attack, and what the server must do instead
 * of crashing, growing or serving where it should not. HTTP and handshake deadlines run on Node's
 * own timers (not injectable), so those tests use short real deadlines; rate limits use an
 * injected clock.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_DEPTH } from './protocol';
import { ipKey, MAX_RATE_STRIKES, startServer, type RunningServer } from './server';
import { Client, openRoom } from './testClient';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const sleep = (ms: number): Promise<void> => new Promise((ok) => setTimeout(ok, ms));

/** `[[[…1…]]]` nested `depth` deep (arrays only). */
function nested(depth: number): string {
  return '['.repeat(depth) + '1' + ']'.repeat(depth);
}

/** Resolves when the raw socket closes, with the bytes it received. */
function rawSocket(port: number, localAddress = '127.0.0.1'): { socket: Socket; closed: Promise<string> } {
  const socket = connect({ port, host: '127.0.0.1', localAddress });
  let got = '';
  socket.on('data', (d) => (got += d.toString('latin1')));
  socket.on('error', () => {});
  return { socket, closed: new Promise((ok) => socket.once('close', () => ok(got))) };
}

async function until(cond: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

describe('message depth', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ port: 0, log: () => {} });
  });
  afterAll(() => server.close());

  it('answers a 6,000-deep signal with ERR_TOO_DEEP and keeps relaying for that room and others', async () => {
    const { members } = await openRoom(server.url, 2, 1);
    const [a, b] = members as [Client, Client];
    const bystander = await Client.open(server.url);
    const deep = `{"type":"signal","to":1,"data":${nested(6000)}}`;
    expect(deep.length).toBeGreaterThan(12_000);
    a.send(deep);
    const e = await a.error();
    expect(e.code).toBe('ERR_TOO_DEEP');
    expect(e.message).toContain(String(MAX_DEPTH));
    a.send({ type: 'signal', to: 1, data: { after: true } });
    expect(await b.next('signal')).toEqual({ type: 'signal', from: 0, data: { after: true } });
    await bystander.roundTrip();
    for (const c of [a, b, bystander]) c.close();
  });

  it('relays exactly MAX_DEPTH levels and refuses one more, whatever the message type', async () => {
    const { members } = await openRoom(server.url, 2, 1);
    const [a, b] = members as [Client, Client];
    // The message object is level 1, so data may nest MAX_DEPTH - 1 deep.
    a.send(`{"type":"signal","to":1,"data":${nested(MAX_DEPTH - 1)}}`);
    const got = await b.next('signal');
    expect(JSON.stringify(got.data)).toBe(nested(MAX_DEPTH - 1));
    a.send(`{"type":"signal","to":1,"data":${nested(MAX_DEPTH)}}`);
    expect((await a.error()).code).toBe('ERR_TOO_DEEP');
    // Brackets inside strings are text, not depth.
    a.send({ type: 'signal', to: 1, data: '['.repeat(5000) });
    expect((await b.next('signal')).data).toBe('['.repeat(5000));
    const c = await Client.open(server.url);
    c.send(`{"type":"create","capacity":${nested(100)}}`);
    expect((await c.error()).code).toBe('ERR_TOO_DEEP');
    for (const x of [a, b, c]) x.close();
  });

  it('relays the payload as the sender wrote it (large integers, exponents, escapes, duplicate keys)', async () => {
    const { members } = await openRoom(server.url, 2, 1);
    const [a, b] = members as [Client, Client];
    const data = '{"n":12345678901234567890,"e":9e20,"s":"\\u00e9\\"]}","deep":[[{}]]}';
    a.send(`{"data":"decoy","type":"signal","to":1, "data" : ${data} }`);
    await b.next('signal');
    expect(b.raw.at(-1)).toBe(`{"type":"signal","from":0,"data":${data}}`);
    // An escaped key is the same key to JSON.parse, so it is the same key to the relay.
    a.send('{"type":"signal","to":1,"d\\u0061ta":[1,2]}');
    expect((await b.next('signal')).data).toEqual([1, 2]);
    for (const x of [a, b]) x.close();
  });
});

describe('static files', () => {
  let server: RunningServer;
  let staticDir: string;
  const logLines: string[] = [];
  beforeAll(async () => {
    staticDir = mkdtempSync(join(tmpdir(), 'tabmpc-static-'));
    writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>t</title>');
    // stat() calls it a regular file; reading it fails with EIO: a read error after the headers.
    symlinkSync('/proc/self/mem', join(staticDir, 'broken.js'));
    server = await startServer({ port: 0, staticDir, log: (l) => logLines.push(l) });
  });
  afterAll(async () => {
    await server.close();
    rmSync(staticDir, { recursive: true, force: true });
  });

  it('survives a file that fails while being read, and serves the next request', async () => {
    await fetch(server.url + 'broken.js')
      .then((r) => r.arrayBuffer())
      .catch(() => undefined);
    await until(() => logLines.some((l) => l.includes('static file failed: EIO')), 2000, 'the EIO to be logged');
    const res = await fetch(server.url);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<title>t</title>');
  });

  it('sends CSP, Referrer-Policy and frame denial with COOP/COEP/CORP on every response', async () => {
    const responses = [await fetch(server.url), await fetch(server.url + 'missing.js'), await fetch(server.url, { method: 'POST', body: 'x' })];
    expect(responses.map((r) => r.status)).toEqual([200, 404, 405]);
    for (const res of responses) {
      await res.arrayBuffer();
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval'");
      expect(csp).toContain("object-src 'none'");
      expect(csp).not.toContain('unsafe-inline');
      expect(csp).not.toContain("'unsafe-eval'");
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('cross-origin-opener-policy')).toBe('same-origin');
      expect(res.headers.get('cross-origin-embedder-policy')).toBe('require-corp');
      expect(res.headers.get('cross-origin-resource-policy')).toBe('same-origin');
    }
  });
});

describe('connections', () => {
  it('caps connections per address and in total, and frees the slot when one closes', async () => {
    const server = await startServer({ port: 0, log: () => {}, maxConnections: 4, maxConnectionsPerIp: 2 });
    try {
      const from = (ip: string): Promise<Client> => Client.open(server.url, { localAddress: ip });
      const a1 = await from('127.0.0.1');
      await from('127.0.0.1');
      await expect(from('127.0.0.1')).rejects.toThrow(/503|socket hang up|ECONNRESET/);
      await from('127.0.0.2');
      await from('127.0.0.3');
      await expect(from('127.0.0.4')).rejects.toThrow(/503|socket hang up|ECONNRESET/);
      expect(server.stats()).toMatchObject({ connections: 4, sockets: 4, refused: 2 });
      a1.ws.terminate();
      await until(() => server.stats().connections === 3, 2000, 'the closed slot to be freed');
      const again = await from('127.0.0.1');
      await again.roundTrip();
    } finally {
      await server.close();
    }
  });

  it('closes an HTTP socket that sends nothing, or headers too slowly, after the HTTP timeout', async () => {
    const server = await startServer({ port: 0, log: () => {}, httpTimeoutMs: 300 });
    try {
      const t0 = Date.now();
      const silent = rawSocket(server.port);
      const slow = rawSocket(server.port);
      slow.socket.write('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n');
      const drip = setInterval(() => slow.socket.write('X-Drip: 1\r\n'), 100);
      const [silentGot, slowGot] = await Promise.all([silent.closed, slow.closed]);
      clearInterval(drip);
      expect(Date.now() - t0).toBeLessThan(2500);
      expect(silentGot).toMatch(/^(HTTP\/1\.1 408|$)/);
      expect(slowGot).toMatch(/^(HTTP\/1\.1 408|$)/);
      // the server counts a socket out on its own 'close', which may come a moment after ours
      await until(() => server.stats().connections === 0, 2000, 'the server to count both sockets out');
    } finally {
      await server.close();
    }
  });

  it('closes a WebSocket that joins no room in time (ERR_JOIN_TIMEOUT), and only such sockets', async () => {
    const server = await startServer({ port: 0, log: () => {}, joinTimeoutMs: 300 });
    try {
      const idle = await Client.open(server.url);
      const { members } = await openRoom(server.url, 2, 1);
      const [a, b] = members as [Client, Client];
      const e = await idle.error(2000);
      expect(e.code).toBe('ERR_JOIN_TIMEOUT');
      expect(await idle.closed).toBe(1008);
      await sleep(200);
      await a.roundTrip();
      a.send({ type: 'signal', to: 1, data: 'still here' });
      expect((await b.next('signal')).data).toBe('still here');
      // Leaving a room starts the clock again.
      b.send({ type: 'leave' });
      await b.next('left-room');
      expect((await b.error(2000)).code).toBe('ERR_JOIN_TIMEOUT');
      expect(await b.closed).toBe(1008);
      a.close();
    } finally {
      await server.close();
    }
  });

  it('refuses a WebSocket from a foreign origin with 403, and accepts its own, allowed and absent origins', async () => {
    const server = await startServer({ port: 0, log: () => {}, allowedOrigins: ['https://lab.example.org'] });
    try {
      const own = `http://127.0.0.1:${server.port}`;
      for (const origin of [undefined, own, 'https://lab.example.org', 'HTTPS://LAB.EXAMPLE.ORG']) {
        const c = await Client.open(server.url, origin === undefined ? {} : { origin });
        await c.roundTrip();
        c.close();
      }
      for (const origin of ['https://evil.example', 'null', `http://127.0.0.1:${server.port + 1}`, 'https://lab.example.org.evil.example']) {
        await expect(Client.open(server.url, { origin })).rejects.toThrow('refused: HTTP 403');
      }
    } finally {
      await server.close();
    }
  });

  it('caps the rooms open at once (ERR_TOO_MANY_ROOMS) until one closes', async () => {
    const server = await startServer({ port: 0, log: () => {}, maxRooms: 2 });
    try {
      const r1 = await openRoom(server.url, 2, 0);
      await openRoom(server.url, 2, 0);
      const c = await Client.open(server.url);
      c.send({ type: 'create', capacity: 2 });
      const e = await c.error();
      expect(e.code).toBe('ERR_TOO_MANY_ROOMS');
      expect(e.message).toMatch(/limit of 2 rooms/);
      r1.members[0]?.send({ type: 'leave' });
      await r1.members[0]?.next('left-room');
      c.send({ type: 'create', capacity: 2 });
      expect((await c.next('joined')).self).toBe(0);
      expect(server.stats().rooms).toBe(2);
    } finally {
      await server.close();
    }
  });
});

describe('slow readers', () => {
  it('cuts off a member that stops reading once its queue passes the cap; the room hears "slow"', async () => {
    const maxQueueBytes = 256 * 1024;
    const server = await startServer({ port: 0, log: () => {}, maxQueueBytes, rateBurst: 10_000, ratePerSecond: 10_000 });
    try {
      const { members } = await openRoom(server.url, 2, 1);
      const [a, b] = members as [Client, Client];
      (b.ws as unknown as { _socket: Socket })._socket.pause();
      const payload = 'x'.repeat(60 * 1024);
      let sent = 0;
      let most = 0;
      const left = a.next('left', 20_000);
      let cut = false;
      void left.then(() => (cut = true));
      // Kernel buffers take the first few MiB; only then does the server's own queue grow.
      while (!cut && sent < 2000) {
        for (let i = 0; i < 10; i += 1) a.send({ type: 'signal', to: 1, data: payload });
        sent += 10;
        await sleep(5);
        most = Math.max(most, server.stats().maxQueuedBytes);
      }
      expect(await left).toMatchObject({ index: 1, reason: 'slow' });
      expect(most).toBeLessThanOrEqual(maxQueueBytes);
      expect(server.stats().slowDrops).toBe(1);
      // Signals sent after the cut are answered ERR_BAD_TARGET; after them, a is served as before.
      a.send({ type: 'nope' });
      let code: string;
      do code = (await a.error()).code;
      while (code === 'ERR_BAD_TARGET');
      expect(code).toBe('ERR_UNKNOWN_TYPE');
      (b.ws as unknown as { _socket: Socket })._socket.resume();
      expect(await b.closed).toBe(1006);
      a.close();
    } finally {
      await server.close();
    }
  });
});

describe('rate limit strikes', () => {
  it('fade with time (injected clock): two floods far apart are not added up, a sustained one is closed', async () => {
    let t = 1_000_000;
    const server = await startServer({ port: 0, log: () => {}, rateBurst: 10, ratePerSecond: 1, now: () => t });
    try {
      const c = await Client.open(server.url);
      const flood = async (n: number): Promise<string[]> => {
        for (let i = 0; i < n; i += 1) c.send({ type: 'x' });
        const codes: string[] = [];
        for (let i = 0; i < n; i += 1) codes.push((await c.error()).code);
        return codes;
      };
      const first = await flood(160);
      expect(first.filter((x) => x === 'ERR_RATE')).toHaveLength(150);
      t += 200_000; // strikes fade at 1/s; the bucket refills to its burst of 10
      const second = await flood(160);
      expect(second.filter((x) => x === 'ERR_RATE')).toHaveLength(150);
      t += 1_000;
      await c.roundTrip();
      // Without time passing, strikes now pass MAX_RATE_STRIKES and the socket is closed.
      for (let i = 0; i < MAX_RATE_STRIKES; i += 1) c.send({ type: 'x' });
      expect(await c.closed).toBe(1008);
    } finally {
      await server.close();
    }
  });
});

describe('out of file descriptors (child process)', () => {
  let staticDir: string;
  beforeAll(() => {
    staticDir = mkdtempSync(join(tmpdir(), 'tabmpc-static-'));
    writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>fd</title>');
  });
  afterAll(() => rmSync(staticDir, { recursive: true, force: true }));

  /**
   * The server under a limit of 128 open files. `idle` sockets connect and say nothing; then
   * `requesters` more each ask for a file at once, or, with requesters 0, every idle socket the
   * server kept asks for one (all descriptors are then sockets, so no file can be opened).
   */
  async function flood(flags: string[], idle: number, requesters: number): Promise<{ statuses: Map<string, number>; out: string; alive: boolean }> {
    // A shell sets both soft and hard limits, so Node cannot raise them at startup.
    const cmd = `ulimit -n 128 && exec "${process.execPath}" --import tsx signaling/main.ts --max-per-ip 2000 --static-dir "${staticDir}" ${flags.join(' ')}`;
    const child = spawn('sh', ['-c', cmd], { cwd: root, env: { ...process.env, PORT: '0', HOST: '127.0.0.1', SKIP_BUILD: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<void>((ok) => child.once('exit', () => ok()));
    const get = 'GET /index.html HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n';
    try {
      await until(() => /running at http:\/\/127\.0\.0\.1:\d+\//.test(out) || child.exitCode !== null, 20_000, 'the server to start');
      const port = Number(/127\.0\.0\.1:(\d+)\//.exec(out)?.[1]);
      const quiet = Array.from({ length: idle }, () => rawSocket(port));
      await sleep(500);
      let asking: ReturnType<typeof rawSocket>[];
      if (requesters > 0) {
        asking = Array.from({ length: requesters }, () => {
          const s = rawSocket(port);
          s.socket.on('connect', () => s.socket.write(get));
          return s;
        });
      } else {
        // Those the server shed (libuv closes what it cannot accept) are closed by now.
        asking = quiet.filter((s) => !s.socket.destroyed && s.socket.readyState === 'open');
        for (const s of asking) s.socket.write(get);
      }
      const replies = await Promise.race([Promise.all(asking.map((s) => s.closed)), sleep(8000).then(() => [] as string[])]);
      for (const s of [...quiet, ...asking]) s.socket.destroy();
      const statuses = new Map<string, number>();
      for (const r of replies) {
        const status = /^HTTP\/1\.1 (\d+)/.exec(r)?.[1] ?? 'none';
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
      }
      await sleep(200);
      const alive = child.exitCode === null && (await fetch(`http://127.0.0.1:${port}/index.html`)).status === 200;
      return { statuses, out, alive };
    } finally {
      child.kill('SIGTERM');
      await exited;
    }
  }

  it('answers 503 when a file cannot be opened for lack of descriptors, and keeps serving', async () => {
    const { statuses, out, alive } = await flood(['--max-connections', '1000'], 200, 0);
    expect(alive, out).toBe(true);
    expect(out).toMatch(/open-file limit is 128/);
    expect(statuses.get('503') ?? 0).toBeGreaterThan(50);
    expect([...statuses.keys()].filter((k) => !['200', '503'].includes(k))).toEqual([]);
    expect(out).toMatch(/static file failed: EMFILE/);
  });

  it('never runs out under a --max-connections that fits the limit: the rest are refused with 503', async () => {
    const { statuses, out, alive } = await flood(['--max-connections', '40'], 100, 200);
    expect(alive).toBe(true);
    expect(out).not.toMatch(/EMFILE/);
    expect(out).toMatch(/refused a connection: at the limit of 40 connections in total/);
    expect(statuses.get('503')).toBe(200);
  });
});

describe('ipKey', () => {
  it('counts IPv4 (also mapped) per address and IPv6 per /64', () => {
    expect(ipKey('203.0.113.7')).toBe('203.0.113.7');
    expect(ipKey('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(ipKey('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(ipKey('2001:0db8:0001:0002:ffff:0:0:9')).toBe('2001:db8:1:2::/64');
    expect(ipKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(ipKey('::1')).toBe('0:0:0:0::/64');
    expect(ipKey('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
    expect(ipKey(undefined)).toBe(undefined);
  });
});
