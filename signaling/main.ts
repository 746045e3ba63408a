/**
 * CLI entry (`npm start`): builds the app if needed, then serves it and the signaling endpoint.
 * Flags and environment variables: `npm start -- --help` (signaling/config.ts).
 */
import { hostname, networkInterfaces } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureBuilt } from './build';
import type { IceConfig } from './ice';
import { helpText, openFileLimit, parseConfig, type TlsChoice } from './config';
import { startServer } from './server';
import { readTlsPair, selfSignedPair, type TlsPair } from './tls';
import { servedUrls } from './urls';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Descriptors the process needs besides client sockets: files being served, stdio, Node's own. */
const FD_RESERVE = 64;

async function main(): Promise<void> {
  const parsed = parseConfig(process.argv.slice(2), process.env);
  if (parsed.kind === 'help') {
    process.stdout.write(helpText());
    return;
  }
  if (parsed.kind === 'error') {
    console.error(`tabmpc: ${parsed.message}`);
    process.exitCode = 2;
    return;
  }
  const { server: options, skipBuild, staticDir, tls: tlsChoice } = parsed.config;
  const fdLimit = openFileLimit();
  const maxConnections = options.maxConnections ?? 0;
  if (fdLimit !== undefined && maxConnections + FD_RESERVE > fdLimit) {
    console.error(
      `tabmpc: warning: the open-file limit is ${fdLimit}, too few for ${maxConnections} connections plus ${FD_RESERVE} for files; ` +
        `lower --max-connections or raise \`ulimit -n\` (at the limit, connections fail instead of being refused politely)`,
    );
  }
  const interfaces = networkInterfaces();
  const machine = hostname().toLowerCase();
  // This machine's own names are what people type on a LAN; other names only when allowed.
  const allowedHosts = [...(options.allowedHosts ?? []), machine, `${machine}.local`];
  let tls: TlsPair | undefined;
  try {
    tls = await loadTls(tlsChoice, [...allowedHosts, 'localhost', ...Object.values(interfaces).flatMap((l) => (l ?? []).map((a) => a.address))]);
  } catch (err) {
    console.error(`tabmpc: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 2;
    return;
  }
  if (staticDir === undefined && !skipBuild) ensureBuilt(root);
  let server: Awaited<ReturnType<typeof startServer>>;
  try {
    server = await startServer({ ...options, allowedHosts, ...(tls ? { tls } : {}), staticDir: staticDir ?? join(root, 'dist') });
  } catch (err) {
    const why = LISTEN_ERRORS[(err as NodeJS.ErrnoException).code ?? ''];
    if (!why) throw err;
    console.error(`tabmpc: cannot listen on ${options.host} port ${options.port}: ${why}`);
    process.exitCode = 2;
    return;
  }
  const urls = servedUrls(options.host, server.port, tls ? 'https' : 'http', interfaces);
  // e2e/global-setup.ts and the load driver wait for exactly this line.
  console.log(`TabMPC is running at ${urls[0] ?? server.url}`);
  for (const line of describeServing(urls.slice(1), tls, options.ice !== undefined ? describeIce(options.ice) : undefined, options.host)) console.log(line);
  const stop = (): void => {
    void server.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

/** A --host or --port the system will not give us is bad input: one line, exit 2. */
const LISTEN_ERRORS: Readonly<Record<string, string>> = {
  EADDRINUSE: 'the port is in use (another server?); pick another with --port',
  EADDRNOTAVAIL: 'no interface of this machine has that address (--host: one of its addresses, or 0.0.0.0 for all)',
  EACCES: 'permission denied (ports below 1024 need privileges; pick another with --port)',
  ENOTFOUND: 'the --host name does not resolve',
  EAI_AGAIN: 'the --host name does not resolve',
};

async function loadTls(choice: TlsChoice, names: readonly string[]): Promise<TlsPair | undefined> {
  if (choice.kind === 'files') return readTlsPair(choice.certFile, choice.keyFile);
  if (choice.kind === 'self-signed') return selfSignedPair(names);
  return undefined;
}

function describeServing(others: readonly string[], tls: TlsPair | undefined, ice: string | undefined, host: string): string[] {
  const lines: string[] = [];
  if (others.length > 0) lines.push('Other machines can open:', ...others.map((u) => `  ${u}`));
  if (tls?.selfSigned) {
    lines.push(`TLS: a self-signed certificate made for this run; browsers warn once. SHA-256 fingerprint ${tls.fingerprint}`);
  }
  const loopbackOnly = host === 'localhost' || host.startsWith('127.') || host === '::1';
  if (!tls && !loopbackOnly) {
    lines.push('Note: over plain http only this machine\'s own tabs (localhost) are cross-origin isolated; add --https for the others.');
  }
  lines.push(ice ?? (loopbackOnly ? 'ICE: none (tabs of this machine only)' : 'ICE: none: peers connect only within one network (--stun, --turn for NATs)'));
  return lines;
}

function describeIce(ice: IceConfig): string {
  const parts: string[] = [];
  if (ice.fixed.length > 0) parts.push(`${ice.fixed.length} from --ice-config`);
  if (ice.stun.length > 0) parts.push(`STUN ${ice.stun.join(', ')}`);
  if (ice.turn.length > 0) parts.push(`TURN ${ice.turn.join(', ')} (credentials valid ${ice.turnTtlSeconds} s, derived from the secret)`);
  return `ICE: ${parts.join('; ')}`;
}

main().catch((err: unknown) => {
  console.error(`TabMPC could not start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
