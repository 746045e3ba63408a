/**
 * The e2e suite's server (started by global-setup.ts): the real signaling server serving the e2e
 * build of the app (`vite build --mode e2e`, built here if missing or stale, as `npm start` does
 * for dist/), the only build in which the `?e2e` switches and hooks exist (src/app/e2eSwitches.ts).
 * Env: PORT (0 = any free port), HOST. Prints the URL as `npm start` does.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { E2E_OUT_DIR, ensureBuilt } from '../signaling/build';
import { startServer } from '../signaling/server';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

async function main(): Promise<void> {
  const port = Number(process.env['PORT'] ?? 0);
  const host = process.env['HOST'] ?? '127.0.0.1';
  ensureBuilt(root, console.log, { mode: 'e2e', outDir: E2E_OUT_DIR });
  const server = await startServer({ port, host, staticDir: join(root, E2E_OUT_DIR) });
  console.log(`TabMPC (e2e build) is running at ${server.url}`);
  const stop = (): void => {
    void server.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error(`TabMPC (e2e build) could not start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
