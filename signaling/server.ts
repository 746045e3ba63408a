/**
 * TabMPC's server: serves the built app (dist/) and relays signaling between the tabs of a room.
 * One port, one process. It never sees MPC data: `signal` payloads are relayed without parsing.
 *
 * Every HTTP response carries COOP same-origin + COEP require-corp (+ CORP same-origin) so pages are
 * cross-origin isolated (SharedArrayBuffer, fine-grained performance.now()).
 */
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, resolve, sep } from 'node:path';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import {
  MAX_CAPACITY,
  MAX_MESSAGE_BYTES,
  MIN_CAPACITY,
  ROOM_ID_PATTERN,
  SIGNAL_PATH,
  type LeaveReason,
  type ServerMessage,
  type SignalingErrorCode,
} from './protocol';

export interface ServerOptions {
  /** TCP port; 0 picks a free one. Default 8080. */
  port?: number;
  /** Interface to bind. Default 127.0.0.1. */
  host?: string;
  /** Folder with the built app (vite build output). Without it, only /signal is served. */
  staticDir?: string;
  /** Interval between heartbeat pings; a socket that missed the previous pong is dropped. */
  heartbeatMs?: number;
  /** Token bucket per socket: burst size and refill per second. */
  rateBurst?: number;
  ratePerSecond?: number;
  /** One line per join/leave. Default console.log; never receives payloads. */
  log?: (line: string) => void;
}

export interface RunningServer {
  /** http://host:port/ */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

/** Security headers for every HTTP response (cross-origin isolation). */
export const ISOLATION_HEADERS: Readonly<Record<string, string>> = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'X-Content-Type-Options': 'nosniff',
};

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.wasm': 'application/wasm',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};

/** Frames above this are cut off by ws itself (socket closed); between 64 KiB and this we reply. */
const HARD_MAX_PAYLOAD = 1024 * 1024;
/** Sockets that keep flooding after being told are closed (policy violation). */
const MAX_RATE_STRIKES = 200;

interface Member {
  readonly ws: WebSocket;
  room: Room | null;
  index: number;
  alive: boolean;
  tokens: number;
  lastRefill: number;
  strikes: number;
}

interface Room {
  readonly id: string;
  readonly capacity: number;
  /** index → member; undefined slots are free. */
  readonly slots: (Member | undefined)[];
}

