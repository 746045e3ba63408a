/**
 * Two "machines" with no route to each other, and a server both can reach, all inside the e2e
 * suite's own loopback-only network namespace (e2e/run.sh), so no packet leaves this machine:
 *
 *   namespace A (10.77.1.2) ──veth── this namespace ──veth── namespace B (10.77.2.2)
 *                                    10.77.0.1 on lo: the app's server and coturn
 *
 * A and B each have a route to 10.77.0.1 only; this namespace does not forward, so A's packets to
 * B's network have no route (and B's to A's). A Chromium is started in A or B by a wrapper
 * script (`ip netns exec`) given to Playwright as the executable. Needs root, as the suite does.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const SERVER_IP = '10.77.0.1';

export interface Machine {
  readonly netns: string;
  readonly ip: string;
  /** A script that runs Chromium in this namespace (Playwright's executablePath). */
  readonly chromium: string;
}

export interface Networks {
  readonly a: Machine;
  readonly b: Machine;
  /** Give A and B a route to each other through this namespace (a direct path), or take it away. */
  setDirectRoute(on: boolean): void;
  teardown(): void;
}

function sh(cmd: string, args: readonly string[]): string {
  return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Why these tests cannot run here, or undefined when they can. */
/**
 * Fail (never skip) where namespaces cannot be made: a switched-off test proves nothing, and the
 * suite's own runner (e2e/run.sh, as root: CI) always can.
 */
export function requireNetns(): void {
  const why = netnsUnavailable();
  if (why !== undefined) throw new Error(`this test needs network namespaces: ${why}; run it through npm run test:e2e as root`);
}

function netnsUnavailable(): string | undefined {
  if (process.getuid?.() !== 0) return 'network namespaces need root (CI runs the suite as root)';
  if (process.env['TABMPC_E2E_NETNS'] !== '1') return 'not inside the loopback-only namespace of e2e/run.sh';
  try {
    sh('ip', ['netns', 'list']);
  } catch {
    return '`ip netns` does not work here';
  }
  return undefined;
}

/** Make namespaces A and B (names unique to this process: /var/run/netns is the host's). */
export function makeNetworks(): Networks {
  const dir = mkdtempSync(join(tmpdir(), 'tabmpc-netns-'));
  const made: string[] = [];
  const machine = (tag: 'a' | 'b', subnet: number): Machine => {
    const netns = `tabmpc-${process.pid}-${tag}`;
    const outer = `veth-${tag}`;
    const inner = `eth-${tag}`;
    const ip = `10.77.${subnet}.2`;
    sh('ip', ['netns', 'add', netns]);
    made.push(netns);
    sh('ip', ['link', 'add', outer, 'type', 'veth', 'peer', 'name', inner, 'netns', netns]);
    sh('ip', ['addr', 'add', `10.77.${subnet}.1/24`, 'dev', outer]);
    sh('ip', ['link', 'set', outer, 'up']);
    const inside = (...args: string[]): string => sh('ip', ['netns', 'exec', netns, 'ip', ...args]);
    inside('link', 'set', 'lo', 'up');
    inside('addr', 'add', `${ip}/24`, 'dev', inner);
    inside('link', 'set', inner, 'up');
    // the server's address only: no default route, so the other machine's network is unreachable
    inside('route', 'add', `${SERVER_IP}/32`, 'via', `10.77.${subnet}.1`);
    const chromium = join(dir, `chromium-${tag}`);
    writeFileSync(chromium, `#!/bin/sh\nexec ip netns exec ${netns} ${process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium'} "$@"\n`);
    chmodSync(chromium, 0o755);
    return { netns, ip, chromium };
  };
  try {
    sh('ip', ['addr', 'add', `${SERVER_IP}/32`, 'dev', 'lo']);
    const a = machine('a', 1);
    const b = machine('b', 2);
    let direct = false;
    const setDirectRoute = (on: boolean): void => {
      if (on === direct) return;
      writeFileSync('/proc/sys/net/ipv4/ip_forward', on ? '1' : '0');
      for (const [m, other, subnet] of [[a, b, 1], [b, a, 2]] as const) {
        const otherNet = other.ip.replace(/\.2$/, '.0/24');
        sh('ip', ['netns', 'exec', m.netns, 'ip', 'route', on ? 'add' : 'del', otherNet, 'via', `10.77.${subnet}.1`]);
      }
      direct = on;
    };
    writeFileSync('/proc/sys/net/ipv4/ip_forward', '0');
    return {
      a,
      b,
      setDirectRoute,
      teardown() {
        for (const ns of made) execFileSync('ip', ['netns', 'del', ns], { stdio: 'ignore' });
        execFileSync('ip', ['addr', 'del', `${SERVER_IP}/32`, 'dev', 'lo'], { stdio: 'ignore' });
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    for (const ns of made) execFileSync('ip', ['netns', 'del', ns], { stdio: 'ignore' });
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

/** True when `from` gets no answer from `toIp` on any port: there is no route between them. */
export function unreachable(from: Machine, toIp: string): boolean {
  try {
    sh('ip', ['netns', 'exec', from.netns, 'ip', 'route', 'get', toIp]);
    return false;
  } catch {
    return true;
  }
}

export interface Coturn {
  readonly url: string;
  readonly log: () => string;
  stop(): Promise<void>;
}

/** coturn (Debian's `turnserver`) on SERVER_IP, with TURN REST API credentials from `secret`. */
export async function startCoturn(secret: string, port = 3478): Promise<Coturn> {
  let out = '';
  const child: ChildProcess = spawn(
    'turnserver',
    [
      '-n', // no config file: everything is here
      `--listening-ip=${SERVER_IP}`,
      `--relay-ip=${SERVER_IP}`,
      `--listening-port=${port}`,
      '--min-port=49152',
      '--max-port=49252',
      '--use-auth-secret',
      `--static-auth-secret=${secret}`,
      '--realm=tabmpc.test',
      '--fingerprint',
      '--no-tls',
      '--no-dtls',
      '--no-cli',
      '--log-file=stdout',
      '--simple-log',
      `--pidfile=${join(tmpdir(), `tabmpc-turnserver-${process.pid}.pid`)}`,
      // coturn opens a user database even when the secret is all it needs: keep it out of /var/lib
      `--userdb=${join(tmpdir(), `tabmpc-turndb-${process.pid}`)}`,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const deadline = Date.now() + 15_000;
  while (!/Total (UDP|General) servers|listener opened on/i.test(out)) {
    if (child.exitCode !== null) throw new Error(`turnserver exited with ${child.exitCode}:\n${out}`);
    if (Date.now() > deadline) throw new Error(`turnserver did not start within 15 s:\n${out}`);
    await new Promise((ok) => setTimeout(ok, 100));
  }
  return {
    url: `turn:${SERVER_IP}:${port}?transport=udp`,
    log: () => out,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((ok) => child.once('exit', ok));
      child.kill('SIGTERM');
      await exited;
      for (const f of [`tabmpc-turndb-${process.pid}`, `tabmpc-turnserver-${process.pid}.pid`]) rmSync(join(tmpdir(), f), { force: true });
    },
  };
}
