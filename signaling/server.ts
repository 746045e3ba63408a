/**
 * TabMPC's server: serves the built app (dist/) and relays signaling between the tabs of a room.
 * One port, one process. It never sees MPC data: a `signal`'s payload is relayed as the text the
 * sender wrote, never re-serialised.
 *
 * Everything a client sends is hostile until checked, and every resource a client can make the
 * server hold is capped: connections (in total and per address), rooms, message size and depth,
 * messages per second, bytes queued for a socket that does not read, time spent connected without
 * joining a room, time to send an HTTP request. A client over a limit gets a coded error (or a
 * refused connection); the server and every other client keep going.
 *
 * Every HTTP response carries COOP same-origin + COEP require-corp (+ CORP same-origin) so pages are
 * cross-origin isolated (SharedArrayBuffer, fine-grained performance.now()), and a CSP that admits
 * the built app and nothing else. Over plain http that isolation holds only on localhost (a secure
 * context); for other machines the server speaks TLS (`tls`). Requests for host names it was not
 * told about are refused (hosts.ts: DNS rebinding). Each member learns the STUN/TURN servers to use
 * in `joined`, TURN with credentials derived for it (ice.ts).
 */
import { randomBytes } from 'node:crypto';
import { open, type FileHandle } from 'node:fs/promises';
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { extname, join, resolve, sep } from 'node:path';
import { pipeline, type Duplex } from 'node:stream';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import { hostAllowed } from './hosts';
import { iceServersFor, type IceConfig } from './ice';
import {
  MAX_CAPACITY,
  MAX_DEPTH,
  MAX_MESSAGE_BYTES,
  MIN_CAPACITY,
  ROOM_ID_PATTERN,
  WIRE_VERSION_PATTERN,
  SIGNAL_PATH,
  type LeaveReason,
  type ServerMessage,
  type SignalingErrorCode,
} from './protocol';
import { scanMessage, type Scan } from './scan';

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
  /** Open TCP connections (page loads and WebSockets together), in total and per client address. */
  maxConnections?: number;
  maxConnectionsPerIp?: number;
  /** Rooms open at once. */
  maxRooms?: number;
  /** Largest accepted message, bytes of UTF-8 (1 KiB to 1 MiB). */
  maxMessageBytes?: number;
  /** Bytes the server may hold queued for one socket; a socket above it is cut off as slow. */
  maxQueueBytes?: number;
  /** A WebSocket not in a room for this long is closed (ERR_JOIN_TIMEOUT). */
  joinTimeoutMs?: number;
  /** Time allowed to send an HTTP request's headers and body, and idle time on an HTTP socket. */
  httpTimeoutMs?: number;
  /**
   * Origins (scheme://host[:port]) whose pages may open the WebSocket besides the server's own.
   * Requests without an Origin (Node tools, tests) are accepted: only browsers send one, and a
   * browser always does.
   */
  allowedOrigins?: readonly string[];
  /**
   * Host names (lowercase, no port) the server answers besides IP literals and localhost: a
   * request for any other name is refused (421), as DNS rebinding would send (hosts.ts).
   */
  allowedHosts?: readonly string[];
  /** Serve over TLS (https:, wss:) with this PEM certificate and key. */
  tls?: { readonly cert: string; readonly key: string };
  /** STUN/TURN servers handed to each client in `joined` (ice.ts). Default none. */
  ice?: IceConfig;
  /** One line per join/leave and per (throttled) refusal. Default console.log; never receives payloads. */
  log?: (line: string) => void;
  /** Clock for rate limits (ms). Default Date.now; tests inject their own. */
  now?: () => number;
}

/** The defaults a deployment gets without flags (README: "Server limits and flags"). */
export const SERVER_DEFAULTS = {
  port: 8080,
  host: '127.0.0.1',
  heartbeatMs: 15_000,
  rateBurst: 100,
  ratePerSecond: 30,
  // Under the usual soft limit of 1,024 open files, with room left for the files being served.
  maxConnections: 500,
  // A classroom behind one NAT address: 30 pupils with 2 tabs each, and each page's HTTP sockets.
  maxConnectionsPerIp: 100,
  maxRooms: 250,
  maxMessageBytes: MAX_MESSAGE_BYTES,
  maxQueueBytes: 1024 * 1024,
  joinTimeoutMs: 30_000,
  httpTimeoutMs: 10_000,
} as const;