export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  const heartbeatMs = options.heartbeatMs ?? 15_000;
  const rateBurst = options.rateBurst ?? 100;
  const ratePerSecond = options.ratePerSecond ?? 30;
  const log = options.log ?? ((line: string) => console.log(line));
  const staticDir = options.staticDir === undefined ? undefined : resolve(options.staticDir);
  const rooms = new Map<string, Room>();
  const members = new Set<Member>();

  const http = createServer((req, res) => {
    for (const [k, v] of Object.entries(ISOLATION_HEADERS)) res.setHeader(k, v);
    serveStatic(staticDir, req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('internal error\n');
    });
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: HARD_MAX_PAYLOAD });
  http.on('upgrade', (req, socket, head) => {
    const path = (req.url ?? '').split('?')[0];
    if (path !== SIGNAL_PATH) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  wss.on('connection', (ws: WebSocket) => {
    const m: Member = {
      ws,
      room: null,
      index: -1,
      alive: true,
      tokens: rateBurst,
      lastRefill: Date.now(),
      strikes: 0,
    };
    members.add(m);
    ws.on('pong', () => {
      m.alive = true;
    });
    ws.on('message', (data: RawData, isBinary: boolean) => onMessage(m, data, isBinary));
    ws.on('close', () => {
      members.delete(m);
      leave(m, 'dropped');
    });
    ws.on('error', () => {
      // A broken socket: 'close' follows and announces the leave.
    });
  });

  const heartbeat = setInterval(() => {
    for (const m of members) {
      if (!m.alive) {
        m.ws.terminate();
        continue;
      }
      m.alive = false;
      m.ws.ping();
    }
  }, heartbeatMs);
  heartbeat.unref();

  function send(m: Member, msg: ServerMessage): void {
    if (m.ws.readyState === WebSocket.OPEN) m.ws.send(JSON.stringify(msg));
  }

  function fail(m: Member, code: SignalingErrorCode, message: string): void {
    send(m, { type: 'error', code, message });
  }

  function takeToken(m: Member): boolean {
    const now = Date.now();
    m.tokens = Math.min(rateBurst, m.tokens + ((now - m.lastRefill) / 1000) * ratePerSecond);
    m.lastRefill = now;
    if (m.tokens < 1) return false;
    m.tokens -= 1;
    return true;
  }

  function onMessage(m: Member, data: RawData, isBinary: boolean): void {
    if (!takeToken(m)) {
      m.strikes += 1;
      if (m.strikes > MAX_RATE_STRIKES) {
        m.ws.close(1008, 'rate limit exceeded');
        return;
      }
      fail(m, 'ERR_RATE', `too many messages: at most ${ratePerSecond}/s (bursts of ${rateBurst}); this one was dropped`);
      return;
    }
    const size = rawSize(data);
    if (size > MAX_MESSAGE_BYTES) {
      fail(m, 'ERR_TOO_LARGE', `message of ${size} bytes is above the limit of ${MAX_MESSAGE_BYTES} bytes`);
      return;
    }
    if (isBinary) {
      fail(m, 'ERR_BAD_JSON', 'binary messages are not accepted: send JSON text');
      return;
    }
    let msg: unknown;
    try {
      msg = JSON.parse(rawText(data));
    } catch {
      fail(m, 'ERR_BAD_JSON', 'message is not valid JSON');
      return;
    }
    if (typeof msg !== 'object' || msg === null || Array.isArray(msg)) {
      fail(m, 'ERR_BAD_MESSAGE', 'message must be a JSON object with a string "type"');
      return;
    }
    const obj = msg as Record<string, unknown>;
    switch (obj['type']) {
      case 'create':
        return onCreate(m, obj);
      case 'join':
        return onJoin(m, obj);
      case 'signal':
        return onSignal(m, obj);
      case 'leave':
        if (!m.room) return fail(m, 'ERR_NOT_IN_ROOM', 'leave: you are not in a room');
        {
          const id = m.room.id;
          leave(m, 'leave');
          send(m, { type: 'left-room', room: id });
        }
        return;
      default: {
        const t = typeof obj['type'] === 'string' ? `"${String(obj['type']).slice(0, 40)}"` : 'missing';
        return fail(m, 'ERR_UNKNOWN_TYPE', `unknown message type ${t}: expected create, join, signal or leave`);
      }
    }
  }

  function onCreate(m: Member, obj: Record<string, unknown>): void {
    if (m.room) return fail(m, 'ERR_ALREADY_IN_ROOM', 'create: you are already in a room; leave it first');
    const capacity = obj['capacity'];
    if (typeof capacity !== 'number' || !Number.isInteger(capacity) || capacity < MIN_CAPACITY || capacity > MAX_CAPACITY) {
      return fail(m, 'ERR_BAD_CAPACITY', `create: capacity must be an integer from ${MIN_CAPACITY} to ${MAX_CAPACITY}`);
    }
    const room: Room = { id: randomBytes(16).toString('hex'), capacity, slots: new Array<Member | undefined>(capacity) };
    rooms.set(room.id, room);
    admit(m, room);
  }

  function onJoin(m: Member, obj: Record<string, unknown>): void {
    if (m.room) return fail(m, 'ERR_ALREADY_IN_ROOM', 'join: you are already in a room; leave it first');
    const id = obj['room'];
    if (typeof id !== 'string' || !ROOM_ID_PATTERN.test(id)) {
      return fail(m, 'ERR_BAD_ROOM', 'join: room must be a room id of 32 lowercase hex digits');
    }
    const room = rooms.get(id);
    if (!room) return fail(m, 'ERR_NO_ROOM', 'join: no such room (it may have closed when everyone left); create a new one');
    if (count(room) >= room.capacity) {
      return fail(m, 'ERR_ROOM_FULL', `join: the room is full (${room.capacity} of ${room.capacity} parties)`);
    }
    admit(m, room);
  }

  function admit(m: Member, room: Room): void {
    let index = 0;
    while (room.slots[index]) index += 1;
    room.slots[index] = m;
    m.room = room;
    m.index = index;
    log(`join  room ${short(room.id)} party ${index} (${count(room)}/${room.capacity})`);
    send(m, { type: 'joined', room: room.id, self: index, capacity: room.capacity });
    broadcastPeers(room);
  }

  function leave(m: Member, reason: LeaveReason): void {
    const room = m.room;
    if (!room) return;
    room.slots[m.index] = undefined;
    const index = m.index;
    m.room = null;
    m.index = -1;
    const left = count(room);
    log(`leave room ${short(room.id)} party ${index} (${reason}, ${left}/${room.capacity})`);
    if (left === 0) {
      rooms.delete(room.id);
      return;
    }
    for (const other of room.slots) if (other) send(other, { type: 'left', room: room.id, index, reason });
    broadcastPeers(room);
  }

  function broadcastPeers(room: Room): void {
    const peers: number[] = [];
    room.slots.forEach((s, i) => {
      if (s) peers.push(i);
    });
    for (const s of room.slots) if (s) send(s, { type: 'peers', room: room.id, peers, capacity: room.capacity });
  }

  function onSignal(m: Member, obj: Record<string, unknown>): void {
    if (!m.room) return fail(m, 'ERR_NOT_IN_ROOM', 'signal: join a room first');
    const to = obj['to'];
    if (!('data' in obj)) return fail(m, 'ERR_BAD_MESSAGE', 'signal: missing "data"');
    if (typeof to !== 'number' || !Number.isInteger(to)) return fail(m, 'ERR_BAD_MESSAGE', 'signal: "to" must be a party index');
    const target = m.room.slots[to];
    if (to === m.index || !target) {
      return fail(m, 'ERR_BAD_TARGET', `signal: party ${to} is not another member of your room`);
    }
    send(target, { type: 'signal', from: m.index, data: obj['data'] });
  }

  await new Promise<void>((ok, ko) => {
    http.once('error', ko);
    http.listen(options.port ?? 8080, host, () => {
      http.off('error', ko);
      ok();
    });
  });
  const port = (http.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${urlHost}:${port}/`,
    port,
    close: () =>
      new Promise<void>((ok) => {
        clearInterval(heartbeat);
        for (const m of members) m.ws.terminate();
        wss.close();
        http.closeAllConnections();
        http.close(() => ok());
      }),
  };
}

function count(room: Room): number {
  let n = 0;
  for (const s of room.slots) if (s) n += 1;
  return n;
}

/** Room ids are secrets (capabilities): logs show only a prefix. */
function short(id: string): string {
  return `${id.slice(0, 6)}…`;
}

function rawSize(data: RawData): number {
  if (Array.isArray(data)) return data.reduce((n, b) => n + b.length, 0);
  return data instanceof ArrayBuffer ? data.byteLength : data.length;
}

function rawText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data instanceof ArrayBuffer ? new Uint8Array(data) : data).toString('utf8');
}

async function serveStatic(root: string | undefined, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' });
    res.end('method not allowed\n');
    return;
  }
  if (!root) {
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end('no app is served here (started without staticDir)\n');
    return;
  }
  let path: string;
  try {
    path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
  } catch {
    res.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end('bad path\n');
    return;
  }
  if (path.endsWith('/')) path += 'index.html';
  const file = resolve(join(root, path));
  if (file !== root && !file.startsWith(root + sep)) {
    res.writeHead(403, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end('forbidden\n');
    return;
  }
  const st = await stat(file).catch(() => null);
  if (!st || !st.isFile()) {
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end('not found\n');
    return;
  }
  const hashed = path.startsWith('/assets/');
  res.writeHead(200, {
    'Content-Type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
    'Content-Length': String(st.size),
    'Cache-Control': hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
  });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  createReadStream(file).pipe(res);
}
