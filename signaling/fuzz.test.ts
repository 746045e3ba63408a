/**
 * Fuzz: 20 sockets (10 pairs, each pair in a room of its own, as an attacker holding both ends
 * would be) send 250 seeded-random hostile messages each: malformed, truncated and mutated JSON,
 * nesting thousands deep, oversized text, binary and invalid UTF-8 frames, wrong types in every
 * field, prototype keys, and valid messages at the wrong time. Meanwhile a well-behaved room
 * exchanges signals and must receive every one byte for byte. The server runs in a child process:
 * a crash is seen as an exit, and its memory is read from /proc at the end.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { GoodRoom, mulberry32, pair, Peer, sleep, spawnServer, type ServerProcess } from './loadDriver';

const SEED = 20261122;
const PAIRS = 10;
const MESSAGES_PER_SOCKET = 250;
/** The server's RSS after the fuzz: tsx's baseline (~80 MiB) plus what the fuzz may leave. */
const RSS_BOUND_MIB = 160;
/** Replies a fuzzer may get: every code the protocol defines for a bad message, and nothing else. */
const EXPECTED_CODES = new Set([
  'ERR_BAD_JSON',
  'ERR_BAD_MESSAGE',
  'ERR_UNKNOWN_TYPE',
  'ERR_TOO_LARGE',
  'ERR_TOO_DEEP',
  'ERR_RATE',
  'ERR_BAD_CAPACITY',
  'ERR_BAD_ROOM',
  'ERR_NO_ROOM',
  'ERR_ROOM_FULL',
  'ERR_WIRE_MISMATCH',
  'ERR_ALREADY_IN_ROOM',
  'ERR_NOT_IN_ROOM',
  'ERR_BAD_TARGET',
  'ERR_TOO_MANY_ROOMS',
]);
/** Ways the server may end a fuzzer's socket: invalid UTF-8, policy (rate), frame too big, abrupt. */
const EXPECTED_CLOSES = new Set([1007, 1008, 1009, 1006, 1005]);

type Frame = { text: string } | { binary: Uint8Array } | { invalidUtf8: Uint8Array };

function fuzzMessage(rand: () => number, room: string): Frame {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  const int = (n: number): number => Math.floor(rand() * n);
  const deep = (depth: number): string => {
    const open = Array.from({ length: depth }, () => (rand() < 0.5 ? '[' : '{"k":'));
    return open.join('') + '0' + open.reverse().map((o) => (o === '[' ? ']' : '}')).join('');
  };
  const valid = (): string =>
    pick([
      `{"type":"signal","to":1,"data":{"sdp":"v=0\\r\\n","n":${int(1e6)}}}`,
      `{"type":"signal","to":0,"data":"x"}`,
      `{"type":"create","capacity":${2 + int(4)}}`,
      `{"type":"join","room":"${room}"}`,
      `{"type":"leave"}`,
    ]);
  const kind = rand();
  if (kind < 0.12) {
    // Truncated or mutated valid JSON.
    const v = valid();
    if (rand() < 0.5) return { text: v.slice(0, int(v.length)) };
    const chars = [...v];
    for (let i = 0; i < 1 + int(4); i += 1) chars[int(chars.length)] = pick(['{', '}', '[', ']', '"', '\\', ',', ':', '\u0000', '\ud800', 'é', ' ']);
    return { text: chars.join('') };
  }
  if (kind < 0.24) {
    // Nesting from just over the limit to a thousand times it, in data or elsewhere.
    const d = pick([33, 40, 100, 1000, 6000, 20000]);
    return { text: pick([`{"type":"signal","to":1,"data":${deep(d)}}`, `{"type":"create","capacity":${deep(d)}}`, deep(d), `{"type":${deep(d)}}`]) };
  }
  if (kind < 0.28) {
    // Oversized: answered (up to twice the limit) or cut by ws (above).
    const n = pick([65 * 1024, 100 * 1024, 200 * 1024]);
    return { text: `{"type":"signal","to":1,"data":"${'a'.repeat(n)}"}` };
  }
  if (kind < 0.34) return { binary: Uint8Array.from({ length: 1 + int(300) }, () => int(256)) };
  if (kind < 0.36) return { invalidUtf8: Uint8Array.from([0x7b, 0x22, 0xc3, 0x28, 0xff, 0xfe, 0x22, 0x7d]) };
  if (kind < 0.7) {
    // Wrong types in every field.
    const bad = pick(['null', 'true', '-1', '1.5', '1e400', '-0', '"2"', '[]', '{}', '"__proto__"', '9007199254740993', '""']);
    return {
      text: pick([
        `{"type":${bad}}`,
        `{"type":"create","capacity":${bad}}`,
        `{"type":"join","room":${bad}}`,
        `{"type":"join","room":"${room.toUpperCase()}"}`,
        `{"type":"signal","to":${bad},"data":1}`,
        `{"type":"signal","to":1}`,
        `{"type":"signal","to":1,"data":${bad}}`,
        bad,
        `{"__proto__":{"type":"create"},"type":"leave"}`,
        `{"constructor":{"prototype":{"polluted":1}},"type":"toString"}`,
        `{"type":"hasOwnProperty","data":{"__proto__":{"x":1}}}`,
        `{"type":"signal","to":1,"data":"\\ud800\\udfff\\u0000${'\\u00e9'.repeat(int(50))}"}`,
      ]),
    };
  }
  if (kind < 0.8) {
    // Random printable noise.
    return { text: Array.from({ length: 1 + int(200) }, () => String.fromCharCode(32 + int(95))).join('') };
  }
  return { text: valid() };
}

