/**
 * The CLI's answers to bad input: one line on stderr and exit code 2, never a stack trace; and
 * `--help` on every command. The party's server errors come from a real signaling server on
 * 127.0.0.1; one case runs the CLI as a child process, as a user would. `compare` runs a real
 * comparison of HEAD against this checkout (a temporary git worktree, removed afterwards).
 */
import { execFile, execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startServer, type RunningServer } from '../signaling/server';
import { Client } from '../signaling/testClient';
import { COMMAND_HELP } from './cliHelp';
import { main } from './cliMain';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Run the CLI in process: its exit code and what it printed on stdout and stderr. */
async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
  const error = vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(a.join(' ')));
  try {
    const code = await main(argv);
    return { code, out: out.join('\n'), err: err.join('\n') };
  } finally {
    log.mockRestore();
    error.mockRestore();
  }
}

/** Exit code 2 and exactly one line on stderr, matching `line`. */
async function refused(argv: string[], line: RegExp): Promise<void> {
  const r = await cli(...argv);
  expect(r.code).toBe(2);
  expect(r.err.split('\n')).toHaveLength(1);
  expect(r.err).toMatch(line);
  expect(r.err).not.toMatch(/\n\s+at /);
}

describe('tabmpc --help', () => {
  it('lists the commands, and prints each command its own options', async () => {
    const top = await cli('--help');
    expect(top.code).toBe(0);
    for (const cmd of Object.keys(COMMAND_HELP)) expect(top.out).toContain(`  ${cmd} `);
    for (const [cmd, text] of Object.entries(COMMAND_HELP)) {
      for (const flag of ['--help', '-h']) {
        const r = await cli(cmd, '--n', '5', flag);
        expect(r).toEqual({ code: 0, out: text, err: '' });
      }
    }
  });
});

describe('tabmpc bench --mul-open', () => {
  it('times checked multiplications with their exact rounds and bytes', async () => {
    for (const [field, bytes] of [['FM64', 24], ['FM128', 48]] as const) {
      const r = await cli('bench', '--mul-open', '--field', field, '--n', '1000', '--reps', '3');
      expect(r.code, r.err).toBe(0);
      expect(r.out).toContain(`${field}, 2 parties in one process, n = 1000`);
      // tree | medianMs | minMs | maxMs | mulsPerSec | medianCpuMs | rounds | bytesSentPerElement: one
      // round for mul_aa's e and d and one for a2p; 2 elements sent in the first, 1 in the second
      const row = r.out.split('\n').find((l) => l.startsWith('| this |'))!.split('|').map((c) => c.trim());
      expect(row.slice(7, 9)).toEqual(['2', String(bytes)]);
      expect(Number(row[5])).toBeGreaterThan(0);
    }
  });
});