export interface ServerStats {
  /** TCP connections held (HTTP and WebSocket). */
  readonly connections: number;
  /** WebSockets open. */
  readonly sockets: number;
  readonly rooms: number;
  /** Bytes queued for all sockets right now, and the most queued for one socket. */
  readonly queuedBytes: number;
  readonly maxQueuedBytes: number;
  /** Since start: sockets cut off as slow readers; connections refused by the caps. */
  readonly slowDrops: number;
  readonly refused: number;
}

export interface RunningServer {
  /** http(s)://host:port/ */
  readonly url: string;
  readonly port: number;
  stats(): ServerStats;
  close(): Promise<void>;
}

/**
 * The app is module scripts and a module worker from this origin, WebAssembly compiled from bytes
 * (needs 'wasm-unsafe-eval', not 'unsafe-eval'), a stylesheet file, a data: favicon, and a
 * WebSocket back to this origin ('self' covers ws:/wss: of the same host). React's `style` props
 * go through CSSOM, which style-src does not govern, so no 'unsafe-inline' anywhere.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data:",
  "style-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Headers on every HTTP response. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'X-Content-Type-Options': 'nosniff',
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  // A room id in the URL is a capability: never hand it to another site in Referer.
  'Referrer-Policy': 'no-referrer',
  // frame-ancestors for browsers that predate it.
  'X-Frame-Options': 'DENY',
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

/** Sockets that keep flooding after being told are closed (policy violation). */
export const MAX_RATE_STRIKES = 200;
/**
 * Strikes fade so that a long-lived tab is judged by its recent behaviour: a flooder still passes
 * MAX_RATE_STRIKES within seconds, while bursts an hour apart never add up.
 */
export const STRIKE_DECAY_PER_SECOND = 1;
/** A socket asked to close that has not closed after this long is cut (its fd is what we want back). */
const CLOSE_GRACE_MS = 2_000;
/** Refusals and accept errors are logged at most once per this interval per kind. */
const WARN_INTERVAL_MS = 10_000;

interface Member {
  readonly ws: WebSocket;
  room: Room | null;
  index: number;
  alive: boolean;
  tokens: number;
  strikes: number;
  lastRefill: number;
  /** Being cut off (slow, timed out, policy): nothing more is sent to it. */
  cut: boolean;
  joinTimer: NodeJS.Timeout | null;
}

interface Room {
  readonly id: string;
  readonly capacity: number;
  /** The engine version its creator stated (null: a client that states none); joiners must match. */
  readonly wire: string | null;
  /** index → member; undefined slots are free. */
  readonly slots: (Member | undefined)[];
}

