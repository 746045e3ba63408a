/**
 * `npm start`'s flags and environment variables: one table, from which come the parser, the
 * defaults and `--help`. A flag wins over its variable; a bad value is one line and exit code 2.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parseHostName } from './hosts';
import { badIceUrl, DEFAULT_TURN_TTL_SECONDS, parseIceConfigFile, type IceConfig } from './ice';
import { SERVER_DEFAULTS, type ServerOptions } from './server';

type IntOption =
  | 'port'
  | 'maxConnections'
  | 'maxConnectionsPerIp'
  | 'maxRooms'
  | 'maxMessageBytes'
  | 'maxQueueBytes'
  | 'ratePerSecond'
  | 'rateBurst'
  | 'heartbeatMs'
  | 'joinTimeoutMs'
  | 'httpTimeoutMs';

interface IntFlag {
  readonly flag: string;
  readonly env: string;
  readonly option: IntOption;
  readonly min: number;
  readonly max: number;
  readonly help: string;
}

const MiB = 1024 * 1024;

export const INT_FLAGS: readonly IntFlag[] = [
  { flag: 'port', env: 'PORT', option: 'port', min: 0, max: 65535, help: 'TCP port (0: any free port)' },
  { flag: 'max-connections', env: 'TABMPC_MAX_CONNECTIONS', option: 'maxConnections', min: 1, max: 1_000_000, help: 'open TCP connections in total (page loads and WebSockets)' },
  { flag: 'max-per-ip', env: 'TABMPC_MAX_PER_IP', option: 'maxConnectionsPerIp', min: 1, max: 1_000_000, help: 'open connections per client address (IPv6: per /64)' },
  { flag: 'max-rooms', env: 'TABMPC_MAX_ROOMS', option: 'maxRooms', min: 1, max: 1_000_000, help: 'rooms open at once' },
  { flag: 'max-message-bytes', env: 'TABMPC_MAX_MESSAGE_BYTES', option: 'maxMessageBytes', min: 1024, max: MiB, help: 'largest signaling message accepted' },
  { flag: 'max-queue-bytes', env: 'TABMPC_MAX_QUEUE_BYTES', option: 'maxQueueBytes', min: 4096, max: 256 * MiB, help: 'bytes queued for a socket that does not read before it is cut off' },
  { flag: 'rate', env: 'TABMPC_RATE', option: 'ratePerSecond', min: 1, max: 1_000_000, help: 'messages per second per socket (sustained)' },
  { flag: 'rate-burst', env: 'TABMPC_RATE_BURST', option: 'rateBurst', min: 1, max: 1_000_000, help: 'messages per socket in a burst' },
  { flag: 'heartbeat-ms', env: 'TABMPC_HEARTBEAT_MS', option: 'heartbeatMs', min: 100, max: 3_600_000, help: 'ping interval; a socket that misses a pong is dropped' },
  { flag: 'join-timeout-ms', env: 'TABMPC_JOIN_TIMEOUT_MS', option: 'joinTimeoutMs', min: 100, max: 3_600_000, help: 'a WebSocket that joins no room within this is closed' },
  { flag: 'http-timeout-ms', env: 'TABMPC_HTTP_TIMEOUT_MS', option: 'httpTimeoutMs', min: 100, max: 3_600_000, help: 'time to send an HTTP request, and idle time on an HTTP socket' },
];

/** TLS as asked for: none, a certificate made at start, or PEM files. */
export type TlsChoice = { kind: 'none' } | { kind: 'self-signed' } | { kind: 'files'; certFile: string; keyFile: string };

export interface Config {
  readonly server: ServerOptions & { port: number; host: string };
  readonly tls: TlsChoice;
  /** The built app to serve; undefined: the project's dist/ (built first unless skipBuild). */
  readonly staticDir: string | undefined;
  readonly skipBuild: boolean;
}

