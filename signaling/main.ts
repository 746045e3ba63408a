/**
 * CLI entry (`npm start`): builds the app if needed, then serves it and the signaling endpoint.
 * Env: PORT (default 8080, 0 = any free port), HOST (default 127.0.0.1), SKIP_BUILD=1.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureBuilt } from './build';
import { startServer } from './server';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

async function main(): Promise<void> {
  const port = process.env['PORT'] === undefined ? 8080 : Number(process.env['PORT']);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be 0..65535, got ${process.env['PORT']}`);
  const host = process.env['HOST'] ?? '127.0.0.1';
  if (process.env['SKIP_BUILD'] !== '1') ensureBuilt(root);
  const server = await startServer({ port, host, staticDir: join(root, 'dist') });
  console.log(`TabMPC is running at ${server.url}`);
  const stop = (): void => {
    void server.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error(`TabMPC could not start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