export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const host = options.host ?? SERVER_DEFAULTS.host;
  const heartbeatMs = options.heartbeatMs ?? SERVER_DEFAULTS.heartbeatMs;
  const rateBurst = options.rateBurst ?? SERVER_DEFAULTS.rateBurst;
  const ratePerSecond = options.ratePerSecond ?? SERVER_DEFAULTS.ratePerSecond;
  const maxConnections = options.maxConnections ?? SERVER_DEFAULTS.maxConnections;
  const maxPerIp = options.maxConnectionsPerIp ?? SERVER_DEFAULTS.maxConnectionsPerIp;
  const maxRooms = options.maxRooms ?? SERVER_DEFAULTS.maxRooms;
  const maxMessageBytes = options.maxMessageBytes ?? SERVER_DEFAULTS.maxMessageBytes;
  const maxQueueBytes = options.maxQueueBytes ?? SERVER_DEFAULTS.maxQueueBytes;
  const joinTimeoutMs = options.joinTimeoutMs ?? SERVER_DEFAULTS.joinTimeoutMs;
  const httpTimeoutMs = options.httpTimeoutMs ?? SERVER_DEFAULTS.httpTimeoutMs;
  const allowedOrigins = new Set((options.allowedOrigins ?? []).map((o) => o.toLowerCase().replace(/\/+$/, '')));
  const allowedHosts = new Set((options.allowedHosts ?? []).map((h) => h.toLowerCase()));
  for (const o of allowedOrigins) allowedHosts.add(new URL(o).hostname.replace(/^\[|\]$/g, ''));
  const log = options.log ?? ((line: string) => console.log(line));
  const now = options.now ?? Date.now;
  const staticDir = options.staticDir === undefined ? undefined : resolve(options.staticDir);
  const rooms = new Map<string, Room>();
  const members = new Set<Member>();
  let connections = 0;
  const perIp = new Map<string, number>();
  let slowDrops = 0;
  let refused = 0;

  const lastWarn = new Map<string, { at: number; suppressed: number }>();
  function warn(kind: string, line: string): void {
    const t = Date.now();
    const w = lastWarn.get(kind);
    if (w && t - w.at < WARN_INTERVAL_MS) {
      w.suppressed += 1;
      return;
    }
    log(w && w.suppressed > 0 ? `${line} (and ${w.suppressed} more like it)` : line);
    lastWarn.set(kind, { at: t, suppressed: 0 });
  }

  // Node checks header/request deadlines on this interval; a coarse one would let a silent socket
  // outlive httpTimeoutMs by up to 30 s.
  const httpOptions = { connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(httpTimeoutMs / 4))) };
  const onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) res.setHeader(k, v);
    if (!hostAllowed(req.headers.host, allowedHosts)) {
      warn('host', `refused a request for host ${JSON.stringify(String(req.headers.host).slice(0, 100))}`);
      res.writeHead(421, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(`this server does not answer for ${String(req.headers.host).slice(0, 100)}: start it with --allowed-hosts NAME\n`);
      return;
    }
    serveStatic(staticDir, req, res, (err) => warn('static', `static file failed: ${errCode(err)}`)).catch((err: unknown) => {
      warn('static', `static file failed: ${errCode(err)}`);
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('internal error\n');
    });
  };
  const http = options.tls
    ? createHttpsServer({ ...httpOptions, cert: options.tls.cert, key: options.tls.key }, onRequest)
    : createHttpServer(httpOptions, onRequest);
  http.headersTimeout = httpTimeoutMs;
  http.requestTimeout = httpTimeoutMs;
  http.keepAliveTimeout = Math.min(5_000, httpTimeoutMs);
  // Idle time on an HTTP socket (e.g. a download that stopped reading); ws clears it on upgrade.
  http.timeout = httpTimeoutMs;

  http.on('connection', (socket: Socket) => {
    const ip = ipKey(socket.remoteAddress);
    if (ip === undefined) {
      socket.destroy();
      return;
    }
    const fromIp = perIp.get(ip) ?? 0;
    if (connections >= maxConnections || fromIp >= maxPerIp) {
      refused += 1;
      const which = connections >= maxConnections ? `${maxConnections} connections in total` : `${maxPerIp} connections from ${ip}`;
      warn('refused', `refused a connection: at the limit of ${which}`);
      endRaw(socket, 503, 'Service Unavailable', `server busy: at the limit of ${which}\n`);
      return;
    }
    connections += 1;
    perIp.set(ip, fromIp + 1);
    socket.once('close', () => {
      connections -= 1;
      const left = (perIp.get(ip) ?? 1) - 1;
      if (left > 0) perIp.set(ip, left);
      else perIp.delete(ip);
    });
  });

  http.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    if (err.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    if (err.code === 'ERR_HTTP_REQUEST_TIMEOUT') endRaw(socket, 408, 'Request Timeout', '');
    else if (err.code === 'HPE_HEADER_OVERFLOW') endRaw(socket, 431, 'Request Header Fields Too Large', '');
    else endRaw(socket, 400, 'Bad Request', '');
  });

  const wss = new WebSocketServer({
    noServer: true,
    // Frames above this are cut off by ws itself (socket closed, 1009); between maxMessageBytes and
    // this we reply ERR_TOO_LARGE. It is also what ws may buffer per socket for one message.
    maxPayload: 2 * maxMessageBytes,
  });
  http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    // Node hands the socket over without its error listener; an ECONNRESET here must not be fatal.
    socket.on('error', () => socket.destroy());
    const path = (req.url ?? '').split('?')[0];
    if (path !== SIGNAL_PATH) {
      endRaw(socket, 404, 'Not Found', '');
      return;
    }
    if (!hostAllowed(req.headers.host, allowedHosts)) {
      warn('host', `refused a WebSocket for host ${JSON.stringify(String(req.headers.host).slice(0, 100))}`);
      endRaw(socket, 421, 'Misdirected Request', 'host not allowed\n');
      return;
    }
    if (!originAllowed(req, allowedOrigins)) {
      warn('origin', `refused a WebSocket from origin ${JSON.stringify(String(req.headers.origin).slice(0, 100))}`);
      endRaw(socket, 403, 'Forbidden', 'origin not allowed\n');
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
      strikes: 0,
      lastRefill: now(),
      cut: false,
      joinTimer: null,
    };
    members.add(m);
    armJoinTimer(m);
    ws.on('pong', () => {
      // A socket whose queue stays above the cap is not keeping up, whatever it answers.
      m.alive = ws.bufferedAmount <= maxQueueBytes;
    });
    ws.on('message', (data: RawData, isBinary: boolean) => {
      try {
        onMessage(m, data, isBinary);
      } catch (err) {
        // A bug must cost one socket, never the process and everyone else's rooms.
        warn('internal', `internal error handling a message: ${err instanceof Error ? err.message : String(err)}`);
        closeMember(m, 1011, 'ERR_INTERNAL');
      }
    });
    ws.on('close', () => {
      members.delete(m);
      clearJoinTimer(m);
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
      try {
        m.ws.ping();
      } catch {
        m.ws.terminate();
      }
    }
  }, heartbeatMs);
  heartbeat.unref();

  function armJoinTimer(m: Member): void {
    clearJoinTimer(m);
    m.joinTimer = setTimeout(() => {
      m.joinTimer = null;
      if (m.room) return;
      fail(m, 'ERR_JOIN_TIMEOUT', `no room joined within ${joinTimeoutMs} ms: closing`);
      closeMember(m, 1008, 'ERR_JOIN_TIMEOUT');
    }, joinTimeoutMs);
    m.joinTimer.unref();
  }

  function clearJoinTimer(m: Member): void {
    if (m.joinTimer) clearTimeout(m.joinTimer);
    m.joinTimer = null;
  }

  /** Close with a code; a peer that does not complete the close handshake is cut after a grace. */
  function closeMember(m: Member, code: number, reason: string): void {
    m.cut = true;
    m.ws.close(code, reason);
    setTimeout(() => m.ws.terminate(), CLOSE_GRACE_MS).unref();
  }

  /** Never throws: a message that cannot be sent costs its recipient's socket, nothing more. */
  function send(m: Member, msg: ServerMessage | string): void {
    if (m.cut || m.ws.readyState !== WebSocket.OPEN) return;
    let text: string;
    try {
      text = typeof msg === 'string' ? msg : JSON.stringify(msg);
    } catch {
      closeMember(m, 1011, 'ERR_INTERNAL');
      return;
    }
    // Checked before queueing, so no socket ever holds more than the cap.
    if (m.ws.bufferedAmount + Buffer.byteLength(text) > maxQueueBytes) {
      cutSlow(m);
      return;
    }
    try {
      m.ws.send(text);
    } catch {
      m.cut = true;
      m.ws.terminate();
    }
  }

  function cutSlow(m: Member): void {
    if (m.cut) return;
    m.cut = true;
    slowDrops += 1;
    warn('slow', `cut off a socket that does not read (more than ${maxQueueBytes} bytes queued)`);
    // Announced after the current message: leave() sends to the others, whose queues may be full
    // too, and a cut inside another's broadcast would change the room under that loop.
    queueMicrotask(() => {
      leave(m, 'slow');
      m.ws.terminate();
    });
  }

  function fail(m: Member, code: SignalingErrorCode, message: string): void {
    send(m, { type: 'error', code, message });
  }

  function takeToken(m: Member): boolean {
    const t = now();
    const seconds = Math.max(0, t - m.lastRefill) / 1000;
    m.lastRefill = t;
    m.tokens = Math.min(rateBurst, m.tokens + seconds * ratePerSecond);
    m.strikes = Math.max(0, m.strikes - seconds * STRIKE_DECAY_PER_SECOND);
    if (m.tokens < 1) return false;
    m.tokens -= 1;
    return true;
  }

  function onMessage(m: Member, data: RawData, isBinary: boolean): void {
    if (m.cut) return;
    if (!takeToken(m)) {
      m.strikes += 1;
      if (m.strikes > MAX_RATE_STRIKES) {
        closeMember(m, 1008, 'ERR_RATE');
        return;
      }
      fail(m, 'ERR_RATE', `too many messages: at most ${ratePerSecond}/s (bursts of ${rateBurst}); this one was dropped`);
      return;
    }
    const size = rawSize(data);
    if (size > maxMessageBytes) {
      fail(m, 'ERR_TOO_LARGE', `message of ${size} bytes is above the limit of ${maxMessageBytes} bytes`);
      return;
    }
    if (isBinary) {
      fail(m, 'ERR_BAD_JSON', 'binary messages are not accepted: send JSON text');
      return;
    }
    const text = rawText(data);
    const scan = scanMessage(text, MAX_DEPTH);
    if (scan.depth > MAX_DEPTH) {
      fail(m, 'ERR_TOO_DEEP', `message nests arrays/objects more than ${MAX_DEPTH} deep`);
      return;
    }
    let msg: unknown;
    try {
      msg = JSON.parse(text);
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
        return onSignal(m, obj, text, scan);
      case 'leave':
        if (!m.room) return fail(m, 'ERR_NOT_IN_ROOM', 'leave: you are not in a room');
        {
          const id = m.room.id;
          leave(m, 'leave');
          send(m, { type: 'left-room', room: id });
          armJoinTimer(m);
        }
        return;
      default: {
        const t = typeof obj['type'] === 'string' ? JSON.stringify(obj['type'].slice(0, 40)) : 'missing';
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
    if (rooms.size >= maxRooms) {
      warn('rooms', `refused to create a room: at the limit of ${maxRooms} rooms`);
      return fail(m, 'ERR_TOO_MANY_ROOMS', `create: the server holds its limit of ${maxRooms} rooms; try again later`);
    }
    const wire = wireOf(obj);
    if (wire === undefined) return fail(m, 'ERR_BAD_MESSAGE', 'create: wire must be an engine version (1 to 40 of 0-9, a-z, -)');
    const room: Room = { id: randomBytes(16).toString('hex'), capacity, wire, slots: new Array<Member | undefined>(capacity) };
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
    const wire = wireOf(obj);
    if (wire === undefined) return fail(m, 'ERR_BAD_MESSAGE', 'join: wire must be an engine version (1 to 40 of 0-9, a-z, -)');
    if (wire !== room.wire) {
      return fail(
        m,
        'ERR_WIRE_MISMATCH',
        `join: the room's parties run engine ${room.wire ?? '(an older build that states none)'}, this client ${wire ?? '(an older build that states none)'}: all must run the same build`,
      );
    }
    admit(m, room);
  }

  /** A create/join's stated engine version: null when absent, undefined when malformed. */
  function wireOf(obj: Record<string, unknown>): string | null | undefined {
    const wire = obj['wire'];
    if (wire === undefined) return null;
    return typeof wire === 'string' && WIRE_VERSION_PATTERN.test(wire) ? wire : undefined;
  }

  function admit(m: Member, room: Room): void {
    clearJoinTimer(m);
    let index = 0;
    while (room.slots[index]) index += 1;
    room.slots[index] = m;
    m.room = room;
    m.index = index;
    log(`join  room ${short(room.id)} party ${index} (${count(room)}/${room.capacity})`);
    const iceServers = options.ice ? iceServersFor(options.ice, Date.now()) : [];
    send(m, { type: 'joined', room: room.id, self: index, capacity: room.capacity, iceServers });
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

  function onSignal(m: Member, obj: Record<string, unknown>, text: string, scan: Scan): void {
    if (!m.room) return fail(m, 'ERR_NOT_IN_ROOM', 'signal: join a room first');
    const to = obj['to'];
    if (!('data' in obj)) return fail(m, 'ERR_BAD_MESSAGE', 'signal: missing "data"');
    if (typeof to !== 'number' || !Number.isInteger(to)) return fail(m, 'ERR_BAD_MESSAGE', 'signal: "to" must be a party index');
    const target = m.room.slots[to];
    if (to === m.index || !target) {
      return fail(m, 'ERR_BAD_TARGET', `signal: party ${to} is not another member of your room`);
    }
    // The scan of valid JSON always finds "data"; the fallback only guards against a scan bug.
    const data = scan.dataStart >= 0 ? text.slice(scan.dataStart, scan.dataEnd) : JSON.stringify(obj['data']);
    send(target, `{"type":"signal","from":${m.index},"data":${data}}`);
  }

  await new Promise<void>((ok, ko) => {
    http.once('error', ko);
    http.listen(options.port ?? SERVER_DEFAULTS.port, host, () => {
      http.off('error', ko);
      ok();
    });
  });
  // After listening, 'error' means a failed accept (EMFILE when out of file descriptors): libuv
  // has already shed the pending connection, and the server goes on accepting.
  http.on('error', (err) => warn('accept', `accept failed: ${errCode(err)}`));
  const port = (http.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `${options.tls ? 'https' : 'http'}://${urlHost}:${port}/`,
    port,
    stats: () => {
      let queued = 0;
      let most = 0;
      for (const m of members) {
        queued += m.ws.bufferedAmount;
        most = Math.max(most, m.ws.bufferedAmount);
      }
      return { connections, sockets: members.size, rooms: rooms.size, queuedBytes: queued, maxQueuedBytes: most, slowDrops, refused };
    },
    close: () =>
      new Promise<void>((ok) => {
        clearInterval(heartbeat);
        for (const m of members) {
          clearJoinTimer(m);
          m.ws.terminate();
        }
        wss.close();
        http.closeAllConnections();
        http.close(() => ok());
      }),
  };
}

/**
 * Browsers send Origin on every WebSocket handshake; accept the page's own origin (the Host it
 * asked for, over http or https: a TLS proxy in front changes the scheme) and those allowed.
 */
function originAllowed(req: IncomingMessage, allowed: ReadonlySet<string>): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  const o = origin.toLowerCase();
  if (allowed.has(o)) return true;
  const host = req.headers.host?.toLowerCase();
  if (!host) return false;
  return o === `http://${host}` || o === `https://${host}`;
}

/**
 * The key a connection counts against for the per-address cap: the IPv4 address, or the /64 of
 * an IPv6 one (one subscriber commonly holds a whole /64, so single addresses would not cap it).
 */
export function ipKey(address: string | undefined): string | undefined {
  if (!address) return undefined;
  const a = address.toLowerCase().split('%')[0] ?? '';
  if (a.startsWith('::ffff:') && a.includes('.')) return a.slice(7);
  if (!a.includes(':')) return a;
  const [head = '', tail] = a.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = tail === undefined ? left : [...left, ...new Array<string>(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right];
  return `${groups
    .slice(0, 4)
    .map((g) => (Number.parseInt(g || '0', 16) || 0).toString(16))
    .join(':')}::/64`;
}

/** A plain HTTP reply on a raw socket, then close it: the descriptor is what a refusal frees. */
function endRaw(socket: Duplex, status: number, text: string, body: string): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  socket.on('error', () => socket.destroy());
  socket.end(
    `HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    () => socket.destroy(),
  );
}

function errCode(err: unknown): string {
  const e = err as { code?: unknown; message?: unknown } | null;
  return typeof e?.code === 'string' ? e.code : String(e?.message ?? err);
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

async function serveStatic(
  root: string | undefined,
  req: IncomingMessage,
  res: ServerResponse,
  onStreamError: (err: Error) => void,
): Promise<void> {
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
  // Open first, then describe what was opened: no window between a stat and an open, and a
  // failed open (EMFILE when out of descriptors) can still get a proper status.
  let handle: FileHandle;
  try {
    handle = await open(file, 'r');
  } catch (err) {
    const code = errCode(err);
    if (code === 'EMFILE' || code === 'ENFILE') {
      onStreamError(err as Error);
      res.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8', 'Retry-After': '5' });
      res.end('server busy\n');
      return;
    }
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end('not found\n');
    return;
  }
  const st = await handle.stat().catch(() => null);
  if (!st || !st.isFile()) {
    await handle.close().catch(() => {});
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
    await handle.close().catch(() => {});
    res.end();
    return;
  }
  // A read can still fail after the headers went out (EIO, a file truncated by a rebuild):
  // pipeline then destroys the response, so the client sees a cut transfer, not a hang.
  pipeline(handle.createReadStream(), res, (err) => {
    if (err && err.code !== 'ERR_STREAM_PREMATURE_CLOSE') onStreamError(err);
  });
}
