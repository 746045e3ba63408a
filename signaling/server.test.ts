import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from './server';
import { Client } from './testClient';

let server: RunningServer;
let staticDir: string;
const logLines: string[] = [];

beforeAll(async () => {
  staticDir = mkdtempSync(join(tmpdir(), 'tabmpc-static-'));
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>t</title>');
  writeFileSync(join(staticDir, 'app.js'), 'console.log(1)');
  server = await startServer({ port: 0, host: '127.0.0.1', staticDir, log: (l) => logLines.push(l), ratePerSecond: 20, rateBurst: 40 });
});

afterAll(async () => {
  await server.close();
  rmSync(staticDir, { recursive: true, force: true });
});

async function room(capacity: number): Promise<{ a: Client; room: string }> {
  const a = await Client.open(server.url);
  a.send({ type: 'create', capacity });
  const joined = await a.next('joined');
  expect(joined.self).toBe(0);
  expect(joined.capacity).toBe(capacity);
  return { a, room: joined.room };
}

describe('signaling server', () => {
  it('creates rooms with 128-bit hex ids and tells members who is present', async () => {
    const { a, room: id } = await room(3);
    expect(id).toMatch(/^[0-9a-f]{32}$/);
    expect((await a.next('peers')).peers).toEqual([0]);
    const b = await Client.open(server.url);
    b.send({ type: 'join', room: id });
    expect(await b.next('joined')).toMatchObject({ room: id, self: 1, capacity: 3 });
    expect((await b.next('peers')).peers).toEqual([0, 1]);
    expect((await a.next('peers')).peers).toEqual([0, 1]);
    a.close();
    b.close();
  });

  it('answers malformed JSON with ERR_BAD_JSON and keeps serving', async () => {
    const c = await Client.open(server.url);
    c.send('{not json');
    const e = await c.error();
    expect(e.code).toBe('ERR_BAD_JSON');
    expect(e.message).toMatch(/JSON/);
    c.ws.send(Buffer.from([1, 2, 3]));
    expect((await c.error()).code).toBe('ERR_BAD_JSON');
    c.send('[1,2]');
    expect((await c.error()).code).toBe('ERR_BAD_MESSAGE');
    await c.roundTrip();
    c.close();
  });

  it('answers unknown types with ERR_UNKNOWN_TYPE', async () => {
    const c = await Client.open(server.url);
    c.send({ type: 'hello' });
    const e = await c.error();
    expect(e.code).toBe('ERR_UNKNOWN_TYPE');
    expect(e.message).toContain('hello');
    c.send({ nothing: 1 });
    expect((await c.error()).code).toBe('ERR_UNKNOWN_TYPE');
    c.send({ type: 'create', capacity: 9 });
    expect((await c.error()).code).toBe('ERR_BAD_CAPACITY');
    c.close();
  });

  it('answers oversized messages with ERR_TOO_LARGE and keeps the socket', async () => {
    const c = await Client.open(server.url);
    c.send({ type: 'signal', to: 1, data: 'x'.repeat(70 * 1024) });
    const e = await c.error();
    expect(e.code).toBe('ERR_TOO_LARGE');
    expect(e.message).toMatch(/65536/);
    await c.roundTrip();
    c.close();
  });

  it('refuses a full room with ERR_ROOM_FULL', async () => {
    const { a, room: id } = await room(2);
    const b = await Client.open(server.url);
    b.send({ type: 'join', room: id });
    await b.next('joined');
    const c = await Client.open(server.url);
    c.send({ type: 'join', room: id });
    const e = await c.error();
    expect(e.code).toBe('ERR_ROOM_FULL');
    expect(e.message).toMatch(/2 of 2/);
    await c.roundTrip();
    for (const x of [a, b, c]) x.close();
  });

  it('admits to a room only the engine version its creator stated (ERR_WIRE_MISMATCH), and checks the field', async () => {
    const a = await Client.open(server.url);
    a.send({ type: 'create', capacity: 3, wire: 'w-1' });
    const id = (await a.next('joined')).room as string;
    const stale = await Client.open(server.url);
    stale.send({ type: 'join', room: id, wire: 'w-0' });
    const e = await stale.error();
    expect(e.code).toBe('ERR_WIRE_MISMATCH');
    expect(e.message).toMatch(/engine w-1, this client w-0/);
    const none = await Client.open(server.url);
    none.send({ type: 'join', room: id });
    expect((await none.error()).code).toBe('ERR_WIRE_MISMATCH');
    const bad = await Client.open(server.url);
    bad.send({ type: 'join', room: id, wire: 'W 1' });
    expect((await bad.error()).code).toBe('ERR_BAD_MESSAGE');
    bad.send({ type: 'create', capacity: 2, wire: 7 });
    expect((await bad.error()).code).toBe('ERR_BAD_MESSAGE');
    const same = await Client.open(server.url);
    same.send({ type: 'join', room: id, wire: 'w-1' });
    expect((await same.next('joined')).self).toBe(1);
    for (const x of [a, stale, none, bad, same]) x.close();
  });

  it('refuses unknown and malformed room ids', async () => {
    const c = await Client.open(server.url);
    c.send({ type: 'join', room: '0'.repeat(32) });
    expect((await c.error()).code).toBe('ERR_NO_ROOM');
    c.send({ type: 'join', room: '../etc' });
    expect((await c.error()).code).toBe('ERR_BAD_ROOM');
    c.send({ type: 'join' });
    expect((await c.error()).code).toBe('ERR_BAD_ROOM');
    c.send({ type: 'signal', to: 0, data: {} });
    expect((await c.error()).code).toBe('ERR_NOT_IN_ROOM');
    await c.roundTrip();
    c.close();
  });

  it('rate-limits a burst with ERR_RATE and still serves the flooder later and everyone else', async () => {
    const flooder = await Client.open(server.url);
    const other = await Client.open(server.url);
    for (let i = 0; i < 120; i += 1) flooder.send({ type: 'ping' });
    const codes: string[] = [];
    for (let i = 0; i < 120; i += 1) codes.push((await flooder.error()).code);
    expect(codes.filter((c) => c === 'ERR_RATE').length).toBeGreaterThan(60);
    expect(codes.filter((c) => c === 'ERR_UNKNOWN_TYPE').length).toBeGreaterThanOrEqual(40);
    await other.roundTrip();
    await new Promise((ok) => setTimeout(ok, 300)); // refill a few tokens
    await flooder.roundTrip();
    flooder.close();
    other.close();
  });

  it('relays signal payloads opaquely between two members', async () => {
    const { a, room: id } = await room(2);
    const b = await Client.open(server.url);
    b.send({ type: 'join', room: id });
    await b.next('joined');
    const data = { sdp: 'v=0\r\n…', nested: [1, { x: null }] };
    a.send({ type: 'signal', to: 1, data });
    expect(await b.next('signal')).toEqual({ type: 'signal', from: 0, data });
    b.send({ type: 'signal', to: 0, data: 'back' });
    expect(await a.next('signal')).toEqual({ type: 'signal', from: 1, data: 'back' });
    a.send({ type: 'signal', to: 0, data: 1 });
    expect((await a.error()).code).toBe('ERR_BAD_TARGET');
    a.send({ type: 'signal', to: 1 });
    expect((await a.error()).code).toBe('ERR_BAD_MESSAGE');
    a.close();
    b.close();
  });

  it('refuses relay across rooms with ERR_BAD_TARGET', async () => {
    const r1 = await room(2);
    const r2 = await room(2);
    const b = await Client.open(server.url);
    b.send({ type: 'join', room: r2.room });
    await b.next('joined');
    // r1.a is alone in its room: party 1 exists only in r2.
    r1.a.send({ type: 'signal', to: 1, data: 'leak?' });
    const e = await r1.a.error();
    expect(e.code).toBe('ERR_BAD_TARGET');
    await r2.a.roundTrip();
    await b.roundTrip();
    await expect(b.next('signal', 200)).rejects.toThrow(/no signal/);
    for (const x of [r1.a, r2.a, b]) x.close();
  });

  it('announces leaves and drops; a rejoining tab takes the lowest free index', async () => {
    const { a, room: id } = await room(3);
    const b = await Client.open(server.url);
    b.send({ type: 'join', room: id });
    await b.next('joined');
    const c = await Client.open(server.url);
    c.send({ type: 'join', room: id });
    expect((await c.next('joined')).self).toBe(2);

    b.send({ type: 'leave' });
    expect((await b.next('left-room')).room).toBe(id);
    expect(await a.next('left')).toMatchObject({ index: 1, reason: 'leave' });
    expect((await a.next('peers')).peers).toEqual([0, 2]);
    expect(await c.next('left')).toMatchObject({ index: 1, reason: 'leave' });

    const d = await Client.open(server.url);
    d.send({ type: 'join', room: id });
    expect((await d.next('joined')).self).toBe(1);
    expect((await a.next('peers')).peers).toEqual([0, 1, 2]);

    c.ws.terminate(); // a dropped socket
    expect(await a.next('left')).toMatchObject({ index: 2, reason: 'dropped' });
    expect(await d.next('left')).toMatchObject({ index: 2, reason: 'dropped' });
    expect((await d.next('peers')).peers).toEqual([0, 1]);
    expect(logLines.some((l) => l.startsWith('leave') && l.includes('dropped'))).toBe(true);
    expect(logLines.every((l) => !l.includes(id))).toBe(true); // ids are not logged whole
    for (const x of [a, b, d]) x.close();
  });

  it('closes a room when the last member leaves', async () => {
    const { a, room: id } = await room(2);
    a.send({ type: 'leave' });
    await a.next('left-room');
    a.send({ type: 'join', room: id });
    expect((await a.error()).code).toBe('ERR_NO_ROOM');
    a.close();
  });

  it('sends COOP/COEP/CORP headers on static files and errors', async () => {
    for (const path of ['', 'index.html', 'app.js', 'missing.js']) {
      const res = await fetch(server.url + path);
      expect(res.headers.get('cross-origin-opener-policy')).toBe('same-origin');
      expect(res.headers.get('cross-origin-embedder-policy')).toBe('require-corp');
      expect(res.headers.get('cross-origin-resource-policy')).toBe('same-origin');
      expect(res.status).toBe(path === 'missing.js' ? 404 : 200);
      await res.arrayBuffer();
    }
    const js = await fetch(server.url + 'app.js');
    expect(js.headers.get('content-type')).toMatch(/text\/javascript/);
    expect(await js.text()).toBe('console.log(1)');
    const traversal = await fetch(server.url + '..%2f..%2fetc%2fpasswd');
    expect([403, 404]).toContain(traversal.status);
  });

  it('drops sockets that stop answering heartbeats', async () => {
    const s = await startServer({ port: 0, heartbeatMs: 100, log: () => {} });
    const a = await Client.open(s.url);
    a.send({ type: 'create', capacity: 2 });
    const id = (await a.next('joined')).room;
    const b = await Client.open(s.url);
    b.send({ type: 'join', room: id });
    await b.next('joined');
    // Stop b from answering pings (ws answers automatically; pause its socket instead).
    (b.ws as unknown as { _socket: { pause(): void } })._socket.pause();
    expect(await a.next('left', 3000)).toMatchObject({ index: 1, reason: 'dropped' });
    a.close();
    await s.close();
  });
});
