/** Serving to other machines: TLS, the Host check, and the ICE servers handed out in `joined`. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { turnPassword } from './ice';
import { startServer, type RunningServer } from './server';
import { Client } from './testClient';
import { selfSignedPair, type TlsPair } from './tls';

let server: RunningServer;
let staticDir: string;
let tls: TlsPair;
const SECRET = 'coturn-static-auth-secret-for-this-test';

beforeAll(async () => {
  staticDir = mkdtempSync(join(tmpdir(), 'tabmpc-serve-'));
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>t</title>');
  tls = await selfSignedPair(['localhost', '127.0.0.1', 'tabmpc.test']);
  server = await startServer({
    port: 0,
    host: '127.0.0.1',
    staticDir,
    tls,
    allowedHosts: ['tabmpc.test'],
    ice: { fixed: [], stun: ['stun:127.0.0.1:3478'], turn: ['turn:127.0.0.1:3478?transport=udp'], turnSecret: SECRET, turnTtlSeconds: 600 },
    log: () => {},
  });
});

afterAll(async () => {
  await server.close();
  rmSync(staticDir, { recursive: true, force: true });
});

/** GET / over TLS, trusting only our certificate, asking for `host`. */
function get(host: string, servername = 'localhost'): Promise<{ status: number; headers: Record<string, unknown> }> {
  return new Promise((ok, ko) => {
    const req = request({ host: '127.0.0.1', port: server.port, path: '/', headers: { host }, ca: tls.cert, servername }, (res) => {
      res.resume();
      res.on('end', () => ok({ status: res.statusCode ?? 0, headers: res.headers }));
    });
    req.on('error', ko);
    req.end();
  });
}

describe('serving across machines', () => {
  it('serves over TLS with the isolation headers, under an allowed name', async () => {
    expect(server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/$/);
    for (const host of [`tabmpc.test:${server.port}`, `127.0.0.1:${server.port}`, `localhost:${server.port}`]) {
      const r = await get(host, host.startsWith('tabmpc') ? 'tabmpc.test' : 'localhost');
      expect(r.status, host).toBe(200);
      expect(r.headers['cross-origin-opener-policy']).toBe('same-origin');
      expect(r.headers['cross-origin-embedder-policy']).toBe('require-corp');
    }
  });

  it('refuses names it was not told about (DNS rebinding), pages and WebSockets alike', async () => {
    expect((await get(`rebind.attacker.example:${server.port}`)).status).toBe(421);
    await expect(Client.open(server.url, { ca: tls.cert, headers: { host: `rebind.attacker.example:${server.port}` } })).rejects.toThrow('HTTP 421');
  });

  it('hands each member short-lived TURN credentials in `joined`, never the secret', async () => {
    const a = await Client.open(server.url, { ca: tls.cert });
    const before = Math.floor(Date.now() / 1000);
    a.send({ type: 'create', capacity: 2 });
    const joined = await a.next('joined');
    const b = await Client.open(server.url, { ca: tls.cert });
    b.send({ type: 'join', room: joined.room });
    const joinedB = await b.next('joined');
    for (const j of [joined, joinedB]) {
      expect(j.iceServers).toHaveLength(2);
      expect(j.iceServers[0]).toEqual({ urls: ['stun:127.0.0.1:3478'] });
      const turn = j.iceServers[1]!;
      expect(turn.urls).toEqual(['turn:127.0.0.1:3478?transport=udp']);
      const [expiry, id] = (turn.username ?? '').split(':');
      expect(Number(expiry) - before).toBeGreaterThanOrEqual(600);
      expect(Number(expiry) - before).toBeLessThanOrEqual(602);
      expect(id).toMatch(/^tabmpc-[0-9a-f]{12}$/);
      expect(turn.credential).toBe(turnPassword(SECRET, turn.username!));
    }
    expect(joined.iceServers[1]!.username).not.toBe(joinedB.iceServers[1]!.username);
    for (const text of [...a.raw, ...b.raw]) expect(text).not.toContain(SECRET);
    a.close();
    b.close();
  });
});
