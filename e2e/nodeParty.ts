/**
 * `tabmpc party … --json` spawned as a user runs it (bench/cli.ts: real WebRTC through
 * node-datachannel), read line by line: its 'joined' line, then its runs.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

export interface NodeRun {
  ok: boolean;
  code?: string;
  message?: string;
  proposer: number;
  exp: { rounds: number; payloadBytesSent: number };
  x: number[] | null;
  y: number[];
  check: { withinTolerance: number; n: number; tolerance: number } | null;
  /** Per peer, the selected candidate pair's types (null while unknown). */
  paths: Record<string, { kind: 'direct' | 'relayed'; local: string; remote: string; protocol: string } | null>;
}

export interface NodePartyProcess {
  readonly child: ChildProcess;
  /** The next line whose `event` is `event` (earlier others are skipped). */
  next(event: string): Promise<Record<string, unknown>>;
}

export interface SpawnOptions {
  /** Run it in this network namespace (`ip netns exec`, root only). */
  readonly netns?: string;
  readonly env?: Record<string, string>;
}

/** `tabmpc party <args> --json`: its 'joined' line, then its runs, one by one. */
export function nodeParty(args: readonly string[], o: SpawnOptions = {}): NodePartyProcess {
  const cli = [join(root, 'node_modules', '.bin', 'tsx'), 'bench/cli.ts', 'party', ...args, '--json'];
  const [cmd, ...rest] = o.netns ? ['ip', 'netns', 'exec', o.netns, ...cli] : cli;
  const child = spawn(cmd!, rest, { cwd: root, env: { ...process.env, ...o.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += String(d)));
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  return {
    child,
    async next(event) {
      for (;;) {
        const r = await lines.next();
        if (r.done) throw new Error(`the Node party ended before its '${event}' line; stderr: ${stderr}`);
        const line = JSON.parse(r.value) as Record<string, unknown>;
        if (line['event'] === event) return line;
      }
    },
  };
}

export function exited(child: ChildProcess): Promise<number | null> {
  return child.exitCode !== null ? Promise.resolve(child.exitCode) : new Promise((resolve) => child.on('exit', resolve));
}
