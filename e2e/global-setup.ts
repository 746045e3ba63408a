/**
 * Starts the real server on 127.0.0.1 with a free port, for the whole suite, serving the e2e build
 * of the app (e2e/server.ts: like `npm start`, build if stale, then serve it and /signal; but the
 * build is `vite build --mode e2e`, the only one with the `?e2e` switches and hooks, never dist/).
 * The URL reaches the tests as TABMPC_URL.
 */
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

export default async function globalSetup(): Promise<() => Promise<void>> {
  const tsx = join(root, 'node_modules', '.bin', 'tsx');
  const child = spawn(tsx, ['e2e/server.ts'], {
    cwd: root,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`server did not start within 120 s; output:\n${out}`)), 120_000);
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /running at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}; output:\n${out}`));
    });
  });
  // Keep draining the server's join/leave log so its pipe never fills.
  child.stdout.on('data', (d: Buffer) => {
    if (process.env['TABMPC_E2E_SERVER_LOG']) process.stdout.write(`[server] ${d.toString()}`);
  });
  process.env['TABMPC_URL'] = url;
  return async () => {
    child.kill('SIGTERM');
    await new Promise((ok) => child.once('exit', ok));
  };
}
