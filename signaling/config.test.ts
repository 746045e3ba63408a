import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { helpText, INT_FLAGS, parseConfig } from './config';
import { SERVER_DEFAULTS } from './server';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

describe('parseConfig', () => {
  it('gives the documented defaults with no flags and no environment', () => {
    const r = parseConfig([], {});
    expect(r.kind).toBe('ok');
    if (r.kind !== 'ok') return;
    expect(r.config.server).toMatchObject({ ...SERVER_DEFAULTS });
    expect(r.config.server.allowedOrigins).toBeUndefined();
    expect(r.config.skipBuild).toBe(false);
    expect(r.config.staticDir).toBeUndefined();
  });

  it('reads flags and environment; a flag wins over its variable', () => {
    const r = parseConfig(['--max-connections', '42', '--allowed-origins', 'https://a.example, http://b.example:8080/'], {
      TABMPC_MAX_CONNECTIONS: '7',
      TABMPC_MAX_PER_IP: '9',
      PORT: '0',
      HOST: '0.0.0.0',
      SKIP_BUILD: '1',
    });
    expect(r.kind).toBe('ok');
    if (r.kind !== 'ok') return;
    expect(r.config.server).toMatchObject({ maxConnections: 42, maxConnectionsPerIp: 9, port: 0, host: '0.0.0.0' });
    expect(r.config.server.allowedOrigins).toEqual(['https://a.example', 'http://b.example:8080']);
    expect(r.config.skipBuild).toBe(true);
  });

  it('refuses unknown flags, bad numbers and bad origins with one line', () => {
    const cases: [string[], Record<string, string>, RegExp][] = [
      [['--bogus'], {}, /Unknown option '--bogus'.*--help/],
      [['--port', '70000'], {}, /--port must be an integer from 0 to 65535, got "70000"/],
      [[], { PORT: '80a' }, /PORT must be an integer/],
      [['--rate=-1'], {}, /--rate must be an integer/],
      [['--rate', '1.5'], {}, /--rate must be an integer/],
      [['--max-message-bytes', '1048576'], {}, /queue limit .* at least twice the message limit/],
      [['--allowed-origins', 'https://a.example/path'], {}, /not scheme:\/\/host/],
      [[], { TABMPC_ALLOWED_ORIGINS: 'null' }, /not scheme:\/\/host/],
      [['extra'], {}, /Unexpected argument 'extra'/],
    ];
    for (const [argv, env, message] of cases) {
      const r = parseConfig(argv, env);
      expect(r.kind, argv.join(' ')).toBe('error');
      if (r.kind === 'error') {
        expect(r.message).toMatch(message);
        expect(r.message).not.toContain('\n');
      }
    }
  });

  it('reads TLS, allowed hosts and ICE servers from flags and environment', () => {
    const files: Record<string, string> = { '/ice.json': JSON.stringify({ iceServers: [{ urls: 'stun:fixed.example' }] }) };
    const read = (f: string): string => {
      const t = files[f];
      if (t === undefined) throw Object.assign(new Error('nope'), { code: 'ENOENT' });
      return t;
    };
    const r = parseConfig(
      ['--https', '--allowed-hosts', 'TabMPC.test,lab-pc', '--stun', 'stun:a.example', '--stun', 'stun:b.example:3478', '--turn', 'turn:t.example:3478?transport=udp', '--ice-config', '/ice.json', '--turn-ttl', '600'],
      { TABMPC_TURN_SECRET: 's3cret' },
      read,
    );
    expect(r.kind).toBe('ok');
    if (r.kind !== 'ok') return;
    expect(r.config.tls).toEqual({ kind: 'self-signed' });
    expect(r.config.server.allowedHosts).toEqual(['tabmpc.test', 'lab-pc']);
    expect(r.config.server.ice).toEqual({
      stun: ['stun:a.example', 'stun:b.example:3478'],
      turn: ['turn:t.example:3478?transport=udp'],
      turnSecret: 's3cret',
      turnTtlSeconds: 600,
      fixed: [{ urls: ['stun:fixed.example'] }],
    });
    const env = parseConfig([], { TABMPC_CERT: '/c.pem', TABMPC_KEY: '/k.pem', TABMPC_STUN: 'stun:a.example, stun:b.example' }, read);
    expect(env.kind === 'ok' && env.config.tls).toEqual({ kind: 'files', certFile: '/c.pem', keyFile: '/k.pem' });
    expect(env.kind === 'ok' && env.config.server.ice?.stun).toEqual(['stun:a.example', 'stun:b.example']);
    const none = parseConfig([], {}, read);
    expect(none.kind === 'ok' && [none.config.tls, none.config.server.ice, none.config.server.allowedHosts]).toEqual([{ kind: 'none' }, undefined, undefined]);
  });

  it('refuses bad TLS, host and ICE settings with one line', () => {
    const read = (f: string): string => {
      if (f === '/bad.json') return '[{"urls":"turn:t.example"}]';
      throw Object.assign(new Error('nope'), { code: 'ENOENT' });
    };
    const cases: [string[], Record<string, string>, RegExp][] = [
      [['--cert', '/c.pem'], {}, /--cert and --key go together/],
      [['--allowed-hosts', 'http://x.example'], {}, /allowed host "http:\/\/x.example" is not a host name/],
      [['--stun', 'stun.example:3478'], {}, /--stun: "stun.example:3478" is not a STUN URL/],
      [['--turn', 'turn:t.example'], {}, /--turn needs --turn-secret/],
      [['--turn-secret', 'x'], {}, /--turn-secret without --turn/],
      [['--turn', 'turn:t.example', '--turn-secret', 'x', '--turn-ttl', '5'], {}, /--turn-ttl must be seconds from 60/],
      [['--ice-config', '/missing.json'], {}, /--ice-config: cannot read \/missing.json \(ENOENT\)/],
      [['--ice-config', '/bad.json'], {}, /--ice-config: \/bad.json entry 0: a TURN server needs "username" and "credential"/],
      [['--https=yes'], {}, /--https.*does not take an argument/],
    ];
    for (const [argv, env, message] of cases) {
      const r = parseConfig(argv, env, read);
      expect(r.kind, argv.join(' ')).toBe('error');
      if (r.kind === 'error') {
        expect(r.message).toMatch(message);
        expect(r.message).not.toContain('\n');
      }
    }
  });

  it('documents every flag with its variable and default in --help', () => {
    const text = helpText();
    for (const f of INT_FLAGS) {
      expect(text).toContain(`--${f.flag} N`);
      expect(text).toContain(f.env);
      expect(text).toMatch(new RegExp(`--${f.flag} N .*\\(default ${SERVER_DEFAULTS[f.option]}\\)`));
    }
    for (const s of ['--host', 'HOST', '--allowed-origins', 'TABMPC_ALLOWED_ORIGINS', '--static-dir', '--skip-build', 'SKIP_BUILD']) expect(text).toContain(s);
    for (const s of ['--allowed-hosts', '--https', '--cert FILE', '--key FILE', '--stun URL', '--turn URL', '--turn-secret', '--turn-ttl', '--ice-config FILE', 'TABMPC_TURN_SECRET']) expect(text).toContain(s);
  });
});

