/**
 * The URLs a peer could open: for a server bound to every interface (0.0.0.0 or ::), one per
 * address of this machine; for one address, that address. Link-local IPv6 addresses are left out
 * (a browser cannot use a zone id in a URL).
 */
import type { NetworkInterfaceInfo } from 'node:os';

type Interfaces = NodeJS.Dict<NetworkInterfaceInfo[]>;

function urlOf(scheme: 'http' | 'https', address: string, port: number): string {
  return `${scheme}://${address.includes(':') ? `[${address}]` : address}:${port}/`;
}

/** Every URL for `host:port`, loopback first, then the others in the order the system lists them. */
export function servedUrls(host: string, port: number, scheme: 'http' | 'https', interfaces: Interfaces): string[] {
  const wildcard = host === '0.0.0.0' || host === '::' || host === '';
  if (!wildcard) return [urlOf(scheme, host, port)];
  const v4Only = host === '0.0.0.0';
  const loopback: string[] = [];
  const other: string[] = [];
  for (const list of Object.values(interfaces)) {
    for (const a of list ?? []) {
      if (a.family === 'IPv6' && (v4Only || a.address.toLowerCase().startsWith('fe80'))) continue;
      (a.internal ? loopback : other).push(urlOf(scheme, a.address, port));
    }
  }
  return [...new Set([...loopback, ...other])];
}