export type ParseResult = { kind: 'ok'; config: Config } | { kind: 'help' } | { kind: 'error'; message: string };

function defaultOf(option: IntOption): number {
  return SERVER_DEFAULTS[option];
}

/** Parse flags (argv without node and script) and the environment. Never throws. */
export function parseConfig(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  readText: (file: string) => string = (file) => readFileSync(file, 'utf8'),
): ParseResult {
  let values: Record<string, string | boolean | string[] | undefined>;
  try {
    values = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        help: { type: 'boolean', short: 'h' },
        host: { type: 'string' },
        'allowed-origins': { type: 'string' },
        'allowed-hosts': { type: 'string' },
        https: { type: 'boolean' },
        cert: { type: 'string' },
        key: { type: 'string' },
        stun: { type: 'string', multiple: true },
        turn: { type: 'string', multiple: true },
        'turn-secret': { type: 'string' },
        'turn-ttl': { type: 'string' },
        'ice-config': { type: 'string' },
        'skip-build': { type: 'boolean' },
        'static-dir': { type: 'string' },
        ...Object.fromEntries(INT_FLAGS.map((f) => [f.flag, { type: 'string' as const }])),
      },
    }).values;
  } catch (err) {
    // parseArgs explains in a sentence and then suggests `--`; the first sentence is the point.
    const message = err instanceof Error ? (err.message.split(/\.\s/)[0] ?? err.message) : String(err);
    return { kind: 'error', message: `${message} (see --help)` };
  }
  if (values['help'] === true) return { kind: 'help' };

  const server: ServerOptions & { port: number; host: string } = { port: SERVER_DEFAULTS.port, host: SERVER_DEFAULTS.host };
  for (const f of INT_FLAGS) {
    const fromFlag = values[f.flag];
    const raw = typeof fromFlag === 'string' ? fromFlag : env[f.env];
    const source = typeof fromFlag === 'string' ? `--${f.flag}` : f.env;
    if (raw === undefined || raw === '') {
      server[f.option] = defaultOf(f.option);
      continue;
    }
    const n = /^\d{1,10}$/.test(raw.trim()) ? Number(raw.trim()) : Number.NaN;
    if (!Number.isInteger(n) || n < f.min || n > f.max) {
      return { kind: 'error', message: `${source} must be an integer from ${f.min} to ${f.max}, got ${JSON.stringify(raw.slice(0, 40))}` };
    }
    server[f.option] = n;
  }
  const maxMessageBytes = server.maxMessageBytes ?? SERVER_DEFAULTS.maxMessageBytes;
  if ((server.maxQueueBytes ?? SERVER_DEFAULTS.maxQueueBytes) < 2 * maxMessageBytes) {
    // Otherwise one relayed message of the largest size could cut off a reader that is keeping up.
    return { kind: 'error', message: `the queue limit (${server.maxQueueBytes}) must be at least twice the message limit (${maxMessageBytes})` };
  }

  const host = typeof values['host'] === 'string' ? values['host'] : env['HOST'];
  if (host !== undefined && host !== '') server.host = host;

  const originsRaw = typeof values['allowed-origins'] === 'string' ? values['allowed-origins'] : env['TABMPC_ALLOWED_ORIGINS'];
  if (originsRaw !== undefined && originsRaw.trim() !== '') {
    const origins: string[] = [];
    for (const o of originsRaw.split(',').map((s) => s.trim()).filter((s) => s !== '')) {
      const origin = parseOrigin(o);
      if (origin === undefined) {
        return { kind: 'error', message: `allowed origin ${JSON.stringify(o.slice(0, 100))} is not scheme://host[:port] (http or https, no path)` };
      }
      origins.push(origin);
    }
    server.allowedOrigins = origins;
  }

  const str = (flag: string, variable: string): string | undefined => {
    const v = values[flag];
    const raw = typeof v === 'string' ? v : env[variable];
    return raw === undefined || raw.trim() === '' ? undefined : raw.trim();
  };
  /** Comma-separated lists, from a (repeatable) flag or else its variable. */
  const list = (flag: string, variable: string): string[] => {
    const v = values[flag];
    const raw = Array.isArray(v) ? v : typeof v === 'string' ? [v] : [env[variable] ?? ''];
    return raw.flatMap((x) => x.split(',')).map((x) => x.trim()).filter((x) => x !== '');
  };

  const hosts: string[] = [];
  for (const h of list('allowed-hosts', 'TABMPC_ALLOWED_HOSTS')) {
    const name = parseHostName(h);
    if (name === undefined) return { kind: 'error', message: `allowed host ${JSON.stringify(h.slice(0, 100))} is not a host name (letters, digits, dots, hyphens; no port)` };
    hosts.push(name);
  }
  if (hosts.length > 0) server.allowedHosts = hosts;

  const tls = parseTls(values['https'] === true || env['TABMPC_HTTPS'] === '1', str('cert', 'TABMPC_CERT'), str('key', 'TABMPC_KEY'));
  if ('error' in tls) return { kind: 'error', message: tls.error };

  const ice = parseIce(list('stun', 'TABMPC_STUN'), list('turn', 'TABMPC_TURN'), str('turn-secret', 'TABMPC_TURN_SECRET'), str('turn-ttl', 'TABMPC_TURN_TTL'), str('ice-config', 'TABMPC_ICE_CONFIG'), readText);
  if ('error' in ice) return { kind: 'error', message: ice.error };
  if (ice.fixed.length + ice.stun.length + ice.turn.length > 0) server.ice = ice;

  const staticDir = str('static-dir', 'TABMPC_STATIC_DIR');
  return { kind: 'ok', config: { server, tls, staticDir, skipBuild: values['skip-build'] === true || env['SKIP_BUILD'] === '1' } };
}

