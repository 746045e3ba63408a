/**
 * CLI entry (`npm start`): builds the app if needed, then serves it and the signaling endpoint.
 * Flags and environment variables: `npm start -- --help` (signaling/config.ts).
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureBuilt } from './build';
import { helpText, openFileLimit, parseConfig } from './config';
import { startServer } from './server';

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
  const { server: options, skipBuild, staticDir } = parsed.config;
  const fdLimit = openFileLimit();
  const maxConnections = options.maxConnections ?? 0;
  if (fdLimit !== undefined && maxConnections + FD_RESERVE > fdLimit) {
    console.error(
      `tabmpc: warning: the open-file limit is ${fdLimit}, too few for ${maxConnections} connections plus ${FD_RESERVE} for files; ` +
        `lower --max-connections or raise \`ulimit -n\` (at the limit, connections fail instead of being refused politely)`,
    );
  }
  if (staticDir === undefined && !skipBuild) ensureBuilt(root);
  const server = await startServer({ ...options, staticDir: staticDir ?? join(root, 'dist') });
  // e2e/global-setup.ts and the load driver wait for exactly this line.
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