describe('signaling fuzz (child process)', () => {
  let server: ServerProcess;
  beforeAll(async () => {
    // A rate high enough that fuzz reaches the parser instead of stopping at the rate limit.
    server = await spawnServer(['--rate', '2000', '--rate-burst', '500']);
  });
  afterAll(async () => {
    await server.stop();
  });

  it(`survives ${2 * PAIRS} sockets × ${MESSAGES_PER_SOCKET} hostile messages while a good room loses nothing`, async () => {
    const good = await GoodRoom.open(server.url);
    good.start(25);
    const codes = new Map<string, number>();
    const closes = new Map<number, number>();
    const surprises: string[] = [];
    const sent = { total: 0, reconnects: 0 };

    async function fuzzPair(p: number): Promise<void> {
      const rand = mulberry32(SEED + p);
      let [a, b, room] = await pair(server.url);
      const sockets = [a, b];
      const watch = (peer: Peer, who: number): void => {
        peer.onMessage = (msg, raw) => {
          if (msg['type'] === 'error') {
            const code = String(msg['code']);
            codes.set(code, (codes.get(code) ?? 0) + 1);
            if (!EXPECTED_CODES.has(code)) surprises.push(`unexpected code ${raw.slice(0, 200)}`);
          } else if (msg['type'] === 'joined') {
            room = String(msg['room']);
          } else if (msg['type'] === 'signal') {
            if (msg['from'] !== 1 - who && msg['from'] !== who) surprises.push(`signal from outside the pair: ${raw.slice(0, 200)}`);
          } else if (!['peers', 'left', 'left-room'].includes(String(msg['type']))) {
            surprises.push(`unexpected message ${raw.slice(0, 200)}`);
          }
        };
        void peer.closed.then((code) => closes.set(code, (closes.get(code) ?? 0) + 1));
      };
      watch(a, 0);
      watch(b, 1);
      for (let i = 0; i < MESSAGES_PER_SOCKET; i += 1) {
        for (let who = 0; who < 2; who += 1) {
          let peer = sockets[who] as Peer;
          if (peer.isClosed || peer.ws.readyState !== WebSocket.OPEN) {
            // Cut off (too big, invalid UTF-8): come back and rejoin the pair's room.
            try {
              peer = await Peer.open(server.url);
            } catch (err) {
              surprises.push(`reconnect failed: ${err instanceof Error ? err.message : String(err)}`);
              return;
            }
            sockets[who] = peer;
            watch(peer, who);
            peer.send({ type: 'join', room });
            sent.reconnects += 1;
          }
          const f = fuzzMessage(rand, room);
          if ('text' in f) peer.ws.send(f.text);
          else if ('binary' in f) peer.ws.send(f.binary, { binary: true });
          else peer.ws.send(f.invalidUtf8, { binary: false });
          sent.total += 1;
        }
        if (i % 10 === 9) await sleep(5);
      }
      await sleep(300);
      for (const s of sockets) s.ws.close();
      [a, b] = sockets as [Peer, Peer];
    }

    await Promise.all(Array.from({ length: PAIRS }, (_, p) => fuzzPair(p).catch((err: unknown) => surprises.push(`pair ${p}: ${String(err)}`))));
    await good.stop();
    expect(server.alive(), server.output().slice(-2000)).toBe(true);

    // The good room: every signal, byte for byte, in order.
    expect(good.faults).toEqual([]);
    expect(good.sent).toBeGreaterThan(50);
    expect(good.received).toBe(good.sent);

    expect(sent.total).toBe(2 * PAIRS * MESSAGES_PER_SOCKET);
    expect(surprises).toEqual([]);
    expect([...closes.keys()].filter((c) => !EXPECTED_CLOSES.has(c))).toEqual([]);
    // The fuzz reached each of the server's checks.
    for (const code of ['ERR_BAD_JSON', 'ERR_BAD_MESSAGE', 'ERR_UNKNOWN_TYPE', 'ERR_TOO_LARGE', 'ERR_TOO_DEEP', 'ERR_BAD_TARGET', 'ERR_BAD_ROOM']) {
      expect(codes.get(code) ?? 0, code).toBeGreaterThan(0);
    }

    // Still serving: a fresh pair meets and relays.
    const [x, y] = await pair(server.url);
    const got = y.next((m) => m['type'] === 'signal', 3000);
    x.send({ type: 'signal', to: 1, data: { after: 'fuzz' } });
    expect((await got)['data']).toEqual({ after: 'fuzz' });
    x.ws.close();
    y.ws.close();

    const rss = server.rssMiB();
    console.log(JSON.stringify({ rssMiB: rss, codes: Object.fromEntries(codes), closes: Object.fromEntries(closes), reconnects: sent.reconnects, good: { sent: good.sent, received: good.received } }));
    expect(rss).toBeLessThan(RSS_BOUND_MIB);
  });
});