function parseTls(https: boolean, certFile: string | undefined, keyFile: string | undefined): TlsChoice | { error: string } {
  if ((certFile === undefined) !== (keyFile === undefined)) return { error: '--cert and --key go together (PEM files); --https alone makes a self-signed certificate' };
  if (certFile !== undefined && keyFile !== undefined) return { kind: 'files', certFile, keyFile };
  return https ? { kind: 'self-signed' } : { kind: 'none' };
}

function parseIce(
  stun: readonly string[],
  turn: readonly string[],
  turnSecret: string | undefined,
  ttlRaw: string | undefined,
  iceFile: string | undefined,
  readText: (file: string) => string,
): IceConfig | { error: string } {
  for (const u of stun) {
    const why = badIceUrl(u, 'stun');
    if (why) return { error: `--stun: ${why}` };
  }
  for (const u of turn) {
    const why = badIceUrl(u, 'turn');
    if (why) return { error: `--turn: ${why}` };
  }
  if (turn.length > 0 && turnSecret === undefined) {
    return { error: "--turn needs --turn-secret (coturn's static-auth-secret; or TABMPC_TURN_SECRET, kept out of the process list), or give fixed credentials in --ice-config" };
  }
  if (turnSecret !== undefined && turn.length === 0) return { error: '--turn-secret without --turn: which TURN server is it for?' };
  let turnTtlSeconds = DEFAULT_TURN_TTL_SECONDS;
  if (ttlRaw !== undefined) {
    turnTtlSeconds = /^\d{1,7}$/.test(ttlRaw) ? Number(ttlRaw) : Number.NaN;
    if (!(turnTtlSeconds >= 60 && turnTtlSeconds <= 7 * 86_400)) return { error: `--turn-ttl must be seconds from 60 to ${7 * 86_400}, got ${JSON.stringify(ttlRaw.slice(0, 40))}` };
  }
  let fixed: IceConfig['fixed'] = [];
  if (iceFile !== undefined) {
    let text: string;
    try {
      text = readText(iceFile);
    } catch (err) {
      return { error: `--ice-config: cannot read ${iceFile} (${(err as NodeJS.ErrnoException).code ?? String(err)})` };
    }
    const parsed = parseIceConfigFile(text);
    if ('error' in parsed) return { error: `--ice-config: ${iceFile} ${parsed.error}` };
    fixed = parsed.servers;
  }
  return { stun, turn, turnSecret, turnTtlSeconds, fixed };
}

