/**
 * Which `Host` headers the server answers (DNS rebinding): a page on attacker.example whose name
 * is made to resolve to this server would otherwise be same-origin with it, open the WebSocket
 * and read the app's responses. Rebinding needs a name, so IP literals are always answered; names
 * only when listed (localhost, this machine's name, --allowed-hosts, --allowed-origins' hosts).
 */
import { isIP } from 'node:net';

/** The host name of a `Host` header (`name:port`, `[v6]:port`), lowercased, without the port. */
export function hostName(header: string): string {
  const h = header.trim().toLowerCase();
  if (h.startsWith('[')) return h.slice(1, h.indexOf(']') > 0 ? h.indexOf(']') : undefined);
  const colon = h.lastIndexOf(':');
  return (colon >= 0 && h.indexOf(':') === colon ? h.slice(0, colon) : h).replace(/\.$/, '');
}

/** Whether to answer a request for `header`; `names` are lowercased host names without ports. */
export function hostAllowed(header: string | undefined, names: ReadonlySet<string>): boolean {
  // HTTP/1.1 requires Host; Node tools without one are not browsers and cannot be rebound.
  if (header === undefined) return true;
  const name = hostName(header);
  if (name === '') return false;
  return isIP(name) !== 0 || name === 'localhost' || names.has(name);
}

/** A host name as --allowed-hosts takes it (letters, digits, dots, hyphens), or undefined. */
export function parseHostName(text: string): string | undefined {
  const t = text.trim().toLowerCase().replace(/\.$/, '');
  const label = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
  return t.length <= 253 && t.split('.').every((l) => label.test(l)) ? t : undefined;
}