describe('tabmpc: bad input is one line and exit code 2', () => {
  it('an unknown command or flag, a bad value, no command', async () => {
    await refused(['frobnicate'], /^tabmpc: unknown command 'frobnicate'; commands: ops, cost, eval, ledger, bench, party/);
    await refused(['cost', '--nn', '3'], /^tabmpc cost: unknown option --nn; known: .*\(npm run -s tabmpc -- cost --help\)$/);
    await refused(['bench', '--net', 'fast'], /^tabmpc bench: --net must be one of /);
    await refused(['bench', '--mul-open', '--field', 'FM32'], /^tabmpc bench: --field must be one of FM64, FM128; got 'FM32'/);
    await refused(['bench', '--mul-open', '--reps', '2'], /^tabmpc bench: --reps must be at least 3/);
    await refused(['bench', '--mul-open', '--against', join(root, 'no-such-dir')], /^tabmpc bench: --against: '.*no-such-dir' is not a TabMPC checkout/);
    await refused(['ops', '--n', '-4'], /^tabmpc ops: --n needs a positive integer, got '-4'/);
    await refused(['party', '--url', 'http://127.0.0.1:1/', '--create', '2', '--lo', '-4'], /^tabmpc party: write a negative value as --lo=-4/);
    expect((await cli()).code).toBe(2);
  });

  it('party: a missing or bad URL, a bad room, both or neither of --room and --create', async () => {
    await refused(['party', '--room', 'a'.repeat(32)], /^tabmpc party: --url is required/);
    await refused(['party', '--url', 'not a url', '--create', '2'], /^tabmpc party: --url: 'not a url' is not a URL/);
    await refused(['party', '--url', 'ftp://127.0.0.1/', '--create', '2'], /is not an http\(s\):\/\/ or ws\(s\):\/\/ address/);
    await refused(['party', '--url', 'http://127.0.0.1:1/', '--room', 'xyz'], /--room: 'xyz' is not a room id/);
    await refused(['party', '--url', 'http://127.0.0.1:1/', '--room', 'a'.repeat(32), '--create', '2'], /either --room .* or --create, not both/);
    await refused(['party', '--url', 'http://127.0.0.1:1/'], /give --room ID .* or --create N/);
    await refused(['party', '--url', 'http://127.0.0.1:1/', '--create', '9'], /--create needs 2 to 5 parties, got 9/);
    await refused(['party', '--url', 'http://127.0.0.1:1/', '--create', '2', '--n', '10'], /--n sets a run this party proposes: give --method too/);
  });

  describe('party against a real signaling server', () => {
    let server: RunningServer;
    const clients: Client[] = [];
    beforeAll(async () => {
      server = await startServer({ port: 0, host: '127.0.0.1' });
    });
    afterEach(() => {
      for (const c of clients.splice(0)) c.ws.terminate();
    });
    afterAll(async () => {
      await server.close();
    });

    it('an unreachable server', async () => {
      // a port nothing listens on: the one this server had before it moved is not known, so
      // take a fresh server's and close it
      const gone = await startServer({ port: 0, host: '127.0.0.1' });
      const url = gone.url;
      await gone.close();
      await refused(['party', '--url', url, '--create', '2'], /^tabmpc party: cannot reach the signaling server at ws:\/\/127\.0\.0\.1:\d+\/signal$/);
    });

    it('an unknown room, and a full one', async () => {
      await refused(['party', '--url', server.url, '--room', '0'.repeat(32)], /^tabmpc party: room 0{32}: This room does not exist any more/);
      const a = await Client.open(server.url);
      clients.push(a);
      a.ws.send(JSON.stringify({ type: 'create', capacity: 2 }));
      const joined = await a.next('joined');
      const b = await Client.open(server.url);
      clients.push(b);
      b.ws.send(JSON.stringify({ type: 'join', room: joined.room }));
      await b.next('joined');
      await refused(['party', '--url', `${server.url}?room=${joined.room}`], new RegExp(`^tabmpc party: room ${joined.room}: This room is full\\.`));
    });
  });

  it('as a child process: one line, exit code 2, no stack trace', async () => {
    const { code, stderr, stdout } = await new Promise<{ code: number | null; stderr: string; stdout: string }>((resolve) => {
      const child = execFile(join(root, 'node_modules', '.bin', 'tsx'), ['bench/cli.ts', 'party', '--url', 'http://127.0.0.1:1/', '--create', '2', '--bogus'], { cwd: root }, (_e, stdout, stderr) =>
        resolve({ code: child.exitCode, stderr, stdout }),
      );
    });
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^tabmpc party: unknown option --bogus; known: --url --room --create .*\n$/);
  });
});

const worktrees = (): string => execFileSync('git', ['-C', root, 'worktree', 'list'], { encoding: 'utf8' });

describe('tabmpc compare', () => {
  it('refuses what it cannot compare, in one line with exit code 2', async () => {
    for (const [argv, line] of [
      [['compare', '--ref', 'HEAD', 'cost'], /^tabmpc compare: give the command to compare after --/],
      [['compare', '--', 'cost'], /^tabmpc compare: --ref is required/],
      [['compare', '--ref', 'HEAD', '--', 'party', '--url', 'x'], /^tabmpc compare: the command to compare must be one of ops, cost, eval, ledger, bench; got 'party'/],
      [['compare', '--ref', 'no-such-ref-anywhere', '--', 'cost'], /^tabmpc compare: 'no-such-ref-anywhere' is not a commit of this repository/],
    ] as const) {
      const r = await cli(...argv);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(line);
      expect(r.err.split('\n')).toHaveLength(1);
    }
  });

  it('runs the command in both checkouts, alternately, and finds the same costs in both', async () => {
    const worktreesBefore = worktrees();
    const r = await cli('compare', '--ref', 'HEAD', '--reps', '1', '--json', '--', 'ops', '--op', 'mul_aa', '--n', '10');
    expect(r.code).toBe(0);
    const got = JSON.parse(r.out) as { figures: { label: string; before: number[]; after: number[]; exact: boolean }[]; onlyBefore: string[]; onlyAfter: string[] };
    expect(r.err.split('\n').map((l) => l.replace(/\(.*\)/, ''))).toEqual([
      'compare: run 1 of 1, before : ops --op mul_aa --n 10 --json',
      'compare: run 1 of 1, after : ops --op mul_aa --n 10 --json',
    ]);
    const bytes = got.figures.find((f) => /mul_aa.*bytesSentPerElement/.test(f.label));
    // FM128 Beaver multiplication: e and d, 16 bytes each, to the other party
    expect(bytes).toMatchObject({ before: [32], after: [32], exact: true });
    expect(got.onlyBefore).toEqual([]);
    expect(got.onlyAfter).toEqual([]);
    expect(worktrees()).toBe(worktreesBefore);
  }, 60_000);
});
