/**
 * `tabmpc compare`: bad input is one line and exit code 2; a real comparison of HEAD against this
 * checkout runs the command in both (a temporary git worktree) and removes the worktree afterwards.
 */
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import { main } from './cliMain';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
  const error = vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(a.join(' ')));
  try {
    return { code: await main(argv), out: out.join('\n'), err: err.join('\n') };
  } finally {
    log.mockRestore();
    error.mockRestore();
  }
}

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