describe('npm start (signaling/main.ts)', () => {
  const run = (args: string[]): ReturnType<typeof spawnSync> =>
    spawnSync(process.execPath, ['--import', 'tsx', 'signaling/main.ts', ...args], {
      cwd: root,
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', SKIP_BUILD: '1' },
      encoding: 'utf8',
      timeout: 20_000,
    });

  it('exits 2 with one line, no stack trace, on an unknown flag', () => {
    const r = run(['--max-conections', '5']);
    expect(r.status).toBe(2);
    expect(String(r.stderr).trim()).toBe("tabmpc: Unknown option '--max-conections' (see --help)");
    expect(String(r.stdout)).toBe('');
  });

  it('exits 2 with one line on a bad ICE or TLS setting', () => {
    const r = run(['--turn', 'turn:127.0.0.1:3478']);
    expect(r.status).toBe(2);
    expect(String(r.stderr).trim()).toMatch(/^tabmpc: --turn needs --turn-secret [^\n]*$/);
    const cert = run(['--cert', '/nonexistent/cert.pem', '--key', '/nonexistent/key.pem']);
    expect(cert.status).toBe(2);
    expect(String(cert.stderr).trim()).toBe('tabmpc: cannot read the certificate /nonexistent/cert.pem: ENOENT');
  });

  it('exits 2 with one line when it cannot listen where it was told', () => {
    // TEST-NET-2 (RFC 5737): an address no machine here has; nothing is sent anywhere
    const r = run(['--host', '198.51.100.7', '--static-dir', root]);
    expect(r.status).toBe(2);
    expect(String(r.stderr).trim()).toBe('tabmpc: cannot listen on 198.51.100.7 port 0: no interface of this machine has that address (--host: one of its addresses, or 0.0.0.0 for all)');
  });

  it('prints the flags and exits 0 on --help', () => {
    const r = run(['--help']);
    expect(r.status).toBe(0);
    expect(String(r.stdout)).toContain('--max-connections N');
    expect(String(r.stdout)).toContain('TABMPC_MAX_CONNECTIONS');
  });
});
