/**
 * The ICE servers (STUN/TURN) the server hands each client when it joins a room. TURN uses coturn's
 * `use-auth-secret` scheme (the "TURN REST API", draft-uberti-behave-turn-rest): the server and
 * coturn share a secret; a client gets username `<expiry unix time>:<id>` and credential
 * base64(HMAC-SHA1(secret, username)), which coturn checks and refuses after the expiry. The secret
 * itself never leaves this process.
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { IceServer } from './protocol';

export interface IceConfig {
  /** STUN URLs (`stun:host[:port]`), no credentials. */
  readonly stun: readonly string[];
  /** TURN URLs that take credentials derived from `turnSecret`. */
  readonly turn: readonly string[];
  readonly turnSecret: string | undefined;
  /** Lifetime of the credentials handed out, seconds. */
  readonly turnTtlSeconds: number;
  /** Servers as given in an --ice-config file (fixed credentials, if any). */
  readonly fixed: readonly IceServer[];
}

/** A day: long enough for a session (coturn checks the expiry again when an allocation is refreshed). */
export const DEFAULT_TURN_TTL_SECONDS = 86_400;

/** base64(HMAC-SHA1(secret, username)): coturn's use-auth-secret password for `username`. */
export function turnPassword(secret: string, username: string): string {
  return createHmac('sha1', secret).update(username).digest('base64');
}

/** Short-lived TURN credentials: valid until `nowMs / 1000 + ttlSeconds`. */
export function turnCredentials(secret: string, nowMs: number, ttlSeconds: number, id: string): { username: string; credential: string } {
  const username = `${Math.floor(nowMs / 1000) + ttlSeconds}:${id}`;
  return { username, credential: turnPassword(secret, username) };
}

/** The list for one client: fixed servers, then STUN, then TURN with fresh credentials. */
export function iceServersFor(config: IceConfig, nowMs: number, id: string = randomBytes(6).toString('hex')): IceServer[] {
  const out: IceServer[] = [...config.fixed];
  if (config.stun.length > 0) out.push({ urls: [...config.stun] });
  if (config.turn.length > 0 && config.turnSecret !== undefined) {
    out.push({ urls: [...config.turn], ...turnCredentials(config.turnSecret, nowMs, config.turnTtlSeconds, `tabmpc-${id}`) });
  }
  return out;
}

const STUN_URL = /^stuns?:(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+)(:\d{1,5})?$/;
const TURN_URL = /^turns?:(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+)(:\d{1,5})?(\?transport=(udp|tcp))?$/;

/** Why `url` is not a STUN (`kind` stun) or TURN URL as RFC 7064/7065 write them, or undefined. */
export function badIceUrl(url: string, kind: 'stun' | 'turn'): string | undefined {
  const ok = kind === 'stun' ? STUN_URL.test(url) : TURN_URL.test(url);
  if (ok) {
    const port = /:(\d+)(\?|$)/.exec(url.replace(/^\w+:/, ''))?.[1];
    if (port === undefined || Number(port) <= 65535) return undefined;
  }
  const shape = kind === 'stun' ? 'stun:host[:port] or stuns:host[:port]' : 'turn:host[:port][?transport=udp|tcp] or turns:…';
  return `${JSON.stringify(url.slice(0, 100))} is not a ${kind.toUpperCase()} URL (${shape})`;
}

/**
 * The servers of an --ice-config file: `[{urls, username?, credential?}, …]` or
 * `{"iceServers": […]}` (the shape RTCPeerConnection takes). Returns the list or why it is bad.
 */
export function parseIceConfigFile(text: string): { servers: IceServer[] } | { error: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { error: 'is not valid JSON' };
  }
  const list = Array.isArray(json) ? json : (json as { iceServers?: unknown } | null)?.iceServers;
  if (!Array.isArray(list)) return { error: 'must be a JSON array of ICE servers or an object with "iceServers"' };
  const servers: IceServer[] = [];
  for (const [i, entry] of list.entries()) {
    const e = entry as Record<string, unknown> | null;
    const urls = e?.['urls'];
    const urlList = typeof urls === 'string' ? [urls] : Array.isArray(urls) && urls.every((u) => typeof u === 'string') ? (urls as string[]) : undefined;
    if (!urlList || urlList.length === 0) return { error: `entry ${i}: "urls" must be a URL or a list of URLs` };
    for (const u of urlList) {
      const why = badIceUrl(u, u.startsWith('turn') ? 'turn' : 'stun');
      if (why) return { error: `entry ${i}: ${why}` };
    }
    const { username, credential } = e as { username?: unknown; credential?: unknown };
    if ((username !== undefined && typeof username !== 'string') || (credential !== undefined && typeof credential !== 'string')) {
      return { error: `entry ${i}: "username" and "credential" must be strings` };
    }
    if (urlList.some((u) => u.startsWith('turn')) && (username === undefined || credential === undefined)) {
      return { error: `entry ${i}: a TURN server needs "username" and "credential" (or use --turn with --turn-secret)` };
    }
    servers.push({ urls: urlList, ...(username === undefined ? {} : { username }), ...(credential === undefined ? {} : { credential }) });
  }
  return { servers };
}
