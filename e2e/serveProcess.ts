/**
 * `npm start` as a user runs it (signaling/main.ts), with flags, serving the e2e build: for the
 * specs that need a server set up differently from the suite's own (TLS, another address, TURN).
 */
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { E2E_OUT_DIR } from '../signaling/build';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

export interface ServeProcess {
  /** The first URL it printed (`TabMPC is running at …`). */
  readonly url: string;
  /** Everything it printed so far. */
  readonly output: () => string;
  stop(): Promise<void>;
}

/**
 * Start `npm start -- <args> --static-dir dist-e2e` and wait for its URL and the rest of its
 * start-up text, which ends with the ICE line (signaling/main.ts): the lines may reach the pipe in
 * separate chunks, and a caller reading `output()` must see them all.
 */
export async function serve(args: readonly string[], env: Record<string, string> = {}): Promise<ServeProcess> {
  const child = spawn(join(root, 'node_modules', '.bin', 'tsx'), ['signaling/main.ts', ...args, '--static-dir', join(root, E2E_OUT_DIR)], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const deadline = Date.now() + 60_000;
    const timer = setInterval(() => {
      const m = /running at (https?:\/\/\S+\/)/.exec(out);
      if (m?.[1] && /^ICE: .*$/m.test(out)) {
        clearInterval(timer);
        resolve(m[1]);
      } else if (child.exitCode !== null || Date.now() > deadline) {
        clearInterval(timer);
        child.kill('SIGTERM');
        reject(new Error(`npm start ${child.exitCode === null ? 'printed no URL within 60 s' : `exited with ${child.exitCode}`}:\n${out}`));
      }
    }, 50);
  });
  return {
    url,
    output: () => out,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((ok) => child.once('exit', ok));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