/** The origin a browser would send for this, or undefined if it is not a bare http(s) origin. */
function parseOrigin(text: string): string | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  if (url.username || url.password || url.search || url.hash || (url.pathname !== '/' && url.pathname !== '')) return undefined;
  if (text.replace(/\/+$/, '').toLowerCase() !== url.origin) return undefined;
  return url.origin;
}

export function helpText(): string {
  const rows: [string, string, string][] = [
    ['--host ADDR', 'HOST', `interface to bind (default ${SERVER_DEFAULTS.host}; 0.0.0.0 for every interface)`],
    ...INT_FLAGS.map((f): [string, string, string] => [`--${f.flag} N`, f.env, `${f.help} (default ${defaultOf(f.option)})`]),
    ['--allowed-origins LIST', 'TABMPC_ALLOWED_ORIGINS', "comma-separated origins whose pages may open the WebSocket besides the server's own"],
    ['--allowed-hosts LIST', 'TABMPC_ALLOWED_HOSTS', 'comma-separated host names the server answers besides IP addresses, localhost and this machine\'s name (DNS rebinding)'],
    ['--https', 'TABMPC_HTTPS=1', 'serve over TLS with a self-signed certificate made at start (pages on other machines are then cross-origin isolated)'],
    ['--cert FILE --key FILE', 'TABMPC_CERT, TABMPC_KEY', 'serve over TLS with this PEM certificate and key'],
    ['--stun URL', 'TABMPC_STUN', 'STUN server for the peers (stun:host:port; repeatable, or a comma-separated list)'],
    ['--turn URL', 'TABMPC_TURN', 'TURN server (turn:host:port?transport=udp; repeatable), with --turn-secret'],
    ['--turn-secret S', 'TABMPC_TURN_SECRET', "coturn's static-auth-secret: each client gets credentials derived from it, never the secret"],
    ['--turn-ttl SECONDS', 'TABMPC_TURN_TTL', `lifetime of those credentials (default ${DEFAULT_TURN_TTL_SECONDS})`],
    ['--ice-config FILE', 'TABMPC_ICE_CONFIG', 'JSON list of RTCIceServer ({urls, username, credential}) handed to every client as is'],
    ['--static-dir DIR', 'TABMPC_STATIC_DIR', 'serve this folder instead of the project\'s dist/ (never built by us)'],
    ['--skip-build', 'SKIP_BUILD=1', 'serve dist/ as it is, without rebuilding it when stale'],
    ['-h, --help', '', 'print this and exit'],
  ];
  const w0 = Math.max(...rows.map((r) => r[0].length));
  const w1 = Math.max(...rows.map((r) => r[1].length));
  return [
    'Usage: npm start -- [flags]   (or: npx tsx signaling/main.ts [flags])',
    'Serves the built app and the signaling WebSocket at /signal. Each flag can also be set by its',
    'environment variable; the flag wins.',
    '',
    ...rows.map(([a, b, c]) => `  ${a.padEnd(w0)}  ${b.padEnd(w1)}  ${c}`),
    '',
  ].join('\n');
}

/** The soft limit on open files (Linux), or undefined where /proc does not say. */
export function openFileLimit(): number | undefined {
  try {
    const m = /^Max open files\s+(\d+)/m.exec(readFileSync('/proc/self/limits', 'utf8'));
    return m?.[1] === undefined ? undefined : Number(m[1]);
  } catch {
    return undefined;
  }
}
